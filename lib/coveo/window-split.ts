import {type ErrorContext, ProtocolError, RequestFailure} from '../core/errors.js';
import type {ResolvedQuery} from './export-options.js';
import type {CoveoRequester, OnRetry} from './requester.js';
import {windowParams} from './wire.js';

/**
 * Where the next job's sub-window ends. Coveo truncates an export at the organization's row limit
 * (`GET /v15/exports/rowLimit`), so the window `[from, end)` is halved, by the rows
 * `GET /v15/exports/estimate` gives (summed over the tables), until one job holds it: consecutive
 * sub-windows, planned one at a time as the stream reaches them (a resumed stream plans the rest
 * of the window again, from where its cursor stands).
 */
export class WindowSplitter {
  readonly #requester: CoveoRequester;
  readonly #query: ResolvedQuery;
  readonly #method: string;
  #limit: number | undefined;

  constructor(requester: CoveoRequester, query: ResolvedQuery, method: string) {
    this.#requester = requester;
    this.#query = query;
    this.#method = method;
  }

  /** The end of the largest `[from, to)` with `to` = `end`, `end` halved, ... whose estimate fits the limit. */
  async endOf(from: number, end: number, signal: AbortSignal, onRetry: OnRetry): Promise<number> {
    const limit = await this.rowLimit(signal, onRetry);
    let to = end;
    for (;;) {
      const rows = await this.estimate(from, to, signal, onRetry);
      if (rows <= limit) {
        return to;
      }
      const half = from + Math.floor((to - from) / 2);
      if (half === from) {
        throw new RequestFailure(
          'ERR_EXPORT_TOO_LARGE',
          this.#context('/estimate'),
          `failed: ${rows} rows in the millisecond from ${new Date(from).toISOString()} exceed the row limit per export (${limit}); no split can export them whole`,
        );
      }
      to = half;
    }
  }

  /** The organization's maximum rows per export (asked once per stream). */
  async rowLimit(signal: AbortSignal, onRetry: OnRetry): Promise<number> {
    if (this.#limit === undefined) {
      const body = await this.#requester.json({method: this.#method, path: '/rowLimit'}, signal, onRetry);
      const limit = (body as {exportRowCountLimit?: unknown} | undefined)?.exportRowCountLimit;
      if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
        throw new ProtocolError(
          this.#context('/rowLimit'),
          'the answer has no positive integer `exportRowCountLimit`',
        );
      }
      this.#limit = limit;
    }
    return this.#limit;
  }

  /** The rows an export of `[from, to)` would hold: the sum of the estimate's counts. */
  async estimate(from: number, to: number, signal: AbortSignal, onRetry: OnRetry): Promise<number> {
    const params = windowParams(this.#query, from, to);
    const body = await this.#requester.json(
      {method: this.#method, path: '/estimate', params},
      signal,
      onRetry,
    );
    const estimates = (body as {estimates?: unknown} | undefined)?.estimates;
    const counts =
      typeof estimates === 'object' && estimates !== null ? Object.values(estimates) : [undefined];
    if (!counts.every((count) => typeof count === 'number' && count >= 0)) {
      throw new ProtocolError(
        this.#context('/estimate'),
        'the answer has no `estimates` object of row counts',
      );
    }
    return (counts as number[]).reduce((sum, count) => sum + count, 0);
  }

  #context(path: string): ErrorContext {
    const url = this.#requester.url(path);
    return {method: this.#method, path: url.pathname + url.search, httpMethod: 'GET'};
  }
}

import {InvalidOptionError, ProtocolError} from '../core/errors.js';
import {ExportStream} from '../core/export-stream.js';
import {pickStreamOptions} from '../core/stream-options.js';
import {knownKeys, objectOption, signalOption, stringOption} from '../core/validate.js';
import {CoveoConfiguration, type CoveoConfigurationParameters, httpSettings} from './configuration.js';
import {decodeCursor} from './cursor.js';
import {
  type CoveoExportQuery,
  type CoveoRowsOptions,
  resolveQuery,
  resolveRowsOptions,
} from './export-options.js';
import {exportObject} from './job.js';
import {CoveoRequester, contextOf} from './requester.js';
import {CoveoRowSource} from './row-source.js';
import type {CoveoEstimate, CoveoExport, CoveoRow} from './types.js';
import {WindowSplitter} from './window-split.js';
import {createParams, windowParams} from './wire.js';

/** Options of the promise methods of {@link CoveoApi}. */
export type CoveoCallOptions = {
  /** Aborting it cancels the request (and any retry wait) and rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
};

/** What {@link CoveoApi.estimate} takes: the window, the tables and the filters of an export. */
export type CoveoEstimateQuery = Pick<CoveoExportQuery, 'from' | 'to' | 'tables' | 'filters'>;

const noRetryReport = () => {};

/**
 * Coveo's Usage Analytics Read API exports (v15). {@link exportRows} turns an export job into one lazy,
 * backpressured, resumable stream of CSV rows; the promise methods cover the rest of the API.
 *
 * @example
 * ```ts
 * const api = new CoveoApi({accessToken: process.env.COVEO_ACCESS_TOKEN});
 * const rows = api.exportRows({from: '2026-11-01', to: '2026-11-24', tables: ['SEARCHES', 'CLICKS']});
 * rows.on('status', ({exportId, status}) => console.error(exportId, status));
 * for await (const row of rows) console.log(row.table, row.searchId);
 * ```
 */
export class CoveoApi {
  readonly configuration: CoveoConfiguration;
  readonly #requester: CoveoRequester;

  constructor(configuration: CoveoConfigurationParameters | CoveoConfiguration) {
    this.configuration =
      configuration instanceof CoveoConfiguration ? configuration : new CoveoConfiguration(configuration);
    this.#requester = new CoveoRequester(this.configuration, httpSettings(this.configuration));
  }

  /**
   * Streams the rows of an export: creates the job (`POST /v15/exports`) when the consumer first
   * reads, polls it until it is `AVAILABLE` (emitting `'status'` events), downloads its zip through
   * the redirect to storage (without the `Authorization` header) and hands over each CSV row as
   * `{table, ...header → value}`, file after file.
   *
   * When the window holds more rows than the organization's limit per export (the estimate against
   * `GET /v15/exports/rowLimit`), it is split into consecutive sub-windows, one job each, read in
   * order; `split: false` turns this off. A `'checkpoint'` cursor names the job, the file and the row:
   * a stream given it reopens that job (a fresh link), skips exactly the rows delivered, and goes on.
   *
   * Errors: a `FAILED` job is `ERR_EXPORT_JOB_FAILED`; a job that `EXPIRED` before a resume read it,
   * `ERR_EXPORT_JOB_EXPIRED`; a job still pending after `maxWait`, `ERR_EXPORT_JOB_TIMEOUT` (the job
   * goes on: stream it later with `exportId`). A link that expired (storage 403) is replaced by a
   * fresh one; a transfer cut short is resumed; 429 and 5xx answers are retried.
   *
   * @throws InvalidOptionError at the call for a bad option, or a cursor of another export.
   */
  exportRows(options: CoveoRowsOptions): ExportStream<CoveoRow> {
    const plan = resolveRowsOptions(options);
    const given = options as Record<string, unknown>;
    if (given.cursor !== undefined) {
      const position = decodeCursor(stringOption('cursor', given.cursor));
      if (position.query !== plan.fingerprint) {
        throw new InvalidOptionError(
          'cursor',
          'a cursor of an export with the same window, tables, dimensions, filters, format and exportId',
          given.cursor,
        );
      }
    }
    const method = 'exportRows';
    const source = new CoveoRowSource(this.#requester, plan, method);
    return new ExportStream<CoveoRow>(source, pickStreamOptions(options), {method, path: '/v15/exports'});
  }

  /**
   * Creates an export job (`POST /v15/exports`) and returns it, normally `PENDING`. Read it later with
   * `exportRows({exportId})`.
   *
   * @throws InvalidOptionError at the call (not as a rejected promise) for a bad query.
   */
  createExport(query: CoveoExportQuery, options: CoveoCallOptions = {}): Promise<CoveoExport> {
    const checked = resolveQuery(objectOption('query', query));
    const signal = signalOf(options);
    const call = {
      method: 'createExport',
      httpMethod: 'POST' as const,
      path: '',
      params: createParams(checked, checked.from, checked.to),
    };
    const context = contextOf(call, this.#requester.url('', call.params));
    return this.#requester.json(call, signal, noRetryReport).then((body) => exportObject(body, context));
  }

  /** Fetches an export job (`GET /v15/exports/{id}`): its status, size, tables... */
  getExport(exportId: string, options: CoveoCallOptions = {}): Promise<CoveoExport> {
    const path = `/${encodeURIComponent(stringOption('exportId', exportId))}`;
    const signal = signalOf(options);
    const context = contextOf({method: 'getExport'}, this.#requester.url(path));
    return this.#requester
      .json({method: 'getExport', path}, signal, noRetryReport)
      .then((body) => exportObject(body, context));
  }

  /** Lists the organization's export jobs (`GET /v15/exports`). */
  listExports(options: CoveoCallOptions = {}): Promise<CoveoExport[]> {
    const signal = signalOf(options);
    return this.#requester.json({method: 'listExports', path: ''}, signal, noRetryReport).then((body) => {
      if (!Array.isArray(body)) {
        throw new ProtocolError(
          contextOf({method: 'listExports'}, this.#requester.url('')),
          'the answer is not an array of exports',
        );
      }
      return body as CoveoExport[];
    });
  }

  /** Deletes an export job and its file (`DELETE /v15/exports/{id}`). */
  deleteExport(exportId: string, options: CoveoCallOptions = {}): Promise<void> {
    const path = `/${encodeURIComponent(stringOption('exportId', exportId))}`;
    const signal = signalOf(options);
    return this.#requester
      .json({method: 'deleteExport', httpMethod: 'DELETE', path}, signal, noRetryReport)
      .then(() => undefined);
  }

  /** The rows an export of the window would hold, by event type (`GET /v15/exports/estimate`). */
  estimate(query: CoveoEstimateQuery, options: CoveoCallOptions = {}): Promise<CoveoEstimate> {
    const given = objectOption('query', query);
    knownKeys('query', given, ['from', 'to', 'tables', 'filters']);
    const checked = resolveQuery(given);
    const params = windowParams(checked, checked.from, checked.to);
    const signal = signalOf(options);
    return this.#requester
      .json({method: 'estimate', path: '/estimate', params}, signal, noRetryReport)
      .then((body) => {
        const estimates = (body as {estimates?: unknown} | undefined)?.estimates;
        if (typeof estimates !== 'object' || estimates === null) {
          throw new ProtocolError(
            contextOf({method: 'estimate'}, this.#requester.url('/estimate', params)),
            'the answer has no `estimates` object',
          );
        }
        return body as CoveoEstimate;
      });
  }

  /** The organization's maximum rows per export (`GET /v15/exports/rowLimit`). */
  rowLimit(options: CoveoCallOptions = {}): Promise<number> {
    const signal = signalOf(options);
    const splitter = new WindowSplitter(this.#requester, resolveQuery({from: 0, to: 1}), 'rowLimit');
    return splitter.rowLimit(signal, noRetryReport);
  }
}

function signalOf(options: CoveoCallOptions): AbortSignal {
  const given = objectOption('options', options);
  knownKeys('options', given, ['signal']);
  return given.signal === undefined ? new AbortController().signal : signalOption('signal', given.signal);
}

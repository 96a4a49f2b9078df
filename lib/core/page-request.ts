import {scanEnvelope} from './cursor-scan.js';
import type {ErrorContext} from './errors.js';
import {ProtocolError, RequestError} from './errors.js';
import {type HttpRequest, type HttpSettings, type OkResponse, send, withDeadline} from './http.js';
import {bodyStream, classifyBody, DEFAULT_MAX_TEXT_BYTES, discard, parseJson, readText} from './http-body.js';
import {IncompleteBodyError, type PageEnvelope, parsePageIncrementally} from './incremental-parser.js';
import {type RetryPolicy, withRetry} from './retry.js';
import type {FetchPage, PageResult} from './types.js';

/**
 * How a page body is parsed. `'json'` buffers the body and runs `JSON.parse` (fastest for pages
 * that fit in memory); `'incremental'` hands each item over as soon as it is parsed (first item
 * sooner, one item in memory at a time, but slower per item).
 */
export type PageParser = 'json' | 'incremental';

/** Everything a page request needs besides its URL. */
export type PageRequestSettings = HttpSettings & {
  readonly parser: PageParser;
  readonly retry: RetryPolicy;
};

/**
 * What a provider says about its JSON pages: where the items and the cursor are, how a whole body
 * becomes a page, and what makes an item valid. Thrown errors should be {@link ProtocolError}s.
 */
export type JsonPageFormat<T> = {
  /**
   * The member names of the items and the cursor. `page` must return the cursor member's value
   * unchanged as `nextCursor`: it is also read from the raw body before parsing (see
   * {@link scanEnvelope}), so that the next request starts before `JSON.parse` of the whole page.
   */
  readonly envelope: PageEnvelope;
  /** Checks a whole parsed body and returns the page (items not yet checked). */
  readonly page: (
    body: unknown,
    context: ErrorContext,
  ) => {items: readonly unknown[]; nextCursor: string | null | undefined};
  /** Checks one item at `index` of the page (e.g. "must be an object"), returning it typed. */
  readonly item: (value: unknown, index: number, context: ErrorContext) => T;
};

const transientReasons = new Set(['truncated', 'malformed-json']);

/**
 * Builds a {@link FetchPage} over HTTP for APIs whose pages are JSON envelopes: one request per
 * attempt under the request deadline, parsed as configured, retried by the policy. A retry after a
 * partly delivered page (incremental parsing) skips the items already handed over, so no item is
 * repeated or lost, provided the server returns the same items for the same cursor, which is what
 * a cursor means.
 */
export function httpPageFetcher<T>(
  pageRequest: (cursor: string | undefined) => HttpRequest,
  settings: PageRequestSettings,
  method: string,
  format: JsonPageFormat<T>,
): FetchPage<T> {
  return (cursor, signal, hooks) => {
    const call = pageRequest(cursor);
    const context: ErrorContext = {
      method,
      path: call.url.pathname + call.url.search,
      httpMethod: call.method ?? 'GET',
    };
    let delivered = 0;
    const announce = hooks.nextCursor;
    let announced = false;
    const attempt = (attemptSignal: AbortSignal): Promise<PageResult<T>> =>
      withDeadline(settings, attemptSignal, context, async (deadline) => {
        const response = await send(call, settings, deadline, context);
        if (settings.parser === 'json' && !tooLargeForText(response, settings)) {
          const text = await readText(response, settings, deadline, context);
          if (announce !== undefined && !announced) {
            const scanned = scanEnvelope(text, format.envelope);
            if (scanned?.hasItems && typeof scanned.nextCursor === 'string' && scanned.nextCursor !== '') {
              // undici hands this connection back to its pool one turn after the body ends: announced
              // sooner, the next request would open a second connection (a TLS handshake, in real life).
              await nextTurn();
              deadline.throwIfAborted();
              // Once per page, even across attempts: the stream checks the result against it.
              announced = true;
              announce(scanned.nextCursor);
              // JSON.parse on the next turn: the request just started reaches the socket first.
              await nextTurn();
              deadline.throwIfAborted();
            }
          }
          const body = parseJson(text, context);
          const page = format.page(body, context);
          return {
            items: page.items.map((item, index) => format.item(item, index, context)),
            nextCursor: page.nextCursor,
          };
        }
        let seen = 0;
        const body = bodyStream(response, context);
        try {
          const end = await parsePageIncrementally(
            body,
            (value) => {
              const item = format.item(value, seen, context);
              seen++;
              if (seen > delivered) {
                delivered++;
                hooks.item(item);
              }
            },
            format.envelope,
          );
          return {nextCursor: end.nextCursor};
        } catch (error) {
          body.destroy();
          discard(response);
          throw incrementalFailure(error, deadline, context);
        }
      });
    return withRetry(() => attempt(signal), settings.retry, signal, hooks.retry);
  };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function incrementalFailure(error: unknown, signal: AbortSignal, context: ErrorContext): unknown {
  if (!(error instanceof IncompleteBodyError)) {
    return classifyBody(error, signal, context);
  }
  // A body cut short may come whole next time; a complete body of the wrong shape will not.
  return transientReasons.has(error.reason)
    ? new RequestError('ERR_EXPORT_BAD_RESPONSE', context, `the body is incomplete: ${error.reason}`, error)
    : new ProtocolError(context, `the response is not a page envelope: ${error.reason}`);
}

/**
 * A page announced larger than a string can hold is parsed incrementally whatever the parser
 * setting: `JSON.parse` could only fail on it. (A page without a length that grows that large
 * fails with `ERR_EXPORT_TOO_LARGE` instead, naming the incremental parser.)
 */
function tooLargeForText(response: OkResponse, settings: PageRequestSettings): boolean {
  const length = Number(response.headers['content-length']);
  return Number.isFinite(length) && length > (settings.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES);
}

import type {ErrorContext} from './errors.js';
import {ProtocolError, RequestError} from './errors.js';
import {classify, get, type HttpSettings, parseJson, readText} from './http.js';
import {IncompleteBodyError, parsePageIncrementally} from './incremental-parser.js';
import {type RetryPolicy, withRetry} from './retry.js';
import type {FetchPage, PageResult} from './types.js';

/**
 * How a page body is parsed. `'json'` buffers the body and runs `JSON.parse` (fastest for pages
 * that fit in memory); `'incremental'` hands each item over as soon as it is parsed (first item
 * sooner, one item in memory at a time, but slower per item).
 */
export type PageParser = 'json' | 'incremental';

const transientReasons = new Set(['truncated', 'malformed-json']);

/** Everything a page request needs besides its URL. */
export type PageRequestSettings = HttpSettings & {
  readonly parser: PageParser;
  readonly retry: RetryPolicy;
};

/**
 * Builds a {@link FetchPage} over HTTP: one GET per attempt, parsed as configured, retried by the
 * policy. A retry after a partly delivered page (incremental parsing) skips the items already
 * handed over, so no item is repeated or lost, provided the server returns the same items for the
 * same cursor, which is what a cursor means.
 */
export function httpPageFetcher<T>(
  pageUrl: (cursor: string | undefined) => URL,
  settings: PageRequestSettings,
  method: string,
): FetchPage<T> {
  return (cursor, signal, hooks) => {
    const url = pageUrl(cursor);
    const context: ErrorContext = {method, path: url.pathname + url.search};
    let delivered = 0;
    const attempt = async (): Promise<PageResult<T>> => {
      const response = await get(url, settings, signal, context);
      if (settings.parser === 'json') {
        return envelope<T>(parseJson(await readText(response.body, signal, context), context), context);
      }
      let seen = 0;
      try {
        const end = await parsePageIncrementally(response.body, (item) => {
          seen++;
          if (seen > delivered) {
            delivered++;
            hooks.item(item as T);
          }
        });
        return {nextCursor: end.nextCursor};
      } catch (error) {
        response.body.destroy();
        if (error instanceof IncompleteBodyError) {
          // A body cut short may come whole next time; a complete body of the wrong shape will not.
          throw transientReasons.has(error.reason)
            ? new RequestError(
                'ERR_EXPORT_BAD_RESPONSE',
                context,
                `the body is incomplete: ${error.reason}`,
                error,
              )
            : new ProtocolError(context, `the response is not a page envelope: ${error.reason}`);
        }
        throw classify(error, signal, context);
      }
    };
    return withRetry(attempt, settings.retry, signal, hooks.retry);
  };
}

function envelope<T>(body: unknown, context: ErrorContext): PageResult<T> {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as {items?: unknown}).items)) {
    throw new ProtocolError(context, 'the response is not an object with an `items` array');
  }
  const {items, nextCursor} = body as {items: T[]; nextCursor?: unknown};
  if (nextCursor !== undefined && nextCursor !== null && typeof nextCursor !== 'string') {
    throw new ProtocolError(context, `\`nextCursor\` is a ${typeof nextCursor}, expected a string`);
  }
  return {items, nextCursor};
}

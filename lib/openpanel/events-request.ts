import {type ErrorContext, ProtocolError} from '../core/errors.js';
import {type HttpSettings, send, withDeadline} from '../core/http.js';
import {parseJson, readText} from '../core/http-body.js';
import {type RetryPolicy, withRetry} from '../core/retry.js';
import type {PagingState} from './cursor.js';
import type {RequestPage} from './event-source.js';
import type {RawPage} from './offset-paging.js';
import type {OpenPanelEvent} from './types.js';

/**
 * A {@link RequestPage} over HTTP: one `GET /export/events` per attempt, the whole body parsed as
 * JSON, retried by the policy. Each attempt takes a slot of the client's rate limiter.
 */
export function eventsPageRequester(
  pageUrl: (state: PagingState) => URL,
  settings: HttpSettings,
  retry: RetryPolicy,
  method: string,
): RequestPage {
  return (state, signal, onRetry) => {
    const url = pageUrl(state);
    const context: ErrorContext = {method, path: url.pathname + url.search, httpMethod: 'GET'};
    const attempt = () =>
      withDeadline(settings, signal, context, async (deadline) => {
        const response = await send({url}, settings, deadline, context);
        return envelope(parseJson(await readText(response, settings, deadline, context), context), context);
      });
    return withRetry(attempt, retry, signal, onRetry);
  };
}

/** Checks the `{meta: {totalCount}, data: [...]}` envelope. */
function envelope(body: unknown, context: ErrorContext): RawPage {
  const {meta, data} = (typeof body === 'object' && body !== null ? body : {}) as {
    meta?: unknown;
    data?: unknown;
  };
  const totalCount =
    typeof meta === 'object' && meta !== null ? (meta as {totalCount?: unknown}).totalCount : undefined;
  if (
    !Array.isArray(data) ||
    typeof totalCount !== 'number' ||
    !Number.isSafeInteger(totalCount) ||
    totalCount < 0
  ) {
    throw new ProtocolError(
      context,
      'the response is not an object with a `data` array and a `meta.totalCount` count',
    );
  }
  return {data: data as OpenPanelEvent[], totalCount};
}

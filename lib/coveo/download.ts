import {createWriteStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {pipeline} from 'node:stream/promises';
import {type ErrorContext, HttpError, ProtocolError} from '../core/errors.js';
import {type HttpSettings, send, withDeadline} from '../core/http.js';
import {bodyStream, classifyBody, discard} from '../core/http-body.js';
import {withRetry} from '../core/retry.js';
import type {CoveoRequester, OnRetry} from './requester.js';

/** Fresh links asked for after storage refused one (403: expired) before the download fails. */
export const LINK_REFRESHES = 3;

/**
 * Downloads an available export's zip into `file` (a spool: see `row-source.ts` for why). The link
 * is fetched without the client's headers (no `Authorization`: storage refuses a second
 * authentication mechanism, and must never see the token). A transfer cut short is retried by the
 * client's policy and resumed where it stopped (`Range` + `If-Range`, when storage gave an `ETag`);
 * a link that expired (403) is replaced by a fresh one, up to {@link LINK_REFRESHES} times.
 */
export async function downloadExport(
  requester: CoveoRequester,
  exportId: string,
  file: string,
  signal: AbortSignal,
  hooks: {readonly retry: OnRetry; readonly method: string},
): Promise<void> {
  const state: {etag: string | undefined} = {etag: undefined};
  for (let refreshes = 0; ; refreshes++) {
    const link = await requester.downloadLink(exportId, hooks.method, signal, hooks.retry);
    const settings = storageSettings(requester.settings, link);
    const context: ErrorContext = {
      method: hooks.method,
      path: `(storage) ${link.pathname}`,
      httpMethod: 'GET',
    };
    try {
      await withRetry(
        () =>
          withDeadline(settings, signal, context, (deadline) =>
            attempt(link, file, state, settings, deadline, context),
          ),
        requester.configuration.retry,
        signal,
        hooks.retry,
      );
      return;
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 403 && refreshes < LINK_REFRESHES)) {
        throw error;
      }
    }
  }
}

/** One GET of the link, appended to what an earlier attempt wrote when storage can resume it. */
async function attempt(
  link: URL,
  file: string,
  state: {etag: string | undefined},
  settings: HttpSettings,
  signal: AbortSignal,
  context: ErrorContext,
): Promise<void> {
  const have = await sizeOf(file);
  const resume = have > 0 && state.etag !== undefined;
  const headers: Record<string, string> = {'user-agent': settings.headers['user-agent'] as string};
  if (resume) {
    headers.range = `bytes=${have}-`;
    headers['if-range'] = state.etag as string;
  }
  const response = await send({url: link, credentials: false, headers}, settings, signal, context);
  const partial = response.statusCode === 206;
  if (partial && !String(response.headers['content-range']).startsWith(`bytes ${have}-`)) {
    discard(response);
    throw new ProtocolError(
      context,
      `storage answered a range other than the one asked for (from byte ${have})`,
    );
  }
  const etag = response.headers.etag;
  state.etag = typeof etag === 'string' && etag !== '' ? etag : undefined;
  try {
    await pipeline(bodyStream(response, context), createWriteStream(file, {flags: partial ? 'a' : 'w'}), {
      signal,
    });
  } catch (error) {
    discard(response);
    throw classifyBody(error, signal, context);
  }
}

/** The client's settings for storage: its own link's signature is a secret too (never in an error). */
function storageSettings(settings: HttpSettings, link: URL): HttpSettings {
  const signatures = [...link.searchParams.values()].filter((value) => value.length >= 16);
  return {...settings, secrets: [...settings.secrets, ...signatures], limiter: undefined};
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

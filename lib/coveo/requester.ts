import {type ErrorContext, ProtocolError} from '../core/errors.js';
import {type HttpSettings, send, withDeadline} from '../core/http.js';
import {parseJson, readText} from '../core/http-body.js';
import {withRetry} from '../core/retry.js';
import type {PageHooks} from '../core/types.js';
import type {CoveoConfiguration} from './configuration.js';
import {exportsUrl, type Params} from './wire.js';

/** Reports a retry (a stream's `'retry'` event); promise methods pass a no-op. */
export type OnRetry = PageHooks<unknown>['retry'];

/** One request to the exports API, as the library method that makes it describes it. */
export type ApiCall = {
  /** The library method, e.g. `exportRows`: errors name it. */
  readonly method: string;
  readonly httpMethod?: 'GET' | 'POST' | 'DELETE' | undefined;
  /** After `/v15/exports`, e.g. `/estimate`. */
  readonly path: string;
  readonly params?: Params | undefined;
};

/**
 * The requests of one client to the exports API: the token in every request's headers, retries
 * (429 with `Retry-After`, 5xx, network failures) by the configured policy, every body consumed.
 */
export class CoveoRequester {
  readonly configuration: CoveoConfiguration;
  readonly settings: HttpSettings;

  constructor(configuration: CoveoConfiguration, settings: HttpSettings) {
    this.configuration = configuration;
    this.settings = settings;
  }

  url(path: string, params: Params = []): URL {
    return exportsUrl(this.configuration.baseUrl, path, params, this.configuration.organizationId);
  }

  /** Sends `call` and parses its JSON answer (`undefined` for an empty one, e.g. a 204). */
  json(call: ApiCall, signal: AbortSignal, onRetry: OnRetry): Promise<unknown> {
    const url = this.url(call.path, call.params);
    const context = contextOf(call, url);
    const settings = this.settings;
    return withRetry(
      () =>
        withDeadline(settings, signal, context, async (deadline) => {
          const response = await send({url, method: call.httpMethod}, settings, deadline, context);
          const text = await readText(response, settings, deadline, context);
          return text.trim() === '' ? undefined : parseJson(text, context);
        }),
      this.configuration.retry,
      signal,
      onRetry,
    );
  }

  /**
   * The storage URL of an available export: the `Location` of `GET /v15/exports/{id}?redirect=true`
   * (any 3xx), else the `downloadLink` of a 200 JSON answer (unless it is the API's own URL), else
   * `GET /v15/exports/{id}/downloadlink`. Each call mints a fresh link.
   */
  async downloadLink(exportId: string, method: string, signal: AbortSignal, onRetry: OnRetry): Promise<URL> {
    const path = `/${encodeURIComponent(exportId)}`;
    const url = this.url(path, [['redirect', 'true']]);
    const context = contextOf({method}, url);
    const settings = this.settings;
    const answer = await withRetry(
      () =>
        withDeadline(settings, signal, context, async (deadline) => {
          const response = await send({url, redirect: 'manual'}, settings, deadline, context);
          if (response.statusCode >= 300) {
            const {location} = response.headers;
            return {location: typeof location === 'string' ? location : undefined};
          }
          return {body: parseJson(await readText(response, settings, deadline, context), context)};
        }),
      this.configuration.retry,
      signal,
      onRetry,
    );
    if ('location' in answer) {
      if (answer.location === undefined) {
        throw new ProtocolError(context, 'the redirect to the export file has no Location header');
      }
      return parseLink(answer.location, url, context);
    }
    const given = linkOf(answer.body, url);
    if (given !== undefined) {
      return given;
    }
    const body = await this.json({method, path: `${path}/downloadlink`}, signal, onRetry);
    const link = linkOf(body, url);
    if (link === undefined) {
      throw new ProtocolError(
        contextOf({method}, this.url(`${path}/downloadlink`)),
        'the export is available but the answer has no `downloadLink`',
      );
    }
    return link;
  }
}

/** Where an error happened: the library method and the request path with its query. */
export function contextOf(call: Pick<ApiCall, 'method' | 'httpMethod'>, url: URL): ErrorContext {
  return {method: call.method, path: url.pathname + url.search, httpMethod: call.httpMethod ?? 'GET'};
}

/** A `downloadLink` that leads somewhere other than the API's own redirect (which would loop). */
function linkOf(body: unknown, api: URL): URL | undefined {
  const link = (body as {downloadLink?: unknown} | undefined)?.downloadLink;
  if (typeof link !== 'string' || link === '') {
    return undefined;
  }
  const url = new URL(link, api);
  return url.origin === api.origin && url.pathname === api.pathname ? undefined : url;
}

function parseLink(location: string, base: URL, context: ErrorContext): URL {
  try {
    return new URL(location, base);
  } catch {
    throw new ProtocolError(context, 'the redirect to the export file has a Location that is not a URL');
  }
}

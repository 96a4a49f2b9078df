import {InvalidOptionError} from '../core/errors.js';
import {integerOption, stringOption} from '../core/validate.js';
import type {Route} from '../service/http/router.js';
import type {Service} from '../service/service.js';
import {ApiClient} from './api-client.js';
import {assetRoutes} from './assets.js';
import {createRoutes} from './routes/create-routes.js';
import {downloadRoute} from './routes/download-route.js';
import {listRoute} from './routes/list-route.js';
import {requestRoutes} from './routes/request-routes.js';
import {sessionRoutes} from './routes/session-routes.js';
import {SessionStore} from './session-store.js';
import type {WebContext} from './web-route.js';

/** Options of {@link mountWebPage} and {@link webRoutes}. */
export type WebPageOptions = {
  /**
   * The public origin of the page behind a proxy, e.g. `https://exports.example.com`: posts from any
   * other `Origin` are refused. @default the request's own (`Host`, and TLS or `X-Forwarded-Proto`)
   */
  readonly origin?: string;
  /** Secure cookies always (`true`) or never (`false`). @default when the request came over HTTPS */
  readonly secureCookies?: boolean;
  /** Milliseconds a session lives unused. @default 8 hours */
  readonly sessionTtl?: number;
  /** Milliseconds between two polls of the page's script while a job is active. @default 1000 */
  readonly pollInterval?: number;
  /** Requests per page of the list. @default 20 */
  readonly pageSize?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
};

/**
 * The routes of the web page, a client of the API at `apiUrl` (the service's own URL). Served under
 * `/web/`; `/` leads there.
 */
export function webRoutes(apiUrl: string, options: WebPageOptions = {}): Route[] {
  const origin = options.origin === undefined ? undefined : stringOption('origin', options.origin);
  if (origin !== undefined && !/^https?:\/\/[^/]+$/.test(origin)) {
    throw new InvalidOptionError('origin', 'an origin such as https://exports.example.com (no path)', origin);
  }
  const now = options.now ?? (() => new Date());
  const web: WebContext = {
    api: new ApiClient(stringOption('apiUrl', apiUrl)),
    sessions: new SessionStore({
      ...(options.sessionTtl === undefined ? {} : {ttl: options.sessionTtl}),
      now: () => now().getTime(),
    }),
    origin,
    secure: options.secureCookies,
    pollInterval: integerOption('pollInterval', options.pollInterval ?? 1000, 50, 60_000),
    pageSize: integerOption('pageSize', options.pageSize ?? 20, 1, 100),
    now,
  };
  return [
    ...assetRoutes(),
    ...sessionRoutes(web),
    listRoute(web),
    ...createRoutes(web),
    ...requestRoutes(web),
    downloadRoute(web),
  ];
}

/**
 * Mounts the web page on a running service: `export-stream serve` does, so a browser at
 * `http://HOST:PORT/` can sign in with an API token and see, create, run, download and delete.
 *
 * @example
 * const service = await createService({dataDir, users});
 * mountWebPage(service);
 */
export function mountWebPage(
  service: Pick<Service, 'url' | 'addRoutes'>,
  options: WebPageOptions = {},
): void {
  service.addRoutes(...webRoutes(service.url, options));
}

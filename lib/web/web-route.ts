import type {IncomingMessage} from 'node:http';
import type {TLSSocket} from 'node:tls';
import {inspect} from 'node:util';
import type {Route, RouteContext} from '../service/http/router.js';
import type {ApiClient, ApiReply, ApiStream} from './api-client.js';
import {readCookie, SESSION_COOKIE, sessionCookie} from './cookies.js';
import {readForm} from './form.js';
import {errorPage} from './pages/error-page.js';
import {redirect, SECURITY_HEADERS, sendHtml, WebError} from './respond.js';
import {csrfMatches, type Session, type SessionStore} from './session-store.js';

/** What every web handler shares: the API client, the sessions and the settings. */
export type WebContext = {
  readonly api: ApiClient;
  readonly sessions: SessionStore;
  /** The public origin (`https://exports.example.com`), or undefined to trust the `Host` header. */
  readonly origin: string | undefined;
  /** Secure cookies: true, false, or undefined to follow the request (TLS or `X-Forwarded-Proto: https`). */
  readonly secure: boolean | undefined;
  /** Milliseconds between two polls of a job in progress. */
  readonly pollInterval: number;
  /** Rows of the list per page. */
  readonly pageSize: number;
  readonly now: () => Date;
};

/** One exchange as a web handler sees it. */
export type WebExchange = RouteContext & {
  readonly web: WebContext;
  /** The browser's session (created by the sign-in page; always there on signed-in routes). */
  readonly session: Session | undefined;
  /** The user's token on signed-in routes ('' elsewhere). */
  readonly token: string;
  /** The posted form of a state-changing route (CSRF and Origin already checked). */
  readonly form: FormData;
  /** Calls the API as the signed-in user; a 401 (token revoked) signs the browser out. */
  api(method: string, path: string, body?: string): Promise<ApiReply>;
  /** Starts a GET of the API as the signed-in user (a download), with the same 401 rule. */
  stream(path: string): Promise<ApiStream>;
};

/** How a web route is guarded. */
export type WebRouteOptions = {
  /** Redirects to the sign-in page without a signed-in session. @default true */
  readonly signedIn?: boolean;
};

class SignedOut extends Error {}

/**
 * A route of the web page: security headers on every answer, the session from its cookie, for a
 * POST the form read and its Origin and CSRF token checked, the sign-in guard, and errors as pages.
 */
export function webRoute(
  web: WebContext,
  method: 'GET' | 'POST',
  path: string,
  handle: (exchange: WebExchange) => Promise<void> | void,
  options: WebRouteOptions = {},
): Route {
  return {
    method,
    path,
    public: true,
    async handle(context) {
      const {request, response, url} = context;
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        response.setHeader(name, value);
      }
      const session = web.sessions.get(readCookie(request, SESSION_COOKIE));
      try {
        let form = new FormData();
        if (method === 'POST') {
          checkOrigin(request, web);
          form = await readForm(request, context.service.maxBodyBytes + 65_536);
          if (session === undefined || !csrfMatches(session, form.get('_csrf'))) {
            throw new WebError(403, 'This form has expired or did not come from this site; reload the page');
          }
        }
        const token = session?.token;
        if (options.signedIn !== false && token === undefined) {
          const next = method === 'GET' ? `?next=${encodeURIComponent(url.pathname + url.search)}` : '';
          redirect(response, `/web/sign-in${next}`);
          return;
        }
        const api = async (verb: string, apiPath: string, body?: string) => {
          const reply = await web.api.call(verb, apiPath, token!, body);
          if (reply.status === 401) {
            throw new SignedOut();
          }
          return reply;
        };
        const stream = async (apiPath: string) => {
          const reply = await web.api.stream(apiPath, token!);
          if (reply.status === 401) {
            await reply.body.dump();
            throw new SignedOut();
          }
          return reply;
        };
        await handle({...context, web, session, token: token ?? '', form, api, stream});
      } catch (error) {
        if (error instanceof SignedOut) {
          web.sessions.delete(session!.id);
          redirect(response, '/web/sign-in', sessionCookie(undefined, isSecure(request, web)));
          return;
        }
        const known = error instanceof WebError;
        if (!known) {
          context.service.log(`Web page error: ${inspect(error)}`);
        }
        const status = known ? error.status : 500;
        if (status === 413) {
          response.setHeader('connection', 'close');
        }
        const message = known ? error.message : 'Something went wrong on the server; try again';
        sendHtml(response, status, errorPage(status, message, session));
      }
    },
  };
}

/**
 * Refuses a post another site's page sent: a foreign `Origin`, or `Sec-Fetch-Site: cross-site`.
 * Browsers that send neither still need the session's CSRF token, which no other site can read.
 */
function checkOrigin(request: IncomingMessage, web: WebContext): void {
  const origin = request.headers.origin;
  const expected = web.origin ?? `${isSecure(request, web) ? 'https' : 'http'}://${request.headers.host}`;
  if ((origin !== undefined && origin !== expected) || request.headers['sec-fetch-site'] === 'cross-site') {
    throw new WebError(403, 'Cross-site form posts are refused');
  }
}

/** Whether the browser reached us over HTTPS (directly, or through a proxy that says so). */
export function isSecure(request: IncomingMessage, web: WebContext): boolean {
  return (
    web.secure ??
    ((request.socket as TLSSocket).encrypted === true || request.headers['x-forwarded-proto'] === 'https')
  );
}

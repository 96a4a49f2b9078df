import type {Route} from '../../service/http/router.js';
import {sessionCookie} from '../cookies.js';
import {field} from '../form.js';
import {signInPage} from '../pages/sign-in-page.js';
import {redirect, sendHtml} from '../respond.js';
import {isSecure, type WebContext, webRoute} from '../web-route.js';

/** Where to go after signing in: a page of this site under `/web/`, nothing else (no open redirect). */
export function safeNext(next: string | null): string {
  return next !== null && /^\/web\/[\x21-\x7e]*$/.test(next) ? next : '/web/';
}

/** `/` and `/web` lead to the page; the sign-in form; signing in and out. */
export function sessionRoutes(web: WebContext): Route[] {
  return [
    webRoute(web, 'GET', '/', ({response}) => redirect(response, '/web/'), {signedIn: false}),
    webRoute(web, 'GET', '/web', ({response}) => redirect(response, '/web/'), {signedIn: false}),
    webRoute(
      web,
      'GET',
      '/web/sign-in',
      ({request, response, url, session}) => {
        const next = safeNext(url.searchParams.get('next'));
        if (session?.token !== undefined) {
          redirect(response, next);
          return;
        }
        // An anonymous session carries the CSRF token of the sign-in form (no login CSRF).
        const current = session ?? web.sessions.create();
        response.setHeader('set-cookie', sessionCookie(current.id, isSecure(request, web)));
        sendHtml(response, 200, signInPage(current, next));
      },
      {signedIn: false},
    ),
    webRoute(
      web,
      'POST',
      '/web/sign-in',
      async ({request, response, form, session}) => {
        const token = field(form, 'token').trim();
        const next = safeNext(field(form, 'next'));
        const reply = token === '' ? undefined : await web.api.call('GET', '/exports?pageSize=1', token);
        if (reply === undefined || reply.status === 401) {
          const error = reply === undefined ? 'Enter your API token.' : 'That token was not accepted.';
          sendHtml(response, reply === undefined ? 400 : 401, signInPage(session!, next, error));
          return;
        }
        // A new id once signed in: an id planted before sign-in is worth nothing after it.
        web.sessions.delete(session!.id);
        const signedIn = web.sessions.create(token);
        redirect(response, next, sessionCookie(signedIn.id, isSecure(request, web)));
      },
      {signedIn: false},
    ),
    webRoute(
      web,
      'POST',
      '/web/sign-out',
      ({request, response, session}) => {
        web.sessions.delete(session!.id);
        redirect(response, '/web/sign-in', sessionCookie(undefined, isSecure(request, web)));
      },
      {signedIn: false},
    ),
  ];
}

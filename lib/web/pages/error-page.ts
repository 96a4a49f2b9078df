import {type Html, html} from '../html.js';
import type {Session} from '../session-store.js';
import {layout} from './layout.js';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  403: 'Refused',
  404: 'Not found',
  409: 'Not possible now',
  413: 'Too large',
  415: 'Not a form',
  429: 'Too many queued exports',
};

/** A page for an error: its title from the status, the message (escaped: it may quote user input). */
export function errorPage(status: number, message: string, session: Session | undefined): Html {
  const title = TITLES[status] ?? (status >= 500 ? 'Server error' : 'Error');
  return layout(
    title,
    session,
    html`<h1>${title}</h1>
<p role="alert">${message}</p>
<p><a href="/web/">Back to the export requests</a></p>`,
  );
}

import {type Html, html} from '../html.js';
import type {Session} from '../session-store.js';
import {csrfField, layout} from './layout.js';

/** The sign-in form: one API token (a password field, never echoed back). */
export function signInPage(session: Session, next: string, error?: string): Html {
  return layout(
    'Sign in',
    session,
    html`<h1>Sign in</h1>
<p>Use the API token the service's administrator gave you. It stays on the server for this session.</p>
${error === undefined ? '' : html`<p class="errors" id="token-error" role="alert">${error}</p>`}
<form method="post" action="/web/sign-in">
${csrfField(session)}
<input type="hidden" name="next" value="${next}">
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="off" required spellcheck="false"${error === undefined ? '' : html` aria-invalid="true" aria-describedby="token-error"`}>
<p><button type="submit">Sign in</button></p>
</form>`,
  );
}

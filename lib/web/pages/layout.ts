import {SCRIPT_ASSET, STYLE_ASSET} from '../assets.js';
import {type Html, html} from '../html.js';
import type {Session} from '../session-store.js';

/**
 * The frame of every page: viewport for phones, the style sheet and the script as files, a skip link,
 * the navigation (with a sign-out form when signed in) and the session's one-shot message.
 */
export function layout(title: string, session: Session | undefined, body: Html): Html {
  const flash = session?.flash;
  if (session !== undefined) {
    session.flash = undefined;
  }
  const signedIn = session?.token !== undefined;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · export-stream</title>
<link rel="stylesheet" href="${STYLE_ASSET.path}">
<script src="${SCRIPT_ASSET.path}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header><nav aria-label="Main">
<a class="brand" href="/web/">export-stream</a>
${
  signedIn
    ? html`<a href="/web/">Export requests</a>
<a href="/web/new">New request</a>
<form method="post" action="/web/sign-out"><input type="hidden" name="_csrf" value="${session!.csrf}"><button type="submit">Sign out</button></form>`
    : ''
}
</nav></header>
<main id="main">
${flash === undefined ? '' : html`<p class="flash" role="status">${flash}</p>`}
${body}
</main>
</body>
</html>
`;
}

/** The hidden CSRF field of a form. */
export function csrfField(session: Session): Html {
  return html`<input type="hidden" name="_csrf" value="${session.csrf}">`;
}

/** A job or request status as a badge. */
export function statusBadge(status: string): Html {
  return html`<span class="status status-${status}">${STATUS_TEXT[status] ?? status}</span>`;
}

const STATUS_TEXT: Readonly<Record<string, string>> = {
  notProcessed: 'waiting',
  inProgress: 'in progress',
  done: 'done',
  failed: 'failed',
  expired: 'expired',
};

import {type Html, html} from '../html.js';
import type {Session} from '../session-store.js';
import {csrfField, layout} from './layout.js';

/** The confirmation before a delete (a page, so it works without JavaScript). */
export function deletePage(session: Session, id: string, name: string): Html {
  const path = `/web/exports/${encodeURIComponent(id)}`;
  return layout(
    `Delete ${name}`,
    session,
    html`<h1>Delete “${name}”?</h1>
<p>No window of it will run again, a job in progress is cancelled, and its files are deleted. This cannot be undone.</p>
<form method="post" action="${path}/delete" class="actions">
${csrfField(session)}
<button type="submit" class="danger">Delete</button>
<a class="button secondary" href="${path}">Cancel</a>
</form>`,
  );
}

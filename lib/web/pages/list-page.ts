import {formatInstant} from '../format.js';
import {type Html, html} from '../html.js';
import type {Session} from '../session-store.js';
import {layout, statusBadge} from './layout.js';

/** What the list shows. */
export type ListView = {
  // biome-ignore lint/suspicious/noExplicitAny: resources of the API, read field by field
  readonly items: readonly any[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly status: string;
  readonly type: string;
  /** The next window's due time of each request, by id. */
  readonly next: ReadonlyMap<string, string | undefined>;
};

const STATUSES = ['notProcessed', 'inProgress', 'done', 'failed', 'expired'];
const STATUS_LABELS = ['waiting', 'in progress', 'done', 'failed', 'expired'];

/** The list of the user's export requests, with filters and paging (plain GET forms and links). */
export function listPage(session: Session, view: ListView): Html {
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const link = (page: number) => {
    const query = new URLSearchParams();
    if (view.status !== '') {
      query.set('status', view.status);
    }
    if (view.type !== '') {
      query.set('type', view.type);
    }
    query.set('page', String(page));
    return `/web/?${query}`;
  };
  const rows = view.items.map(
    (item) => html`<tr>
<td><a href="/web/exports/${encodeURIComponent(item.id)}">${item.name}</a></td>
<td>${item.type === 'recurring' ? 'recurring' : 'one-time'}</td>
<td>${item.periodicity ?? item.period ?? '—'}</td>
<td>${item.format.extension}</td>
<td>${formatInstant(view.next.get(item.id))}</td>
<td>${statusBadge(item.status)}</td>
</tr>`,
  );
  return layout(
    'Export requests',
    session,
    html`<h1>Export requests</h1>
<form method="get" action="/web/" class="filters" role="search" aria-label="Filter the requests">
<div><label for="status">Status</label>
<select id="status" name="status"><option value="">any</option>${STATUSES.map(
      (status, index) =>
        html`<option value="${status}"${status === view.status ? ' selected' : ''}>${STATUS_LABELS[index]}</option>`,
    )}</select></div>
<div><label for="type">Type</label>
<select id="type" name="type"><option value="">any</option><option value="oneTime"${view.type === 'oneTime' ? ' selected' : ''}>one-time</option><option value="recurring"${view.type === 'recurring' ? ' selected' : ''}>recurring</option></select></div>
<div><button type="submit" class="secondary">Filter</button></div>
</form>
${
  view.total === 0
    ? html`<p>No export request matches. <a href="/web/new">Create one</a>.</p>`
    : html`<div class="table"><table>
<caption>${view.total} export request${view.total === 1 ? '' : 's'}, newest first</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Periodicity</th><th scope="col">Format</th><th scope="col">Next window due</th><th scope="col">Last job</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<nav class="pager" aria-label="Pages">
${view.page > 1 ? html`<a href="${link(view.page - 1)}" rel="prev">← Previous</a>` : ''}
<span>Page ${view.page} of ${pages}</span>
${view.page < pages ? html`<a href="${link(view.page + 1)}" rel="next">Next →</a>` : ''}
</nav>`
}`,
  );
}

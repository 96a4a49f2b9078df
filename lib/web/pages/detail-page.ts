import {rowsChart} from '../chart.js';
import {formatInstant} from '../format.js';
import {type Html, html} from '../html.js';
import {requestJson} from '../next-window.js';
import type {Session} from '../session-store.js';
import {isActive, type JobView, jobRows} from './jobs-table.js';
import {csrfField, layout, statusBadge} from './layout.js';

/** What one request's page shows. */
export type DetailView = {
  readonly resource: Record<string, unknown> & {id: string; name: string; status: string; type: string};
  readonly jobs: readonly JobView[];
  readonly next: string | undefined;
  readonly pollInterval: number;
};

/** What the page's script receives while a job is active: fragments rendered (and escaped) here. */
export function liveFragments(view: DetailView): {
  active: boolean;
  status: string;
  jobs: string;
  chart: string;
  summary: string;
} {
  const active = view.jobs.some(isActive);
  const done = view.jobs.filter((job) => job.status === 'done').length;
  return {
    active,
    status: statusBadge(view.resource.status).text,
    jobs: jobRows(view.resource.id, view.jobs).text,
    chart: view.resource.type === 'recurring' ? rowsChart(view.jobs).text : '',
    summary: `${view.jobs.length} job${view.jobs.length === 1 ? '' : 's'}, ${done} done${active ? ', still running' : ''}`,
  };
}

/** One request: facts, actions, jobs (live while one is active), the chart and the JSON. */
export function detailPage(session: Session, view: DetailView): Html {
  const {resource} = view;
  const path = `/web/exports/${encodeURIComponent(resource.id)}`;
  const live = liveFragments(view);
  const format = resource.format as {extension: string};
  return layout(
    resource.name,
    session,
    html`<h1>${resource.name}</h1>
<dl class="facts">
<dt>Status</dt><dd id="status">${statusBadge(resource.status)}</dd>
<dt>Type</dt><dd>${resource.type === 'recurring' ? html`recurring, every <code>${resource.periodicity}</code>` : 'one-time'}</dd>
<dt>Format</dt><dd>${format.extension}</dd>
<dt>Next window due</dt><dd>${formatInstant(view.next)}</dd>
<dt>Created</dt><dd>${formatInstant(String(resource.createdAt))}</dd>
</dl>
<div class="actions">
${
  resource.type === 'oneTime'
    ? html`<form method="post" action="${path}/run">${csrfField(session)}<button type="submit">Run now</button></form>`
    : ''
}
<a class="button danger" href="${path}/delete">Delete…</a>
</div>
<h2 id="jobs-heading">Jobs</h2>
<p id="live" role="status" class="muted">${live.summary}</p>
<div class="table"${live.active ? html` data-live="${path}/live" data-interval="${view.pollInterval}"` : ''}><table class="jobs" aria-labelledby="jobs-heading">
<thead><tr><th scope="col">Window</th><th scope="col">Item</th><th scope="col">Status</th><th scope="col">Rows</th><th scope="col">Size</th><th scope="col">Duration</th><th scope="col">Error</th><th scope="col">Notifications</th><th scope="col">File</th></tr></thead>
<tbody id="jobs">${jobRows(resource.id, view.jobs)}</tbody>
</table></div>
${
  resource.type === 'recurring'
    ? html`<h2>Rows per window</h2><figure id="chart">${rowsChart(view.jobs)}</figure>`
    : ''
}
<h2>Request JSON</h2>
<pre><code>${JSON.stringify(requestJson(resource), null, 2)}</code></pre>`,
  );
}

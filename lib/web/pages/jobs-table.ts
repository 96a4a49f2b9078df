import {formatBytes, formatDuration, formatInstant, formatWindow} from '../format.js';
import {type Html, html} from '../html.js';
import {statusBadge} from './layout.js';

/** What the jobs table shows of a job (the API's job resource). */
export type JobView = {
  readonly id: string;
  readonly item: number;
  readonly window: {readonly start: string; readonly end: string; readonly key: string};
  readonly status: string;
  readonly label?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly rows?: number;
  readonly bytes?: number;
  readonly error?: {readonly code: string; readonly message: string};
  readonly notifications?: readonly {
    readonly medium: string;
    readonly target: string;
    readonly ok: boolean;
    readonly attempts: number;
    readonly error?: string;
  }[];
};

/** Jobs newest window first, then by item. */
export function newestFirst<T extends JobView>(jobs: readonly T[]): T[] {
  return [...jobs].sort((a, b) => b.window.start.localeCompare(a.window.start) || a.item - b.item);
}

/** Whether a job is waiting or running (the page keeps polling while one is). */
export function isActive(job: JobView): boolean {
  return job.status === 'notProcessed' || job.status === 'inProgress';
}

/**
 * The rows of the jobs table (the `<tbody>`'s content, also sent to the page's script while a job
 * is active): window, item, status, rows, size, duration, error, notifications, and the download.
 */
export function jobRows(requestId: string, jobs: readonly JobView[]): Html {
  if (jobs.length === 0) {
    return html`<tr><td colspan="9">No job yet: the first window has not closed.</td></tr>`;
  }
  const base = `/web/exports/${encodeURIComponent(requestId)}`;
  return html`${newestFirst(jobs).map(
    (job) => html`<tr>
<td data-label="Window">${formatWindow(job.window)}</td>
<td data-label="Item">${job.label ?? `#${job.item}`}</td>
<td data-label="Status">${statusBadge(job.status)}</td>
<td data-label="Rows" class="number">${job.rows ?? '—'}</td>
<td data-label="Size" class="number">${formatBytes(job.bytes)}</td>
<td data-label="Duration">${formatDuration(job.startedAt, job.finishedAt)}</td>
<td data-label="Error">${job.error === undefined ? '' : html`<code>${job.error.code}</code> ${job.error.message}`}</td>
<td data-label="Notifications">${notifications(job)}</td>
<td data-label="File">${
      job.status === 'done'
        ? html`<a href="${base}/download?job=${encodeURIComponent(job.id)}">Download<span class="skip"> the file of ${formatInstant(job.window.start)}</span></a>`
        : '—'
    }</td>
</tr>`,
  )}`;
}

function notifications(job: JobView): Html | string {
  if (job.notifications === undefined || job.notifications.length === 0) {
    return '—';
  }
  return html`<ul>${job.notifications.map(
    (delivery) =>
      html`<li>${delivery.medium} ${delivery.target}: ${delivery.ok ? 'sent' : `failed after ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`}${delivery.error === undefined ? '' : html` (${delivery.error})`}</li>`,
  )}</ul>`;
}

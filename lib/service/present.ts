import {notFound} from './http/api-error.js';
import type {RouteContext} from './http/router.js';
import type {ExportRecord, JobRecord, JobStatus} from './types.js';

/** A request as the API shows it: the JSON sent, plus its id, times and status. */
export type ExportResource = Record<string, unknown> & {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: JobStatus;
};

/** A job as the API shows it. */
export type JobResource = Omit<JobRecord, 'worker'> & {worker?: string};

/**
 * The status of a request, from its jobs: `inProgress` while one runs, `notProcessed` while one
 * waits (or none exists yet), else that of its latest window: `failed` if an item failed, `done` if
 * one is downloadable, `expired` when retention deleted them all.
 */
export function exportStatus(record: ExportRecord): JobStatus {
  const statuses = new Set(record.jobs.map((job) => job.status));
  if (statuses.has('inProgress')) {
    return 'inProgress';
  }
  if (statuses.has('notProcessed') || record.jobs.length === 0) {
    return 'notProcessed';
  }
  const latest = record.jobs.reduce((a, b) => (b.window.end > a.window.end ? b : a)).window.key;
  const last = new Set(record.jobs.filter((job) => job.window.key === latest).map((job) => job.status));
  return last.has('failed') ? 'failed' : last.has('done') ? 'done' : 'expired';
}

/** The API's view of a request. */
export function exportResource(record: ExportRecord): ExportResource {
  return {
    id: record.id,
    ...record.request,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    status: exportStatus(record),
  };
}

/** The API's view of a job. */
export function jobResource(job: JobRecord): JobResource {
  return Object.fromEntries(Object.entries(job).filter(([, value]) => value !== undefined)) as JobResource;
}

/** The caller's request `params.id`: 404 when it does not exist or belongs to someone else. */
export function ownRecord(context: RouteContext): ExportRecord {
  const record = context.service.store.get(context.params.id!);
  if (record === undefined || record.userId !== context.user!.id) {
    throw notFound();
  }
  return record;
}

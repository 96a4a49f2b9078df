import {sendJson} from '../http/api-error.js';
import type {Route} from '../http/router.js';
import {jobResource, ownRecord} from '../present.js';

/** `GET /exports/{id}/jobs`: the request's jobs, by window then item. */
export const listJobs: Route = {
  method: 'GET',
  path: '/exports/{id}/jobs',
  handle(context) {
    const record = ownRecord(context);
    const jobs = [...record.jobs].sort(
      (a, b) => a.window.start.localeCompare(b.window.start) || a.item - b.item,
    );
    sendJson(context.response, 200, {items: jobs.map(jobResource)});
  },
};

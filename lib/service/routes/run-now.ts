import {rm} from 'node:fs/promises';
import {ApiError, sendJson} from '../http/api-error.js';
import type {Route} from '../http/router.js';
import {jobDirectory} from '../job-runner.js';
import {jobResource, ownRecord} from '../present.js';
import {specOf} from '../scheduler.js';
import {checkQueueCap} from './create-export.js';

/** What a run records; cleared before the next one. */
const RESULT_FIELDS = [
  'startedAt',
  'finishedAt',
  'expiredAt',
  'worker',
  'label',
  'fileName',
  'contentType',
  'rows',
  'bytes',
  'error',
  'notifications',
] as const;

/**
 * `POST /exports/{id}/run`: runs a one-time request again now (its jobs start from scratch, their
 * previous files deleted). 409 for a recurring request, while a job of it is queued or running, or
 * when its window has not closed yet; 429 when the caller's queue is full. 202 with the jobs.
 */
export const runNow: Route = {
  method: 'POST',
  path: '/exports/{id}/run',
  async handle(context) {
    const record = ownRecord(context);
    const {service, response, user} = context;
    if (record.request.type !== 'oneTime') {
      throw new ApiError('ERR_CONFLICT', 'Only a one-time export request can be run on demand');
    }
    if (record.jobs.some((job) => job.status === 'notProcessed' || job.status === 'inProgress')) {
      throw new ApiError('ERR_CONFLICT', 'This export request is already queued or running');
    }
    checkQueueCap(service, user!.id);
    if (record.jobs.length === 0) {
      if ((await service.scheduler.schedule(record)).length === 0) {
        throw new ApiError('ERR_CONFLICT', 'The window of this export request has not closed yet');
      }
    } else {
      for (const job of record.jobs) {
        await rm(jobDirectory(service.dataDir, job.id), {recursive: true, force: true});
        for (const key of RESULT_FIELDS) {
          delete job[key];
        }
        job.status = 'notProcessed';
      }
      record.completed = [];
      record.updatedAt = service.now().toISOString();
      await service.store.save(record);
      for (const job of record.jobs) {
        await service.queue.enqueue(specOf(record, job));
      }
    }
    sendJson(response, 202, {items: record.jobs.map(jobResource)});
  },
};

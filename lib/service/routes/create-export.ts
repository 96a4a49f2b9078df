import {randomUUID} from 'node:crypto';
import type {ServiceContext} from '../context.js';
import {ApiError, sendJson} from '../http/api-error.js';
import {readJsonBody} from '../http/body.js';
import type {Route} from '../http/router.js';
import {rememberParsed} from '../parsed-request.js';
import {exportResource} from '../present.js';
import type {ExportRecord} from '../types.js';

/** `POST /exports`: validates the request JSON, stores it and queues the jobs of its due windows. */
export const createExport: Route = {
  method: 'POST',
  path: '/exports',
  async handle({request, response, user, service}) {
    const json = (await readJsonBody(request, service.maxBodyBytes)) as Record<string, unknown>;
    let parsed: unknown;
    try {
      parsed = service.requests.parseRequest(json);
    } catch (error) {
      throw validationError(error);
    }
    rememberParsed(json, parsed);
    checkQueueCap(service, user!.id);
    const now = service.now().toISOString();
    const record: ExportRecord = {
      version: 1,
      id: randomUUID(),
      userId: user!.id,
      createdAt: now,
      updatedAt: now,
      firstRunAt: now,
      request: json,
      jobs: [],
      completed: [],
    };
    // Saved once with its first jobs (a one-time request's window is usually closed already).
    const saved = service.store.put(record);
    await service.scheduler.schedule(record);
    await saved;
    sendJson(response, 201, exportResource(record), {location: `/exports/${record.id}`});
  },
};

/** 429 when the user already has `maxQueued` requests with a job waiting or running. */
export function checkQueueCap(service: ServiceContext, userId: string): void {
  const queued = service.store
    .all()
    .filter(
      (record) =>
        record.userId === userId &&
        record.jobs.some((job) => job.status === 'notProcessed' || job.status === 'inProgress'),
    ).length;
  if (queued >= service.maxQueued) {
    throw new ApiError('ERR_QUEUE_FULL', 'Maximum number of queued exports reached', {
      headers: {'retry-after': '60'},
    });
  }
}

/** `parseRequest`'s error as a 400 naming the JSON path; anything else is not the caller's fault. */
function validationError(error: unknown): unknown {
  const {path, option, message} = error as {path?: unknown; option?: unknown; message?: unknown};
  const where = typeof path === 'string' ? path : typeof option === 'string' ? option : undefined;
  if (where === undefined || typeof message !== 'string') {
    return error;
  }
  return new ApiError('ERR_INVALID_REQUEST', message, {path: where});
}

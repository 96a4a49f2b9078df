import {type ErrorContext, ProtocolError, RequestFailure} from '../core/errors.js';
import {sleep} from '../core/retry.js';
import type {OnRetry} from './requester.js';
import {type CoveoRequester, contextOf} from './requester.js';
import type {CoveoExport, CoveoStatusEvent} from './types.js';

/**
 * An export job that cannot be read: it `FAILED` (`ERR_EXPORT_JOB_FAILED`), it `EXPIRED` before it was
 * read to its end (`ERR_EXPORT_JOB_EXPIRED`), or it was still `PENDING` after `maxWait`
 * (`ERR_EXPORT_JOB_TIMEOUT`: the job goes on; stream it later with the `exportId` option).
 */
export class ExportJobError extends RequestFailure {
  override name = 'ExportJobError';
  /** The job's id. */
  readonly exportId: string;
  /** Its last status seen. */
  readonly status: string;

  constructor(
    code: 'ERR_EXPORT_JOB_FAILED' | 'ERR_EXPORT_JOB_EXPIRED' | 'ERR_EXPORT_JOB_TIMEOUT',
    context: ErrorContext,
    exportId: string,
    status: string,
    reason: string,
  ) {
    super(code, context, `failed: export ${exportId} ${reason}`);
    this.exportId = exportId;
    this.status = status;
  }
}

/** How a job is waited for. */
export type WaitSettings = {
  readonly pollInterval: number;
  readonly maxPollInterval: number;
  readonly maxWait: number;
};

/** Reports each status seen (the stream's `'status'` event). */
export type OnStatus = (event: CoveoStatusEvent) => void;

/** Checks that an answer is an export object (an `id` and a `status`). */
export function exportObject(body: unknown, context: ErrorContext): CoveoExport {
  const value = body as Partial<CoveoExport> | undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    typeof value.id !== 'string' ||
    typeof value.status !== 'string'
  ) {
    throw new ProtocolError(context, 'the answer is not an export object with an `id` and a `status`');
  }
  return value as CoveoExport;
}

/**
 * Polls `GET /v15/exports/{id}` until the job is `AVAILABLE`: at once, then after `pollInterval`,
 * each wait 1.5 times the one before up to `maxPollInterval`. `FAILED` and `EXPIRED` are
 * {@link ExportJobError}s; so is a job still pending when the next wait would pass `maxWait`.
 */
export async function waitForExport(
  requester: CoveoRequester,
  exportId: string,
  settings: WaitSettings,
  signal: AbortSignal,
  hooks: {readonly retry: OnRetry; readonly status: OnStatus; readonly method: string},
  window?: CoveoStatusEvent['window'],
): Promise<CoveoExport> {
  const started = performance.now();
  const path = `/${encodeURIComponent(exportId)}`;
  const context = contextOf({method: hooks.method}, requester.url(path));
  let delay = settings.pollInterval;
  for (;;) {
    const job = exportObject(
      await requester.json({method: hooks.method, path}, signal, hooks.retry),
      context,
    );
    const elapsedMs = Math.round(performance.now() - started);
    hooks.status({exportId, status: job.status, elapsedMs, ...(window === undefined ? {} : {window})});
    if (job.status === 'AVAILABLE') {
      return job;
    }
    if (job.status === 'FAILED') {
      throw new ExportJobError(
        'ERR_EXPORT_JOB_FAILED',
        context,
        exportId,
        job.status,
        'FAILED on the server; create it again',
      );
    }
    if (job.status === 'EXPIRED') {
      throw new ExportJobError(
        'ERR_EXPORT_JOB_EXPIRED',
        context,
        exportId,
        job.status,
        'has EXPIRED: its file is gone; export the window again',
      );
    }
    if (elapsedMs + delay > settings.maxWait) {
      throw new ExportJobError(
        'ERR_EXPORT_JOB_TIMEOUT',
        context,
        exportId,
        job.status,
        `was still ${job.status} after ${elapsedMs} ms (maxWait ${settings.maxWait} ms); it goes on on the server: stream it later with the \`exportId\` option`,
      );
    }
    await sleep(delay, signal);
    delay = Math.min(Math.round(delay * 1.5), settings.maxPollInterval);
  }
}

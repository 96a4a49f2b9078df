import {mkdir, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {redact} from '../core/redact.js';
import type {PortWindow, RequestsLibrary} from './requests-port.js';
import type {JobError, JobOutcome, JobSpec, ServiceUser, StoredWindow} from './types.js';

/** How long a provider's jobs wait after a 429 that did not say how long. */
export const DEFAULT_RATE_LIMIT_WAIT = 1000;

/** The directory of one job's file: `<dataDir>/files/<jobId>`; only that job writes there. */
export function jobDirectory(dataDir: string, jobId: string): string {
  return join(dataDir, 'files', jobId);
}

/** A stored window as `lib/requests` takes it. */
export function toPortWindow(window: StoredWindow): PortWindow {
  return {start: new Date(window.start), end: new Date(window.end), key: window.key};
}

/** What {@link runJob} needs besides the job. */
export type RunJobOptions = {
  readonly requests: RequestsLibrary;
  readonly dataDir: string;
  /** The job's owner: its `env` holds the provider credentials. */
  readonly user: ServiceUser | undefined;
  /** Service-wide settings the jobs may read (none of them a provider credential). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  /** Who runs it, for the job record: `embedded` or `host#pid`. */
  readonly worker: string;
};

/**
 * Runs one job from scratch: empties the job's directory (a crashed run may have left a temp file),
 * then `exportItem` writes the file there (temp name, fsync, rename: it appears only complete).
 * Resolves to how it ended; rejects only when `signal` aborted it.
 */
export async function runJob(spec: JobSpec, options: RunJobOptions): Promise<JobOutcome> {
  const {requests, user, signal, worker} = options;
  const outDir = jobDirectory(options.dataDir, spec.jobId);
  const secrets = Object.values(user?.env ?? {});
  try {
    if (user === undefined) {
      throw Object.assign(new Error(`The user ${spec.userId} of this job is no longer configured`), {
        code: 'ERR_SERVICE_UNKNOWN_USER',
      });
    }
    const request = requests.parseRequest(spec.request) as never;
    await rm(outDir, {recursive: true, force: true});
    await mkdir(outDir, {recursive: true});
    const env = {...options.env, ...user.env};
    const result = await requests.exportItem(
      request,
      toPortWindow(spec.window),
      spec.item,
      signal === undefined ? {outDir, env} : {outDir, env, signal},
    );
    const {label, fileName, contentType, rows, bytes} = result;
    return {status: 'done', result: {label, fileName, contentType, rows, bytes}, worker};
  } catch (error) {
    if (signal?.aborted === true) {
      throw signal.reason;
    }
    const described = describeJobError(error, secrets);
    const retryAfter = rateLimitWait(error);
    return retryAfter === undefined
      ? {status: 'failed', error: described, worker}
      : {status: 'rateLimited', retryAfter, error: described, worker};
  }
}

/** An error as a job records it: its stable code and its message, with every credential redacted. */
export function describeJobError(error: unknown, secrets: readonly string[]): JobError {
  const {code, message} =
    error instanceof Error ? (error as Error & {code?: unknown}) : {code: undefined, message: String(error)};
  return {code: typeof code === 'string' ? code : 'ERR_SERVICE_JOB', message: redact(message, secrets)};
}

/**
 * How long to pause the provider when `error` is its 429 (the library's `ERR_EXPORT_RATE_LIMITED`,
 * after its own retries), in milliseconds; undefined for any other error.
 */
export function rateLimitWait(error: unknown): number | undefined {
  const {code, status, retryAfter} = (error ?? {}) as {
    code?: unknown;
    status?: unknown;
    retryAfter?: unknown;
  };
  if (code !== 'ERR_EXPORT_RATE_LIMITED' && status !== 429) {
    return undefined;
  }
  return typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter : DEFAULT_RATE_LIMIT_WAIT;
}

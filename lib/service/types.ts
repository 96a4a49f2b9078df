/** The statuses of a job, in the order it goes through them. */
export const JOB_STATUSES = Object.freeze([
  'notProcessed',
  'inProgress',
  'done',
  'failed',
  'expired',
] as const);

/** `notProcessed` → `inProgress` → `done` | `failed`; a done job becomes `expired` when retention deletes its file. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A window as stored: ISO instants and the window's stable key (`20261101T000000Z`). */
export type StoredWindow = {readonly start: string; readonly end: string; readonly key: string};

/** Why a job failed: the library's stable code and its message (never a secret). */
export type JobError = {code: string; message: string};

/** One notification delivery, as `notifyOutcome` reported it (targets already redacted). */
export type StoredDelivery = {
  policy: string;
  medium: string;
  target: string;
  ok: boolean;
  attempts: number;
  error?: string | undefined;
};

/** One job: one item of one request over one window. */
export type JobRecord = {
  /** `${requestId}_${item}_${window.key}`: the same job always has the same id (BullMQ dedupes by it). */
  id: string;
  item: number;
  window: StoredWindow;
  status: JobStatus;
  createdAt: string;
  /** How many times a worker started it (more than 1 after a crash or a provider's 429). */
  attempts: number;
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  expiredAt?: string | undefined;
  /** The worker that finished it: `host#pid` in distributed mode, `embedded` otherwise. */
  worker?: string | undefined;
  label?: string | undefined;
  fileName?: string | undefined;
  contentType?: string | undefined;
  rows?: number | undefined;
  bytes?: number | undefined;
  error?: JobError | undefined;
  notifications?: StoredDelivery[] | undefined;
};

/** An export request as the store keeps it: the JSON the user sent, its owner, its jobs and its window ledger. */
export type ExportRecord = {
  version: 1;
  id: string;
  userId: string;
  createdAt: string;
  updatedAt: string;
  /** The anchor of a recurring request without `periodStart`, and the "now" of a one-time `period`. */
  firstRunAt: string;
  /** The request JSON as received (validated by `parseRequest`). */
  request: Record<string, unknown>;
  jobs: JobRecord[];
  /** The window ledger: keys of the windows whose every item is done. */
  completed: string[];
};

/** What a worker needs to run a job; also the BullMQ job's data (no credential in it). */
export type JobSpec = {
  readonly jobId: string;
  readonly requestId: string;
  readonly userId: string;
  readonly provider: string;
  readonly request: Record<string, unknown>;
  readonly window: StoredWindow;
  readonly item: number;
};

/** What a finished job produced. */
export type JobResult = {
  label: string;
  fileName: string;
  contentType: string;
  rows: number;
  bytes: number;
};

/** How a run of a job ended; a run never throws except when it was aborted. */
export type JobOutcome =
  | {status: 'done'; result: JobResult; worker: string}
  | {status: 'failed'; error: JobError; worker: string}
  | {status: 'rateLimited'; retryAfter: number; error: JobError; worker: string};

/** What a queue reports back to the service, in order per job. */
export type JobEvents = {
  started(jobId: string): void;
  finished(jobId: string, outcome: JobOutcome): void;
  /** The job went back to the queue (its provider asked to wait). */
  requeued(jobId: string): void;
};

/**
 * Where jobs run: the embedded pool or BullMQ. `enqueue` of an id that is queued or running is ignored.
 */
export type JobQueue = {
  start(events: JobEvents): Promise<void>;
  enqueue(spec: JobSpec): Promise<void>;
  /** Drops a queued job and aborts (embedded) or forgets (distributed) a running one. */
  cancel(jobId: string): Promise<void>;
  /** The state the engine knows of a job the store believes unfinished (distributed mode, at start). */
  reconcile?(spec: JobSpec): Promise<void>;
  close(): Promise<void>;
};

/** A user of the service: a token hash and the provider credentials its jobs run with. */
export type ServiceUser = {
  readonly id: string;
  /** SHA-256 of the bearer token, 64 hex digits. */
  readonly tokenSha256: string;
  /** `CROCT_API_KEY`, `OPENPANEL_CLIENT_ID`… for this user's jobs; never returned by the API. */
  readonly env: Readonly<Record<string, string>>;
};

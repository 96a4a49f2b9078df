import type {RequestsLibrary} from './requests-port.js';
import type {Scheduler} from './scheduler.js';
import type {ExportStore} from './store.js';
import type {ExportRecord, JobQueue, ServiceUser} from './types.js';

/** What route handlers use of the service. */
export type ServiceContext = {
  readonly store: ExportStore;
  readonly requests: RequestsLibrary;
  readonly scheduler: Scheduler;
  readonly queue: JobQueue;
  readonly dataDir: string;
  readonly users: readonly ServiceUser[];
  /** Requests of one user with a job not yet finished, at most. */
  readonly maxQueued: number;
  readonly maxBodyBytes: number;
  readonly now: () => Date;
  readonly log: (line: string) => void;
  /** The OpenAPI document served at `/openapi.json`. */
  readonly openapi: Readonly<Record<string, unknown>>;
  /** Drops the request's jobs from the queue (aborting a running one) and deletes its files. */
  forget(record: ExportRecord): Promise<void>;
};

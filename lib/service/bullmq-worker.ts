import {hostname} from 'node:os';
import {Worker} from 'bullmq';
import {runJob} from './job-runner.js';
import {connect, PROVIDER_QUEUES, queueName, redisOptions} from './redis-connection.js';
import type {RequestsLibrary} from './requests-port.js';
import type {JobOutcome, JobSpec, ServiceUser} from './types.js';

/** Options of {@link startBullmqWorker}. */
export type BullmqWorkerOptions = {
  /** `redis://host:port`. */
  readonly url: string;
  /** The directory shared with the API (a network volume across machines): files go to `files/`. */
  readonly dataDir: string;
  /** The same users as the API's: a job runs with its owner's provider credentials. */
  readonly users: readonly ServiceUser[];
  /** Jobs run at once per provider queue. @default 1 */
  readonly concurrency?: number;
  /** @default 'export-stream' (must match the API's) */
  readonly prefix?: string;
  /** Service-wide settings passed to jobs (no provider key). @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A job whose worker stopped renewing its lock for this long is given to another worker (ms). @default 30_000 */
  readonly lockDuration?: number;
  /** How often this worker looks for such stalled jobs (ms). @default 30_000 */
  readonly stalledInterval?: number;
  /** @default the real `lib/requests` */
  readonly requests?: RequestsLibrary;
  /** This worker's name in job records. @default `host#pid` */
  readonly name?: string;
};

/** A running BullMQ worker process's workers. */
export type BullmqWorker = {
  /** Finishes the jobs in progress, then disconnects. */
  close(): Promise<void>;
};

/**
 * Runs export jobs from Redis: one BullMQ Worker per provider queue. An export failure is the job's
 * result (returned, not thrown: BullMQ must not retry what the library already retried); a
 * provider's 429 rate-limits that provider's queue for the wait it asked and puts the job back.
 * A worker killed mid-job stops renewing its lock: after `lockDuration` another worker's stalled
 * check gives the job to a worker again, which starts it from scratch.
 */
export async function startBullmqWorker(options: BullmqWorkerOptions): Promise<BullmqWorker> {
  const requests = options.requests ?? (await import('./requests-library.js')).REQUESTS_LIBRARY;
  const connection = redisOptions(options.url);
  const clients = PROVIDER_QUEUES.map(() => connect(connection));
  const users = new Map(options.users.map((user) => [user.id, user]));
  const name = options.name ?? `${hostname()}#${process.pid}`;
  const workers = PROVIDER_QUEUES.map((provider, index) => {
    const worker: Worker<JobSpec, JobOutcome> = new Worker<JobSpec, JobOutcome>(
      queueName(options.prefix ?? 'export-stream', provider),
      async (job) => {
        const outcome = await runJob(job.data, {
          requests,
          dataDir: options.dataDir,
          user: users.get(job.data.userId),
          env: options.env ?? {},
          worker: name,
        });
        if (outcome.status === 'rateLimited') {
          await worker.rateLimit(outcome.retryAfter);
          throw Worker.RateLimitError();
        }
        return outcome;
      },
      {
        connection: clients[index]!,
        concurrency: options.concurrency ?? 1,
        lockDuration: options.lockDuration ?? 30_000,
        stalledInterval: options.stalledInterval ?? 30_000,
      },
    );
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      for (const client of clients) {
        client.disconnect();
      }
    },
  };
}

import {Queue, QueueEvents} from 'bullmq';
import type {Redis, RedisOptions} from 'ioredis';
import {connect, PROVIDER_QUEUES, queueName, redisOptions} from './redis-connection.js';
import type {JobEvents, JobOutcome, JobQueue, JobSpec} from './types.js';

/** Options of {@link createBullmqQueue}. */
export type BullmqQueueOptions = {
  /** `redis://host:port`. */
  readonly url: string;
  /** The first part of every queue's name: services sharing a Redis need distinct ones. @default 'export-stream' */
  readonly prefix?: string;
  /** How long BullMQ keeps a finished job (its id then still dedupes), in seconds. @default 7 days */
  readonly keepFinished?: number;
};

/** The name of BullMQ jobs; the id is what matters. */
export const JOB_NAME = 'export';

/**
 * The distributed mode's queue, on the API side: jobs go to one BullMQ queue per provider with
 * their deterministic id (BullMQ ignores an id that is waiting, delayed or active), and what the
 * workers report comes back through QueueEvents. At start, each job the store believes unfinished
 * is looked up: finished while the API was down → recorded; unknown to Redis → added again.
 */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  return new BullmqQueue(options);
}

class BullmqQueue implements JobQueue {
  readonly #connection: RedisOptions;
  readonly #clients: Redis[] = [];
  readonly #prefix: string;
  readonly #keep: number;
  readonly #queues = new Map<string, Queue>();
  readonly #listeners: QueueEvents[] = [];
  #events: JobEvents | undefined;

  constructor(options: BullmqQueueOptions) {
    this.#connection = redisOptions(options.url);
    this.#prefix = options.prefix ?? 'export-stream';
    this.#keep = options.keepFinished ?? 7 * 24 * 3600;
  }

  async start(events: JobEvents): Promise<void> {
    this.#events = events;
    for (const provider of PROVIDER_QUEUES) {
      const name = queueName(this.#prefix, provider);
      this.#queues.set(provider, new Queue(name, {connection: this.#client()}));
      const listener = new QueueEvents(name, {connection: this.#client()});
      listener.on('active', ({jobId}) => events.started(jobId));
      listener.on('completed', ({jobId, returnvalue}) =>
        events.finished(jobId, returnvalue as unknown as JobOutcome),
      );
      listener.on('failed', ({jobId, failedReason}) => events.finished(jobId, workerFailure(failedReason)));
      this.#listeners.push(listener);
      await listener.waitUntilReady();
    }
  }

  async enqueue(spec: JobSpec): Promise<void> {
    const queue = this.#queue(spec.provider);
    const existing = await queue.getJob(spec.jobId);
    if (existing !== undefined) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed') {
        return;
      }
      // Run again on purpose (run now): the finished job would make BullMQ ignore the id.
      await existing.remove();
    }
    await queue.add(JOB_NAME, spec, {
      jobId: spec.jobId,
      attempts: 1,
      removeOnComplete: {age: this.#keep},
      removeOnFail: {age: this.#keep},
    });
  }

  async reconcile(spec: JobSpec): Promise<void> {
    const job = await this.#queue(spec.provider).getJob(spec.jobId);
    const state = job === undefined ? 'unknown' : await job.getState();
    if (state === 'completed') {
      this.#events!.finished(spec.jobId, job!.returnvalue as JobOutcome);
    } else if (state === 'failed') {
      this.#events!.finished(spec.jobId, workerFailure(job!.failedReason));
    } else if (state === 'unknown') {
      await this.enqueue(spec);
    }
  }

  async cancel(jobId: string): Promise<void> {
    for (const queue of this.#queues.values()) {
      // An active job is locked by its worker and cannot be removed: its result is discarded when it arrives.
      await queue.remove(jobId).catch(() => 0);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#listeners.map((listener) => listener.close()));
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()));
    for (const client of this.#clients) {
      client.disconnect();
    }
  }

  #client(): Redis {
    const client = connect(this.#connection);
    this.#clients.push(client);
    return client;
  }

  #queue(provider: string): Queue {
    // parseRequest admits only the providers that have a queue.
    return this.#queues.get(provider)!;
  }
}

/** A job that threw in the worker (not an export failure, which the worker returns): recorded as failed. */
function workerFailure(reason: string): JobOutcome {
  return {status: 'failed', error: {code: 'ERR_SERVICE_WORKER', message: reason}, worker: 'unknown'};
}

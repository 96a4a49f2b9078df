import type {JobEvents, JobOutcome, JobQueue, JobSpec} from './types.js';

/** Runs one job; rejects only when `signal` aborted it. */
export type RunFunction = (spec: JobSpec, signal: AbortSignal) => Promise<JobOutcome>;

/** Options of {@link EmbeddedPool}. */
export type EmbeddedPoolOptions = {
  /** Jobs run at once in this process. @default 2 */
  readonly concurrency?: number;
  readonly run: RunFunction;
  /** The clock of the provider pauses. @default Date.now */
  readonly now?: () => number;
};

/**
 * The embedded mode's queue: jobs run in this process, `concurrency` at a time, in the order they
 * were queued. A provider's 429 puts the job back at the head of the queue and pauses that
 * provider's jobs (only that provider's) for the wait the provider asked.
 */
export class EmbeddedPool implements JobQueue {
  readonly #concurrency: number;
  readonly #run: RunFunction;
  readonly #now: () => number;
  readonly #pending: JobSpec[] = [];
  readonly #running = new Map<string, {controller: AbortController; done: Promise<void>}>();
  readonly #pausedUntil = new Map<string, number>();
  #events: JobEvents | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: EmbeddedPoolOptions) {
    this.#concurrency = options.concurrency ?? 2;
    this.#run = options.run;
    this.#now = options.now ?? Date.now;
  }

  async start(events: JobEvents): Promise<void> {
    this.#events = events;
    this.#pump();
  }

  async enqueue(spec: JobSpec): Promise<void> {
    if (this.#running.has(spec.jobId) || this.#pending.some((queued) => queued.jobId === spec.jobId)) {
      return;
    }
    this.#pending.push(spec);
    this.#pump();
  }

  async cancel(jobId: string): Promise<void> {
    const index = this.#pending.findIndex((queued) => queued.jobId === jobId);
    if (index >= 0) {
      this.#pending.splice(index, 1);
    }
    const running = this.#running.get(jobId);
    if (running !== undefined) {
      running.controller.abort(new Error('cancelled'));
      await running.done;
    }
  }

  /** Aborts the running jobs (they stay `inProgress` in the store and run again at the next start). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const running = [...this.#running.values()];
    for (const {controller} of running) {
      controller.abort(new Error('service closing'));
    }
    await Promise.all(running.map(({done}) => done));
  }

  #pump(): void {
    if (this.#events === undefined || this.#closed) {
      return;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = this.#now();
    let wake = Number.POSITIVE_INFINITY;
    for (let index = 0; index < this.#pending.length && this.#running.size < this.#concurrency; ) {
      const spec = this.#pending[index]!;
      const until = this.#pausedUntil.get(spec.provider) ?? 0;
      if (until > now) {
        wake = Math.min(wake, until);
        index++;
        continue;
      }
      this.#pending.splice(index, 1);
      this.#start(spec, this.#events);
    }
    if (wake !== Number.POSITIVE_INFINITY) {
      this.#timer = setTimeout(() => this.#pump(), wake - now);
    }
  }

  #start(spec: JobSpec, events: JobEvents): void {
    const controller = new AbortController();
    events.started(spec.jobId);
    const settle = (outcome: JobOutcome | undefined) => {
      this.#running.delete(spec.jobId);
      if (outcome?.status === 'rateLimited') {
        this.#pausedUntil.set(spec.provider, this.#now() + outcome.retryAfter);
        this.#pending.unshift(spec);
        events.requeued(spec.jobId);
      } else if (outcome !== undefined) {
        events.finished(spec.jobId, outcome);
      }
      this.#pump();
    };
    // An aborted run (cancel, close) reports nothing: the store decides what happens to it.
    const done = this.#run(spec, controller.signal).then(settle, () => settle(undefined));
    this.#running.set(spec.jobId, {controller, done});
  }
}

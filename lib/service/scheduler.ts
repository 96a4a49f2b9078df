import {parsedRequest} from './parsed-request.js';
import type {RequestsLibrary} from './requests-port.js';
import type {ExportStore} from './store.js';
import type {ExportRecord, JobQueue, JobRecord, JobSpec} from './types.js';

/** The longest the scheduler sleeps between two looks at the requests, in milliseconds. */
export const MAX_SCHEDULER_SLEEP = 60_000;

/** The shortest sleep, so that a window that is due yet not returned cannot spin the loop. */
const MIN_SCHEDULER_SLEEP = 100;

/** At most this many windows of one request are queued per look (a long catch-up goes in batches). */
const MAX_WINDOWS_PER_TICK = 100;

/** The job's deterministic id: the same item of the same window always gets the same id. */
export function jobIdOf(requestId: string, item: number, windowKey: string): string {
  return `${requestId}_${item}_${windowKey}`;
}

/** The job as a queue carries it (no credential: workers look the user up in their own tokens). */
export function specOf(record: ExportRecord, job: JobRecord): JobSpec {
  const items = record.request.items as readonly {provider?: unknown}[];
  return {
    jobId: job.id,
    requestId: record.id,
    userId: record.userId,
    provider: String(items[job.item]?.provider),
    request: record.request,
    window: job.window,
    item: job.item,
  };
}

/** What the {@link Scheduler} needs. */
export type SchedulerOptions = {
  readonly store: ExportStore;
  readonly requests: RequestsLibrary;
  readonly queue: JobQueue;
  readonly now: () => Date;
};

/**
 * Turns due windows into jobs: one per item and window, saved as `notProcessed` before they are
 * queued (a crash in between re-queues them at start). Windows come from `dueWindows`, with every
 * window that already has jobs counted as done, so a window is queued once whatever the restarts.
 * Sleeps until the next window of any recurring request closes (at most a minute: a clock change
 * or a new request is noticed).
 */
export class Scheduler {
  readonly #options: SchedulerOptions;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #ticking: Promise<void> = Promise.resolve();

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  /** Creates and queues the jobs of the request's due windows; resolves to the new jobs. */
  async schedule(record: ExportRecord): Promise<JobRecord[]> {
    const {requests, now, store, queue} = this.#options;
    const request = parsedRequest(requests, record.request);
    const scheduled = new Set(record.jobs.map((job) => job.window.key));
    const windows = requests.dueWindows(request, {
      now: now(),
      completed: scheduled,
      firstRunAt: new Date(record.firstRunAt),
      maxWindows: MAX_WINDOWS_PER_TICK,
    });
    const items = (record.request.items as readonly unknown[]).length;
    const createdAt = now().toISOString();
    const created: JobRecord[] = [];
    for (const window of windows) {
      for (let item = 0; item < items; item++) {
        const stored = {start: window.start.toISOString(), end: window.end.toISOString(), key: window.key};
        const job: JobRecord = {
          id: jobIdOf(record.id, item, window.key),
          item,
          window: stored,
          status: 'notProcessed',
          createdAt,
          attempts: 0,
          // The request's own label, when it gives one: the page and the API name the item before
          // its job has run (the default label, its file name, comes with the result).
          label: labelOf(record.request.items, item),
        };
        record.jobs.push(job);
        created.push(job);
      }
    }
    if (created.length > 0) {
      record.updatedAt = createdAt;
      await store.save(record);
      for (const job of created) {
        await queue.enqueue(specOf(record, job));
      }
    }
    return created;
  }

  /** Looks at every request now, then sleeps until the next window closes. */
  tick(): Promise<void> {
    this.#ticking = this.#ticking.then(() => this.#tick());
    return this.#ticking;
  }

  /** Stops the timer; a look in progress finishes. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#ticking;
  }

  async #tick(): Promise<void> {
    if (this.#closed) {
      return;
    }
    clearTimeout(this.#timer);
    const {store, requests, now} = this.#options;
    let next = now().getTime() + MAX_SCHEDULER_SLEEP;
    for (const record of store.all()) {
      await this.schedule(record);
      const close = requests.nextWindowClose(parsedRequest(requests, record.request), {
        now: now(),
        firstRunAt: new Date(record.firstRunAt),
      });
      if (close !== undefined) {
        next = Math.min(next, close.getTime());
      }
    }
    // Not 0: a window that is due but not yet queued (the catch-up batch was full) is picked up soon.
    const delay = Math.max(MIN_SCHEDULER_SLEEP, next - now().getTime());
    this.#timer = setTimeout(() => void this.tick(), delay);
    this.#timer.unref();
  }
}

/** The `label` an item of a stored request gives, if any. */
function labelOf(items: unknown, item: number): string | undefined {
  const label = (items as readonly {label?: unknown}[])[item]?.label;
  return typeof label === 'string' ? label : undefined;
}

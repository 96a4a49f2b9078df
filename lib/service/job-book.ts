import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {jobDirectory, toPortWindow} from './job-runner.js';
import {parsedRequest} from './parsed-request.js';
import type {PortItemResult, RequestsLibrary} from './requests-port.js';
import type {ExportStore} from './store.js';
import type {ExportRecord, JobEvents, JobOutcome, JobRecord, ServiceUser} from './types.js';

/** What the {@link JobBook} needs from the service. */
export type JobBookOptions = {
  readonly store: ExportStore;
  readonly requests: RequestsLibrary;
  readonly dataDir: string;
  readonly users: ReadonlyMap<string, ServiceUser>;
  /** Service-wide notification settings (`EXPORT_SMTP_URL`, `SLACK_WEBHOOK_URL`…). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  /** Called after a job changed (the web page may push it; tests wait on it). */
  readonly onChange?: (record: ExportRecord, job: JobRecord) => void;
  /** Where a failure to apply an event is reported (the next events still apply). */
  readonly log: (line: string) => void;
};

/**
 * Applies what the queue reports to the store, one event at a time in arrival order (the events of
 * one job must not overtake each other while a save is in flight), and notifies once every item of
 * a window has finished: one `notifyOutcome` per window, the deliveries recorded on each of its jobs.
 * Reports are idempotent: a duplicate `finished` (at-least-once delivery) changes nothing.
 */
export class JobBook implements JobEvents {
  readonly #options: JobBookOptions;
  #chain: Promise<void> = Promise.resolve();

  constructor(options: JobBookOptions) {
    this.#options = options;
  }

  started(jobId: string): void {
    this.#apply(jobId, (_record, job) => {
      if (job.status !== 'notProcessed' && job.status !== 'inProgress') {
        return false;
      }
      job.status = 'inProgress';
      job.startedAt = this.#options.now().toISOString();
      job.attempts++;
      return true;
    });
  }

  requeued(jobId: string): void {
    this.#apply(jobId, (_record, job) => {
      if (job.status !== 'inProgress') {
        return false;
      }
      job.status = 'notProcessed';
      return true;
    });
  }

  finished(jobId: string, outcome: JobOutcome): void {
    this.#apply(jobId, async (record, job) => {
      if (job.status !== 'notProcessed' && job.status !== 'inProgress') {
        return false;
      }
      job.finishedAt = this.#options.now().toISOString();
      job.worker = outcome.worker;
      if (outcome.status === 'done') {
        Object.assign(job, {status: 'done', error: undefined}, outcome.result);
      } else {
        Object.assign(job, {status: 'failed', error: outcome.error});
      }
      await this.#windowFinished(record, job);
      return true;
    });
  }

  /** Resolves once every event received so far is applied and saved. */
  idle(): Promise<void> {
    return this.#chain;
  }

  #apply(jobId: string, change: (record: ExportRecord, job: JobRecord) => boolean | Promise<boolean>): void {
    const apply = async () => {
      const record = this.#options.store.get(jobId.slice(0, jobId.indexOf('_')));
      const job = record?.jobs.find((candidate) => candidate.id === jobId);
      if (record === undefined || job === undefined) {
        // Its request was deleted while it ran (distributed mode): its file goes too.
        await rm(jobDirectory(this.#options.dataDir, jobId), {recursive: true, force: true});
        return;
      }
      if (await change(record, job)) {
        record.updatedAt = this.#options.now().toISOString();
        await this.#options.store.save(record);
        this.#options.onChange?.(record, job);
      }
    };
    const report = (error: unknown) => this.#options.log(`Could not record job ${jobId}: ${String(error)}`);
    this.#chain = this.#chain.then(apply).catch(report);
  }

  async #windowFinished(record: ExportRecord, job: JobRecord): Promise<void> {
    const {key} = job.window;
    const jobs = record.jobs.filter((candidate) => candidate.window.key === key);
    if (jobs.some((candidate) => candidate.status === 'notProcessed' || candidate.status === 'inProgress')) {
      return;
    }
    const failed = jobs.find((candidate) => candidate.status === 'failed');
    if (failed === undefined && !record.completed.includes(key)) {
      // Keys are UTC start instants written without separators: sorting them sorts the windows.
      record.completed.push(key);
      record.completed.sort();
    }
    if (record.request.notification === undefined) {
      return;
    }
    const {requests, dataDir, users, env} = this.#options;
    const results: PortItemResult[] = jobs
      .filter((candidate) => candidate.status === 'done')
      .map((done) => ({
        item: done.item,
        label: done.label!,
        path: join(jobDirectory(dataDir, done.id), done.fileName!),
        fileName: done.fileName!,
        rows: done.rows!,
        bytes: done.bytes!,
        contentType: done.contentType!,
      }));
    const outcome = {
      window: toPortWindow(job.window),
      results,
      ...(failed === undefined ? {} : {error: new Error(failed.error!.message)}),
    };
    const userEnv = {...env, ...users.get(record.userId)?.env};
    // notifyOutcome never throws for a delivery failure; it may for a bad request, which was validated.
    const deliveries = await requests.notifyOutcome(parsedRequest(requests, record.request), outcome, {
      env: userEnv,
    });
    for (const each of jobs) {
      each.notifications = deliveries.map((delivery) => ({...delivery}));
    }
  }
}

import {rm} from 'node:fs/promises';
import {jobDirectory} from './job-runner.js';
import type {ExportStore} from './store.js';

/** How long a file is kept after its job is done, in milliseconds. @default 7 days */
export const DEFAULT_RETENTION = 7 * 24 * 60 * 60 * 1000;

/** What {@link expireFiles} needs. */
export type RetentionOptions = {
  readonly store: ExportStore;
  readonly dataDir: string;
  /** Milliseconds a file is kept after its job finished. */
  readonly retention: number;
  readonly now: () => Date;
};

/**
 * Deletes the file of every job done more than `retention` ago and marks the job `expired`
 * (its download answers 404 from then on). Resolves to how many jobs expired.
 */
export async function expireFiles(options: RetentionOptions): Promise<number> {
  const {store, dataDir, retention, now} = options;
  const limit = now().getTime() - retention;
  let expired = 0;
  for (const record of store.all()) {
    let changed = false;
    for (const job of record.jobs) {
      if (job.status === 'done' && Date.parse(job.finishedAt!) <= limit) {
        await rm(jobDirectory(dataDir, job.id), {recursive: true, force: true});
        job.status = 'expired';
        job.expiredAt = now().toISOString();
        changed = true;
        expired++;
      }
    }
    if (changed) {
      record.updatedAt = now().toISOString();
      await store.save(record);
    }
  }
  return expired;
}

/** How often to look for expired files: a tenth of the retention, from 10 ms to a minute. */
export function retentionInterval(retention: number): number {
  return Math.min(60_000, Math.max(10, Math.floor(retention / 10)));
}

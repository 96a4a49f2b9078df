import type {ExportJob, ExportOutcome} from './export-job.js';
import {count, rate, seconds} from './progress.js';

/**
 * The one line that ends a run on stderr. With a state file it says what the output holds and what
 * the next run does: continue from the last checkpoint, or start over when no state was saved.
 *
 * @example
 * summary(job, 'events', outcome, undefined);
 * // 'events: 57 items, 3 pages in 0.2s (285 items/s, 0 retries) -> events.ndjson, 357 in total'
 */
export function summary(job: ExportJob, label: string, outcome: ExportOutcome, reason: unknown): string {
  const {items, pages, retries, elapsed} = outcome.totals;
  const done = `${count(items)} items, ${count(pages)} pages in ${seconds(elapsed)} (${rate(items, elapsed)}, ${count(retries)} retries)`;
  const held = `${job.outLabel} holds ${count(outcome.total)} items`;
  const kept =
    job.statePath === undefined
      ? ''
      : outcome.saved
        ? `; ${held} up to the last checkpoint, run again to continue`
        : `; no state was saved (${held}), so the next run starts over`;
  if (outcome.stopped) {
    return `${label}: stopped by ${String(reason)} after ${done}${kept}`;
  }
  if (outcome.error !== undefined) {
    return `${label}: failed after ${done}${kept}`;
  }
  const total = job.statePath === undefined ? '' : `, ${count(outcome.total)} in total`;
  return `${label}: ${done} -> ${job.outLabel}${total}`;
}

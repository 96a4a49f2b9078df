import type {ExportStream} from '../index.js';
import {createEncoder} from './encoders.js';
import type {ExportJob, ExportOutcome, JobContext, StreamRequest} from './export-job.js';
import {FileError, FileOutput, StreamOutput} from './output.js';
import {Progress} from './progress.js';
import type {AnyResource} from './providers/provider.js';
import {Checkpoints} from './state-checkpoints.js';
import {checkIdentity, type ExportIdentity, readState} from './state-file.js';
import {lockState} from './state-lock.js';
import {openStateOutput} from './state-resume.js';
import {summary} from './state-summary.js';

export type {ExportJob, ExportOutcome, JobContext, StreamRequest} from './export-job.js';

/**
 * Runs an export into its output. With a state file, the run first takes the state's lock (see
 * {@link lockState}); each checkpoint makes the output durable (flush + fsync) and then replaces
 * the state atomically; a run that finds a state file checks that the output is the one it
 * describes, truncates it back to the recorded length and continues from the recorded cursor.
 * Items read after the last checkpoint are never recorded: a crash loses them from the file and
 * the next run exports them again, which is what makes an interrupted and resumed output
 * byte-identical. A failing write or fsync (a full disk) cuts the output back to the length the
 * state records, so that both stay consistent, and fails the run with that error.
 */
export async function runExport(job: ExportJob, context: JobContext): Promise<ExportOutcome> {
  const notify = (text: string) => context.stderr.write(`${job.label}: ${text}\n`);
  const {statePath} = job;
  const lock = statePath === undefined ? undefined : await lockState(statePath, context.crash, notify);
  try {
    return await exportLocked(job, context, notify);
  } finally {
    await lock?.release();
  }
}

async function exportLocked(job: ExportJob, context: JobContext, notify: (text: string) => void) {
  const {statePath, command, out} = job;
  const {crash} = context;
  const state = statePath === undefined ? undefined : await readState(statePath, command);
  const identity: ExportIdentity = {
    ...job.identity,
    pageSize: job.identity.pageSize ?? state?.pageSize ?? job.provider.pageSize.default,
  };
  if (state !== undefined) {
    checkIdentity(state, identity, statePath as string, command);
  }
  const stream = job.open(identity, {
    cursor: state?.cursor,
    limit: job.limit,
    prefetch: job.prefetch,
    partitions: job.partitions,
    ordered: job.ordered,
    signal: context.signal,
  });
  // An abort before the loop below starts reading errors the stream with no listener yet; the
  // loop's iterator rethrows the stored error, so this listener only keeps it from crashing.
  stream.on('error', () => {});
  const output = await Promise.resolve(
    out === undefined
      ? new StreamOutput(context.stdout)
      : statePath === undefined
        ? FileOutput.open(out, 'w', crash)
        : openStateOutput({path: out, statePath, state, command, crash, notify}),
  ).catch((error: unknown) => {
    stream.destroy();
    throw error;
  });
  const base = {
    cursor: state?.cursor,
    bytes: state?.bytes ?? 0,
    items: state?.items ?? 0,
    pages: state?.pages ?? 0,
  };
  // A shard after the first continues the first one's file when concatenated: no CSV header.
  const header = job.header !== false;
  const encoder = createEncoder(identity, job.resource, job.columns, {
    fresh: base.bytes === 0 && header,
    items: base.items,
  });
  const progress = new Progress(context.stderr, job.label, context.tty);
  const marks = new Checkpoints(output, statePath, identity, crash, base, state !== undefined);
  stream.on('checkpoint', ({cursor, items, pages}) => {
    progress.pages = pages;
    marks.reach(cursor, items, pages);
  });
  stream.on('retry', () => progress.retries++);
  // An asynchronous-job source (Coveo) reports its job's status, `{status}`, while the export waits.
  stream.on('status', (event: {readonly status: string}) => {
    progress.status = event.status;
  });

  let error: unknown;
  try {
    await output.write(encoder.header());
    for await (const item of stream) {
      await marks.commit();
      await output.write(encoder.item(item));
      progress.items++;
    }
    await marks.commit();
  } catch (failure) {
    error = failure;
    stream.destroy();
  }
  // A file failure (the output's or the state's) ends all writing but the cut back below.
  let broken = error instanceof FileError;
  try {
    if (!broken) {
      const complete = error === undefined && (job.limit === undefined || progress.items < job.limit);
      let closing = encoder;
      // An export that ran to its end keeps every item it wrote, even past the last checkpoint (a
      // last page without a next cursor): the state still records the checkpoint, so the next run
      // truncates back to it and exports that page again, byte for byte the same.
      if (output instanceof FileOutput && statePath !== undefined && !complete) {
        // Every item of the last checkpoint is encoded, so a failed or stopped run keeps that much.
        await marks.commit();
        // Items read after it (a stop, a failure, a --limit inside a page) are dropped: the next
        // run exports them again from the cursor. The footer must then match the items kept.
        const {bytes, items} = marks.committed;
        await output.rewind(bytes);
        closing = createEncoder(identity, job.resource, job.columns, {fresh: bytes === 0 && header, items});
        await output.write(closing.header());
      }
      if (error === undefined) {
        await output.write(closing.footer());
      }
      await output.sync();
    }
  } catch (failure) {
    error = failure;
    broken = true;
  }
  try {
    if (broken && output instanceof FileOutput) {
      // Cut back to what the state records (without one: to the last whole batch), never a torn line.
      await output.rewind(statePath === undefined ? undefined : marks.floor);
      await output.sync();
    }
  } finally {
    await output.close();
  }
  // A signal that arrives once every item is written changes nothing: the run is complete.
  const stopped = error !== undefined && !broken && context.signal.aborted;
  const outcome = {
    totals: progress.totals,
    total: statePath === undefined ? progress.items : (marks.recorded ?? marks.committed).items,
    saved: marks.recorded !== undefined,
    stopped,
    error: stopped ? undefined : error,
  };
  progress.finish(summary(job, job.label, outcome, context.signal.reason));
  return outcome;
}

/** Opens `resource`'s stream with `api` for an export's identity: the window as dates, its filters. */
export function openResource(
  resource: AnyResource,
  api: unknown,
  identity: ExportIdentity,
  request: StreamRequest,
): ExportStream<unknown> {
  return resource.open(api, {
    window: {
      start: identity.start === null ? undefined : new Date(identity.start),
      end: identity.end === null ? undefined : new Date(identity.end),
    },
    pageSize: identity.pageSize,
    filters: identity.filters,
    ...request,
  });
}

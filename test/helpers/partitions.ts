import type {Test} from 'tap';
import type {ExportStream} from '../../lib/core/export-stream.js';
import {waitFor} from './wait-for.js';

/** Reads `count` items, then destroys the stream (a crash): the items its last checkpoint covers, and that cursor. */
export async function readSome<T>(
  stream: ExportStream<T>,
  count: number,
): Promise<{items: T[]; cursor: string}> {
  const items: T[] = [];
  let cursor: string | undefined;
  stream.on('checkpoint', (checkpoint) => {
    cursor = checkpoint.cursor;
  });
  for await (const item of stream) {
    items.push(item);
    if (items.length === count) break;
  }
  // Only what a checkpoint covers counts as read: the rest comes again after the resume.
  const covered = cursor === undefined ? 0 : stream.checkpoint.items;
  return {items: items.slice(0, covered), cursor: cursor ?? (stream.cursor as string)};
}

/** Reads until the stream fails: its error, the items its last checkpoint covers, and that cursor. */
export async function readUntilFailure<T>(
  stream: ExportStream<T>,
): Promise<{error: (Error & {code?: string}) | undefined; covered: T[]; cursor: string | undefined}> {
  const items: T[] = [];
  let cursor: string | undefined;
  stream.on('checkpoint', (checkpoint) => {
    cursor = checkpoint.cursor;
  });
  try {
    for await (const item of stream) items.push(item);
  } catch (failure) {
    return {error: failure as Error, covered: items.slice(0, stream.checkpoint.items), cursor};
  }
  return {error: undefined, covered: items, cursor};
}

/** Once the server has no request in flight, no partition starts another. */
export async function assertNoMoreRequests(
  t: Test,
  stats: {readonly inFlight: number; readonly requests: number},
): Promise<void> {
  await waitFor(() => stats.inFlight === 0, {timeout: 5000});
  const requests = stats.requests;
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(stats.requests, requests, 'no partition goes on requesting');
}

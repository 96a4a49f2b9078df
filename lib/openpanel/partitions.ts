import {InvalidOptionError} from '../core/errors.js';
import {newestFirst} from '../core/partition-axis.js';
import {decodePartitionCursor, isPartitionCursor} from '../core/partition-cursor.js';
import {partitionWindow, type ResolvedPartitions, resolvePartitions} from '../core/partition-options.js';
import type {SplitAlign} from '../core/partition-split.js';
import {timeWindow} from '../core/time.js';

const DAY = 86_400_000;

/**
 * The UTC midnight nearest to `at` strictly between `lower` and `upper`, or `undefined`. OpenPanel
 * filters whole UTC days on the server, so a chain that starts at a midnight asks for its own days
 * only; one that started mid-day would page through that day's newer events, only to drop them.
 */
export const utcMidnight: SplitAlign = (at, lower, upper) => {
  const floor = Math.floor(at / DAY) * DAY;
  const near = at - floor < DAY / 2 ? [floor, floor + DAY] : [floor + DAY, floor];
  return near.find((cut) => cut > lower && cut < upper);
};

/**
 * Part `index` (0-based) of `count` parts of `window` for an OpenPanel events export, newest first
 * (part 0 holds the newest events, so that parts exported one after the other, in index order, list
 * the window as one export does) and cut at the UTC midnights nearest to equal parts. A part is empty
 * (`start === end`) when the window holds fewer whole days than parts. The CLI's `--partition i/N`
 * shards of `openpanel events` are these.
 *
 * @example
 * ```ts
 * const day = 86_400_000;
 * openPanelPartitionWindow({start: 0, end: 4 * day}, 0, 2); // {start: 2 * day, end: 4 * day}
 * ```
 */
export function openPanelPartitionWindow(
  window: {readonly start: number; readonly end: number},
  index: number,
  count: number,
): {start: number; end: number} {
  const part = partitionWindow(window, count - 1 - index, count);
  const cut = (at: number) =>
    at === window.start || at === window.end ? at : (utcMidnight(at, window.start - 1, window.end + 1) ?? at);
  const start = cut(part.start);
  return {start, end: Math.max(start, cut(part.end))};
}

/**
 * Checks the partition options of an events export: `undefined` without `partitions`. The window is
 * `[start, end)` with `end` frozen at `now` when it is later or not given; the chains are cut at UTC
 * midnights and read newest first (see {@link newestFirst}). A cursor must be one of an OpenPanel
 * events export with the same filters (`query`, their fingerprint). An unfinished one resumes its own
 * window: `start` may be its start or earlier, `end` left out or at or after its (frozen) end, so that
 * the same command line resumes it. A finished one continues from its end up to `end` or "now":
 * incremental runs read what arrived since, each event once.
 */
export function resolveEventPartitions(
  options: Readonly<Record<string, unknown>>,
  query: string,
  now: number,
): ResolvedPartitions | undefined {
  const layout = {align: newestFirst.align(utcMidnight), tag: `openpanel.events:${query}`};
  if (options.partitions === undefined) {
    // Refuses `ordered` alone and a partitioned export's cursor without `partitions`.
    return resolvePartitions(options, {start: undefined, end: undefined}, now, layout);
  }
  const window = timeWindow(options.start, options.end);
  if (window.start === undefined) {
    throw new InvalidOptionError(
      'start',
      'a time: `partitions` splits the window from `start` to `end`',
      undefined,
    );
  }
  const {cursor} = options;
  const until = Math.min(window.end ?? now, now);
  if (!isPartitionCursor(cursor)) {
    if (cursor !== undefined) {
      throw new InvalidOptionError(
        'cursor',
        "a cursor of a partitioned export (`stream.cursor` or a checkpoint's), as it was saved",
        cursor,
      );
    }
    if (until <= window.start) {
      throw new InvalidOptionError('start', 'a time before "now"', options.start);
    }
    return resolvePartitions(options, newestFirst.window({start: window.start, end: until}), now, layout);
  }
  const saved = decodePartitionCursor(cursor as string);
  if (saved.tag !== layout.tag) {
    throw new InvalidOptionError(
      'cursor',
      'a cursor of an OpenPanel events export with the same `events`, `profileId`, `filters` and `projectId`',
      cursor,
    );
  }
  const own = newestFirst.window(saved.window);
  if (window.start > own.start) {
    throw new InvalidOptionError(
      'start',
      `the cursor's start (${new Date(own.start).toISOString()}) or earlier: a cursor resumes its own window`,
      options.start,
    );
  }
  if (saved.chains.length === 0 && until > own.end) {
    // Finished: the next window, from its end.
    const next = newestFirst.window({start: own.end, end: until});
    return resolvePartitions({...options, cursor: undefined}, next, now, layout);
  }
  if (window.end !== undefined && window.end < own.end) {
    throw new InvalidOptionError(
      'end',
      `the cursor's end (${new Date(own.end).toISOString()}) or later: a cursor resumes its own window`,
      options.end,
    );
  }
  // The cursor's own window, in the core's terms: any later `end` has been accepted above.
  return resolvePartitions(options, saved.window, now, layout);
}

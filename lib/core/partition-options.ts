import {InvalidOptionError} from './errors.js';
import {
  type ChainState,
  decodePartitionCursor,
  isPartitionCursor,
  type PartitionState,
} from './partition-cursor.js';
import type {SplitAlign} from './partition-split.js';
import type {TimeWindow} from './time.js';
import {booleanOption, integerOption} from './validate.js';

/** The options of a time-windowed export that split it into concurrent cursor chains. */
export type PartitionOptions = {
  /**
   * Reads the window `[start, end)` as this many sub-windows at once, each its own cursor chain
   * (1 to 64). Needs `start`; without `end` (or with one later than "now") the window ends at "now",
   * frozen when the stream is created. A busy sub-window's remaining range is split again when another chain finishes, so
   * uneven data keeps every chain busy. The stream's cursor becomes one composite cursor that
   * resumes every chain exactly; `prefetch` (at least 1) is each chain's read-ahead in pages.
   * @default undefined (one cursor chain over the whole window)
   */
  readonly partitions?: number | undefined;
  /**
   * With `partitions`: `true` delivers items in the window's order (the chains after the one being
   * read fill their read-ahead and wait); `false` delivers each page as it arrives from any chain,
   * for loads where order does not matter. Both hold at most
   * `partitions × (prefetch + 1) × pageSize + highWaterMark` items.
   * @default false (measured faster; see docs/partitions.md)
   */
  readonly ordered?: boolean | undefined;
};

/** The option names of {@link PartitionOptions}, for an export method's list of known keys. */
export const PARTITION_OPTION_NAMES = Object.freeze(['partitions', 'ordered'] as const);

/** The most partitions one stream may run. */
export const MAX_PARTITIONS = 64;

/** A partitioned export's settings once checked. */
export type ResolvedPartitions = {
  /** Requests in flight at most. */
  readonly count: number;
  readonly ordered: boolean;
  /** Pages each chain may hold or have in flight. */
  readonly readAhead: number;
  /** Where the export starts: a fresh split of the window, or the state the cursor holds. */
  readonly state: PartitionState;
  /** Where chains may be cut, first and when split (the layout's; any millisecond by default). */
  readonly align: SplitAlign;
};

/** The split rule when a provider has none: any millisecond will do. */
const anyMillisecond: SplitAlign = (at) => at;

/** How a provider's partitions are laid out (see {@link resolvePartitions}). */
export type PartitionLayout = {
  /** Moves the cuts between chains to points the provider can split at. @default any millisecond */
  readonly align?: SplitAlign | undefined;
  /** Names the export in its cursors (see {@link PartitionState.tag}). @default none */
  readonly tag?: string | undefined;
};

/**
 * Checks the partition options of an export call synchronously; `undefined` when `partitions` is
 * not given. `now` freezes the window's end when `end` is not given; `layout.align` moves the cuts
 * between the first chains to points the provider can split at (see {@link SplitAlign}).
 *
 * A `cursor` must be a partitioned export's with the same `layout.tag`. An unfinished one resumes
 * its own window: `start` may be its start or earlier, `end` its end or later, or left out. A finished
 * one (no chain left) continues: the next window runs from its end to `end` (or "now"), so that
 * incremental runs (the CLI's `--state`) read what arrived since, each item once.
 */
export function resolvePartitions(
  options: Readonly<Record<string, unknown>>,
  window: TimeWindow,
  now: number,
  layout: PartitionLayout = {},
): ResolvedPartitions | undefined {
  const {partitions, ordered, cursor, prefetch} = options;
  if (partitions === undefined) {
    if (ordered !== undefined) {
      throw new InvalidOptionError('ordered', 'undefined without `partitions`', ordered);
    }
    if (isPartitionCursor(cursor)) {
      throw new InvalidOptionError(
        'partitions',
        "a number of partitions: the cursor is a partitioned export's",
        partitions,
      );
    }
    return undefined;
  }
  const count = integerOption('partitions', partitions, 1, MAX_PARTITIONS);
  const inOrder = ordered === undefined ? false : booleanOption('ordered', ordered);
  const readAhead = Math.max(1, integerOption('prefetch', prefetch ?? 1, 0, 100));
  if (window.start === undefined) {
    throw new InvalidOptionError(
      'start',
      'a time: `partitions` splits the window from `start` to `end`',
      undefined,
    );
  }
  const align = layout.align ?? anyMillisecond;
  const settings = {count, ordered: inOrder, readAhead, align};
  if (typeof cursor === 'string') {
    const state = decodePartitionCursor(cursor);
    if (state.tag !== layout.tag) {
      throw new InvalidOptionError(
        'cursor',
        'a cursor of this export (the same resource and filters)',
        cursor,
      );
    }
    if (window.start > state.window.start) {
      throw new InvalidOptionError(
        'start',
        `the cursor's start (${new Date(state.window.start).toISOString()}) or earlier: a cursor resumes its own window`,
        options.start,
      );
    }
    const until = window.end ?? now;
    if (state.chains.length === 0 && until > state.window.end) {
      // The next window starts where the last one ended; its first chain keeps what the server sends,
      // as the last one's did: a server that rounds times on the wire rounds both ends alike, so the
      // two windows meet without a gap or an overlap.
      return {...settings, state: split({start: state.window.end, end: until}, inOrder ? 1 : count, layout)};
    }
    if (window.end !== undefined && window.end < state.window.end) {
      throw new InvalidOptionError(
        'end',
        `the cursor's end (${new Date(state.window.end).toISOString()}) or later: a cursor resumes its own window`,
        options.end,
      );
    }
    return {...settings, state};
  }
  const end = window.end ?? now;
  if (end <= window.start) {
    throw new InvalidOptionError('start', 'a time before "now" when `end` is not given', window.start);
  }
  // In order, equal parts would spend the read-ahead budget far from what the consumer reads next:
  // one chain starts, and carving its rest (see pickSplit) builds the pipeline near the consumer.
  return {...settings, state: split({start: window.start, end}, inOrder ? 1 : count, layout)};
}

/** The first chains over `whole`: `parts` equal parts, cut where `layout.align` accepts. */
function split(whole: {start: number; end: number}, parts: number, layout: PartitionLayout): PartitionState {
  const {end} = whole;
  const align = layout.align ?? anyMillisecond;
  const cuts = [whole.start];
  for (let index = 1; index < parts; index++) {
    const cut = align(partitionWindow(whole, index, parts).start, cuts.at(-1)!, end);
    // An empty part (a window of fewer milliseconds than parts, or no boundary the provider accepts
    // inside it) is no chain.
    if (cut !== undefined && cut > cuts.at(-1)! && cut < end) {
      cuts.push(cut);
    }
  }
  cuts.push(end);
  const chains: ChainState[] = [];
  for (let index = 1; index < cuts.length; index++) {
    // The server is asked for the rest of the window, not the part: see ChainState.
    chains.push({start: cuts[index - 1]!, end, stop: cuts[index]!, cursor: undefined});
  }
  return {window: whole, chains, ...(layout.tag === undefined ? {} : {tag: layout.tag})};
}

/**
 * Sub-window `index` (0-based) of `count` equal parts of `window`, in whole milliseconds: the parts
 * are contiguous and together are exactly the window (a part is empty when the window has fewer
 * milliseconds than parts). The CLI's `--partition i/N` shards are these.
 *
 * @example
 * ```ts
 * partitionWindow({start: 0, end: 10}, 1, 4); // {start: 2, end: 5}
 * ```
 */
export function partitionWindow(
  window: {readonly start: number; readonly end: number},
  index: number,
  count: number,
): {start: number; end: number} {
  integerOption('count', count, 1);
  integerOption('index', index, 0, count - 1);
  // In BigInt: a window of 8.64e15 ms times a part number passes 2^53.
  const span = BigInt(window.end - window.start);
  const at = (part: number) => window.start + Number((span * BigInt(part)) / BigInt(count));
  return {start: at(index), end: at(index + 1)};
}

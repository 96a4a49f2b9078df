import type {PartitionChain} from './partition-chain.js';

/** Where to split a chain: it keeps the range before `at` and a new chain takes `[at, chain.stop)`. */
export type Split<T> = {readonly chain: PartitionChain<T>; readonly at: number};

/**
 * Picks the chain whose remaining range a free request slot should take over, or `undefined` when
 * no chain has enough left to be worth a split (two pages, ordered: two read-aheads; a shorter rest
 * ends sooner than a new chain gets going).
 *
 * A chain's remaining items are estimated from its density (items read per millisecond of its
 * sub-window covered; before its first page, the density of the chain it was split from).
 *
 * - Unordered: the chain with the most items left is halved (in time, at its density): repeated
 *   halving finds where the data really is, whatever the skew.
 * - Ordered: the first chain in window order with enough left keeps one read-ahead's worth of items
 *   and hands the rest on, and the new chain is carved the same way: a pipeline of chunks just
 *   ahead of the consumer, each fully buffered by its own chain, so the read-ahead budget goes to
 *   what the consumer reads next rather than to the far end of the window. A chunk whose density
 *   was misjudged (a burst) is carved again once its own first page has told its density.
 */
export function pickSplit<T>(
  chains: readonly PartitionChain<T>[],
  ordered: boolean,
  pageSize: number,
  readAhead: number,
  align: SplitAlign,
): Split<T> | undefined {
  // Ordered: a chunk is what one chain buffers ahead of the consumer; worth a split past two of them.
  const chunk = (ordered ? readAhead : 1) * pageSize;
  const candidates: {chain: PartitionChain<T>; lower: number; rest: number; density: number}[] = [];
  for (const chain of chains) {
    // The chain may still deliver from just after its latest item (from its start before any).
    const lower = chain.position === undefined ? chain.start : chain.position + 1;
    const density = chain.density;
    if (chain.done || density === undefined || chain.stop - lower < 2) {
      continue;
    }
    const rest = density * (chain.stop - lower);
    if (rest > 2 * chunk) {
      candidates.push({chain, lower, rest, density});
    }
  }
  if (!ordered) {
    candidates.sort((a, b) => b.rest - a.rest);
  }
  // The first candidate (ordered: in window order; unordered: the most items left) that can be split
  // at a point the provider accepts.
  for (const {chain, lower, density} of candidates) {
    const span = chain.stop - lower;
    const keep = ordered ? Math.ceil(chunk / density) : Math.floor(span / 2);
    // Both sides keep at least one millisecond of the range.
    const at = align(lower + Math.min(Math.max(keep, 1), span - 1), lower, chain.stop);
    if (at !== undefined && at > lower && at < chain.stop) {
      return {chain, at};
    }
  }
  return undefined;
}

/**
 * Moves a split point to one the provider can split at cheaply (e.g. a day boundary, for an API
 * that filters whole days), strictly between `lower` and `upper`; `undefined`: none there, the
 * chain is not split.
 */
export type SplitAlign = (at: number, lower: number, upper: number) => number | undefined;

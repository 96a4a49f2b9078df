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
): Split<T> | undefined {
  // Ordered: a chunk is what one chain buffers ahead of the consumer; worth a split past two of them.
  const chunk = (ordered ? readAhead : 1) * pageSize;
  let best: {chain: PartitionChain<T>; lower: number; rest: number; density: number} | undefined;
  for (const chain of chains) {
    // The chain may still deliver from just after its latest item (from its start before any).
    const lower = chain.position === undefined ? chain.start : chain.position + 1;
    const density = chain.density;
    if (chain.done || density === undefined || chain.stop - lower < 2) {
      continue;
    }
    const rest = density * (chain.stop - lower);
    if (rest <= 2 * chunk) {
      continue;
    }
    if (ordered) {
      best = {chain, lower, rest, density};
      break;
    }
    if (best === undefined || rest > best.rest) {
      best = {chain, lower, rest, density};
    }
  }
  if (best === undefined) {
    return undefined;
  }
  const {chain, lower, density} = best;
  const span = chain.stop - lower;
  const keep = ordered ? Math.ceil(chunk / density) : Math.floor(span / 2);
  // Both sides keep at least one millisecond of the range.
  return {chain, at: lower + Math.min(Math.max(keep, 1), span - 1)};
}

import type {PartitionChain} from './partition-chain.js';

/** Where to split a chain: it keeps the range before `at` and a new chain takes `[at, chain.stop)`. */
export type Split<T> = {readonly chain: PartitionChain<T>; readonly at: number};

/**
 * Picks the chain whose remaining range a free request slot should take over, or `undefined` when
 * no chain has enough left to be worth a split (about two pages: a shorter rest ends sooner than a
 * new chain gets its first page).
 *
 * A chain's remaining items are estimated from its density so far (items read per millisecond of
 * its sub-window covered), so only chains that have read items are candidates.
 *
 * - Unordered: the chain with the most items left is halved (in time, at its density): repeated
 *   halving finds where the data really is, whatever the skew.
 * - Ordered: the first chain in window order with enough left keeps about two pages and hands the
 *   rest on: the new chain reads just ahead of the consumer, and is itself carved when its first
 *   page has told its density. This keeps the requests near what the consumer reads next, where
 *   the read-ahead budget is useful.
 */
export function pickSplit<T>(
  chains: readonly PartitionChain<T>[],
  ordered: boolean,
  pageSize: number,
): Split<T> | undefined {
  const wanted = 2 * pageSize;
  let best: {chain: PartitionChain<T>; lower: number; rest: number; density: number} | undefined;
  for (const chain of chains) {
    // The chain may still deliver from just after its latest item.
    const lower = (chain.position ?? Number.POSITIVE_INFINITY) + 1;
    if (chain.done || chain.stop - lower < 2) {
      continue;
    }
    const density = chain.seen / (lower - chain.start);
    const rest = density * (chain.stop - lower);
    if (rest <= wanted) {
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
  const keep = ordered ? Math.ceil(wanted / density) : Math.floor(span / 2);
  // Both sides keep at least one millisecond of the range.
  return {chain, at: lower + Math.min(Math.max(keep, 1), span - 1)};
}

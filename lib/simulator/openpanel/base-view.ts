/**
 * The matching rows of the base table within an index range `[lo, hi)`, newest (highest index) first.
 * Without a predicate every row matches and each answer is arithmetic; with one, the range is scanned
 * once and a checkpoint kept every {@link STEP} matches, so later answers scan at most a step.
 */
type BaseView = {
  /** How many rows match. */
  readonly count: number;
  /** The index of match number `rank` (0 is the newest). */
  nth(rank: number): number;
  /** How many matches have an index of at least `from`. */
  countFrom(from: number): number;
  /** The index of the next match below `index` (below `lo` when none). */
  next(index: number): number;
};

const STEP = 256;

function denseView(lo: number, hi: number): BaseView {
  return {
    count: hi - lo,
    nth: (rank) => hi - 1 - rank,
    countFrom: (from) => hi - Math.min(hi, Math.max(lo, from)),
    next: (index) => index - 1,
  };
}

function sparseView(lo: number, hi: number, match: (index: number) => boolean): BaseView {
  // checkpoints[c] is the index of match number c * STEP, in decreasing index order.
  const checkpoints: number[] = [];
  let count = 0;

  for (let index = hi - 1; index >= lo; index--) {
    if (match(index)) {
      if (count % STEP === 0) {
        checkpoints.push(index);
      }
      count += 1;
    }
  }

  const next = (from: number): number => {
    let index = from - 1;
    while (index >= lo && !match(index)) {
      index -= 1;
    }
    return index;
  };

  return {
    count,
    next,
    nth(rank) {
      let index = checkpoints[Math.floor(rank / STEP)] as number;
      for (let left = rank % STEP; left > 0; left--) {
        index = next(index);
      }
      return index;
    },
    countFrom(from) {
      // The last checkpoint at or above `from`, then a scan down to `from`.
      let low = 0;
      let high = checkpoints.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((checkpoints[mid] as number) >= from) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      if (low === 0) {
        return 0;
      }
      let matches = (low - 1) * STEP + 1;
      for (let index = (checkpoints[low - 1] as number) - 1; index >= from; index--) {
        if (match(index)) {
          matches += 1;
        }
      }
      return matches;
    },
  };
}

/** The view of `[lo, hi)` under `match` (every row when `match` is undefined). */
function baseView(lo: number, hi: number, match: ((index: number) => boolean) | undefined): BaseView {
  return match === undefined ? denseView(lo, hi) : sparseView(lo, hi, match);
}

export type {BaseView};
export {baseView};

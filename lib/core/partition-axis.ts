import type {SplitAlign} from './partition-split.js';

/**
 * The last millisecond a `Date` can hold: reflecting times around it keeps them non-negative safe
 * integers, as a partition cursor requires.
 */
const MIRROR = 8_640_000_000_000_000;

/**
 * The time axis of a partitioned export over an API that lists newest first. The partition core
 * reads every chain in non-decreasing time and cuts windows `[start, end)`; reflecting time maps a
 * newest-first listing onto that: an item created at `t` lies at `MIRROR - t`, a boundary `b` (between
 * the items before it and those at or after it) at `MIRROR + 1 - b`, and the window `[start, end)` of
 * creation times becomes `[MIRROR + 1 - end, MIRROR + 1 - start)`. Each mapping is its own inverse, so
 * the same functions turn the core's windows and split points back into creation times.
 */
export const newestFirst = Object.freeze({
  /** Where an item created at `time` lies on the axis. */
  item: (time: number): number => MIRROR - time,
  /** A window of creation times, on the axis (and back). */
  window: (window: {readonly start: number; readonly end: number}): {start: number; end: number} => ({
    start: MIRROR + 1 - window.end,
    end: MIRROR + 1 - window.start,
  }),
  /** A split rule over creation times, as a rule over the axis. */
  align:
    (align: SplitAlign): SplitAlign =>
    (at, lower, upper) => {
      const cut = align(MIRROR + 1 - at, MIRROR + 1 - upper, MIRROR + 1 - lower);
      return cut === undefined ? undefined : MIRROR + 1 - cut;
    },
});

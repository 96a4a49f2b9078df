import {hash} from '../core/random.js';
import type {CoveoTable} from './options.js';

const DAY = 86_400_000;
const TWO_32 = 4_294_967_296;

/** The seeded stream of each table's rows (apart from the other simulators' streams). */
const TABLE_STREAM: Readonly<Record<CoveoTable, number>> = {
  searches: 42,
  clicks: 43,
  custom_events: 44,
  groups: 45,
  keywords: 46,
};

/**
 * Where a table's rows lie in time. Row `k` is the `j`-th of day `d` (`k = d·perDay + j`) and lies
 * at `d·DAY + floor((j + u)·DAY / perDay)` with a seeded jitter `u` in [0, 1): one row per slot, so
 * the rows of any window are a contiguous range of `k` found by arithmetic, and windows split at
 * any instants add up exactly to the whole. No rows lie before 1970.
 */
class Timeline {
  readonly #seed: number;
  readonly #stream: number;
  /** Rows per day. */
  readonly perDay: number;

  constructor(seed: number, table: CoveoTable, perDay: number) {
    this.#seed = seed;
    this.#stream = TABLE_STREAM[table];
    this.perDay = perDay;
  }

  /** The time of row `k`, in ms since epoch. */
  time(k: number): number {
    const day = Math.floor(k / this.perDay);
    const slot = k - day * this.perDay;
    const jitter = hash(this.#seed, this.#stream, k) / TWO_32;
    // slot·DAY stays below 2^53 for perDay up to 10^7: the product is exact.
    return day * DAY + Math.floor(((slot + jitter) * DAY) / this.perDay);
  }

  /** The seed of row `k`'s values. */
  rowSeed(k: number): number {
    return hash(this.#seed, this.#stream, k, 1);
  }

  /** The index of the first row at or after `t` (rows before it all lie before `t`). */
  firstAtOrAfter(t: number): number {
    if (this.perDay === 0) {
      return 0;
    }
    const instant = Math.max(0, t);
    const day = Math.floor(instant / DAY);
    const ms = instant - day * DAY;
    let k = day * this.perDay + Math.floor((ms * this.perDay) / DAY);
    // The row of the slot holding `ms` may lie just before it; the next one never does.
    while (this.time(k) < instant) {
      k += 1;
    }
    return k;
  }

  /** The index of the last row at or before `t`, or -1 when there is none. */
  lastAtOrBefore(t: number): number {
    return this.perDay === 0 ? -1 : this.firstAtOrAfter(t + 1) - 1;
  }

  /** The rows of the window [from, to): the first index and how many. */
  range(from: number, to: number): {first: number; count: number} {
    const first = this.firstAtOrAfter(from);
    return {first, count: Math.max(0, this.firstAtOrAfter(to) - first)};
  }
}

export {Timeline};

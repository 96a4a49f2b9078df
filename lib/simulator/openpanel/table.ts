import {encodeId} from '../core/random.js';
import type {BaseView} from './base-view.js';
import {baseView} from './base-view.js';
import {OpStream} from './generate-event.js';

/** An inserted row: its virtual index (what generates its content), time and id. */
type Inserted = {index: number; time: number; id: string};

/** A row of a listing: its virtual index and creation time (ms). */
type Row = {index: number; time: number};

/** What a listing selects: a time range `[from, to)` in ms and an optional predicate on the index. */
type Selection = {from: number; to: number; match?: ((index: number) => boolean) | undefined; key: string};

/**
 * The events table of a project: `events` base rows spread over a time window (generated from their
 * index, never stored) plus inserted rows (stored: index, time, id). Rows are ordered like OpenPanel's
 * `ORDER BY created_at DESC, id ASC`; base times strictly increase with the index, so only inserts tie.
 */
class EventTable {
  readonly #seed: number;
  readonly #events: number;
  readonly #start: number;
  readonly #span: number;
  /** Inserted rows in listing order (newest first, then id ascending). */
  readonly #inserts: Inserted[] = [];
  readonly #views = new Map<string, BaseView>();

  constructor(options: {seed: number; events: number; window: {start: number; end: number}}) {
    this.#seed = options.seed;
    this.#events = options.events;
    this.#start = options.window.start;
    this.#span = options.window.end - options.window.start;
  }

  /** How many rows exist (base and inserted). */
  get size(): number {
    return this.#events + this.#inserts.length;
  }

  /** The newest creation time of any row (ms). */
  get newest(): number {
    const base = this.#events === 0 ? Number.NEGATIVE_INFINITY : this.#baseTime(this.#events - 1);
    return Math.max(base, this.#inserts[0]?.time ?? Number.NEGATIVE_INFINITY);
  }

  /** Inserts one row created at `time`; its content comes from the next free virtual index. */
  insert(time: number): void {
    const index = this.size;
    const row = {index, time, id: encodeId(this.#seed, OpStream.event, index)};
    let low = 0;
    let high = this.#inserts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.#inserts[mid] as Inserted;
      if (other.time > time || (other.time === time && other.id < row.id)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    this.#inserts.splice(low, 0, row);
  }

  /** How many rows the selection holds. */
  count(selection: Selection): number {
    return this.#view(selection).count + this.#matchingInserts(selection).length;
  }

  /** Rows `offset` to `offset + limit - 1` of the selection, in listing order. */
  list(selection: Selection, offset: number, limit: number): Row[] {
    const view = this.#view(selection);
    const inserts = this.#matchingInserts(selection);
    // before[j]: how many base rows of the selection come before insert j in listing order.
    const before = inserts.map(
      (row) => view.countFrom(this.#firstAfter(row.time)) + this.#tie(row, selection),
    );
    let j = before.filter((b, at) => b + at < offset).length;
    let rank = offset - j;
    const rows: Row[] = [];
    // The base rows are walked from the first one's rank: one scan, not one per row.
    let index = rank < view.count ? view.nth(rank) : -1;
    while (rows.length < limit) {
      const row = inserts[j];
      if (row !== undefined && (before[j] as number) <= rank) {
        rows.push(row);
        j += 1;
      } else if (rank < view.count) {
        rows.push({index, time: this.#baseTime(index)});
        rank += 1;
        index = rank < view.count ? view.next(index) : -1;
      } else {
        break;
      }
    }
    return rows;
  }

  #baseTime(index: number): number {
    return this.#start + Math.floor((index * this.#span) / this.#events);
  }

  /** The first base index whose time is at least `time` (`events` when none). */
  #firstAtOrAfter(time: number): number {
    let low = 0;
    let high = this.#events;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (this.#baseTime(mid) < time) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  #firstAfter(time: number): number {
    return this.#firstAtOrAfter(time + 1);
  }

  /** 1 when a base row of the selection has the insert's time and a smaller id (so it lists first). */
  #tie(row: Inserted, selection: Selection): number {
    const index = this.#firstAtOrAfter(row.time);
    const base = index < this.#events && this.#baseTime(index) === row.time;
    const selected = base && this.#inRange(row.time, selection) && (selection.match?.(index) ?? true);
    return selected && encodeId(this.#seed, OpStream.event, index) < row.id ? 1 : 0;
  }

  #inRange(time: number, selection: Selection): boolean {
    return time >= selection.from && time < selection.to;
  }

  #matchingInserts(selection: Selection): Inserted[] {
    return this.#inserts.filter(
      (row) => this.#inRange(row.time, selection) && (selection.match?.(row.index) ?? true),
    );
  }

  #view(selection: Selection): BaseView {
    const lo = this.#firstAtOrAfter(selection.from);
    const hi = this.#firstAtOrAfter(selection.to);
    const key = `${lo}:${hi}:${selection.key}`;
    let view = this.#views.get(key);
    if (view === undefined) {
      view = baseView(lo, hi, selection.match);
      this.#views.set(key, view);
      if (this.#views.size > 16) {
        this.#views.delete(this.#views.keys().next().value as string);
      }
    }
    return view;
  }
}

export type {Row, Selection};
export {EventTable};

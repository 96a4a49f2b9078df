import {CursorHistory} from './cursor-history.js';
import {type ErrorContext, ProtocolError} from './errors.js';
import type {ChainState} from './partition-cursor.js';
import type {FetchPage, PageHooks, PageResult} from './types.js';

/** A page of one chain, read but not yet handed to the stream. */
export type ChainPage<T> = {
  readonly items: readonly T[];
  /** The chain's provider cursor after this page. */
  readonly cursor: string | undefined;
};

/**
 * One cursor chain of a partitioned export: the pages of its sub-window, requested one after the
 * other, buffered until the stream takes them. It knows its position from its items' times, so
 * that the scheduler can split the rest of its range off to another chain; from then on it drops
 * the items at or after its new `stop` and ends at the first page that reaches it.
 */
export class PartitionChain<T> {
  readonly start: number;
  readonly end: number;
  stop: number;
  /** The provider cursor after the last page handed to the stream: what a checkpoint records. */
  delivered: string | undefined;
  readonly pages: ChainPage<T>[] = [];
  inFlight = false;
  /** No more requests: the chain reached its stop or the end of its sub-window. */
  done = false;
  /** The time of the latest item read, and how many were read: the chain's density. */
  position: number | undefined;
  seen = 0;
  /** The density of the chain this one was split from: its estimate until it reads items itself. */
  inherited: number | undefined;
  #next: string | undefined;
  readonly #fetch: FetchPage<T>;
  readonly #history = new CursorHistory();

  /** Items before this time belong to the chain before: a server rounding `start` down sends them. */
  readonly #from: number;

  /** `from`: the time before which items are dropped (0: none; see {@link ChainState}). */
  constructor(state: ChainState, fetch: FetchPage<T>, from: number) {
    this.#from = from;
    this.start = state.start;
    this.end = state.end;
    this.stop = state.stop;
    this.delivered = state.cursor;
    this.#next = state.cursor;
    this.#fetch = fetch;
  }

  /** The chain's state as a checkpoint records it. */
  get state(): ChainState {
    return {start: this.start, end: this.end, stop: this.stop, cursor: this.delivered};
  }

  /** Every page is read and handed over: the chain has nothing left to deliver. */
  get settled(): boolean {
    return this.done && !this.inFlight && this.pages.length === 0;
  }

  /** Items per millisecond of its range: measured once it has read items, else inherited. */
  get density(): number | undefined {
    return this.position === undefined ? this.inherited : this.seen / (this.position + 1 - this.start);
  }

  /** Pages this chain holds or is reading: what counts against its read-ahead. */
  get held(): number {
    return this.pages.length + (this.inFlight ? 1 : 0);
  }

  /**
   * Requests the next page. Resolves once the page is buffered (true) or, empty, has ended the chain
   * (false); rejects
   * with the request's error or a {@link ProtocolError} for a page that breaks the chain's rules.
   */
  async read(
    signal: AbortSignal,
    hooks: Omit<PageHooks<T>, 'item'>,
    timeOf: (item: T) => number,
    context: ErrorContext,
  ): Promise<boolean> {
    this.inFlight = true;
    const cursor = this.#next;
    this.#history.add(cursor);
    const early: T[] = [];
    try {
      const result: PageResult<T> = await this.#fetch(cursor, signal, {
        ...hooks,
        item: (item) => early.push(item),
      });
      return this.#accept(cursor, early.concat(result.items ?? []), result, timeOf, context);
    } finally {
      this.inFlight = false;
    }
  }

  #accept(
    cursor: string | undefined,
    items: T[],
    result: PageResult<T>,
    timeOf: (item: T) => number,
    context: ErrorContext,
  ): boolean {
    const kept: T[] = [];
    let crossed = false;
    for (const [index, item] of items.entries()) {
      const time = timeOf(item);
      if (typeof time !== 'number' || !Number.isFinite(time)) {
        throw new ProtocolError(
          context,
          `item ${index} of the page has no time to place it in its partition`,
        );
      }
      if (time >= this.stop) {
        crossed = true;
      } else if (time >= this.#from) {
        kept.push(item);
        this.position = Math.max(this.position ?? time, time);
      }
    }
    this.seen += kept.length;
    const next = result.nextCursor || undefined;
    this.done = items.length === 0 || next === undefined || result.last === true || crossed;
    if (!this.done && this.#history.has(next)) {
      throw new ProtocolError(
        context,
        `a page of ${items.length} items returned a cursor this partition had already requested (${
          next === cursor ? 'its own' : 'a cursor cycle'
        }); following it would loop forever`,
      );
    }
    this.#next = next;
    if (kept.length > 0) {
      this.pages.push({items: kept, cursor: next});
    }
    return kept.length > 0;
  }

  /** Takes the oldest buffered page, recording its cursor as delivered. */
  take(): ChainPage<T> {
    const page = this.pages.shift() as ChainPage<T>;
    this.delivered = page.cursor;
    return page;
  }
}

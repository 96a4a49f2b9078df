import {type ErrorContext, ProtocolError} from '../core/errors.js';
import {type RetryPolicy, retryDelay, sleep} from '../core/retry.js';
import type {PageHooks, PageResult, PageSource} from '../core/types.js';
import {decodeCursor, encodeCursor, type PagingState} from './cursor.js';
import {
  dayRange,
  isEmptyWindow,
  isoDay,
  openState,
  type RawPage,
  readPage,
  resumeState,
} from './offset-paging.js';
import type {OpenPanelEvent} from './types.js';

/** Requests the page at `state.offset` (retries included); rejects promptly when `signal` aborts. */
export type RequestPage = (
  state: PagingState,
  signal: AbortSignal,
  onRetry: PageHooks<OpenPanelEvent>['retry'],
) => Promise<RawPage>;

/** How an {@link OffsetEventSource} reads. */
export type EventSourceSettings = {
  /** Where the export starts when the stream has no cursor. */
  readonly initial: PagingState;
  readonly pageSize: number;
  /**
   * Pages requested ahead of the one being fetched (the stream's `prefetch` less one); 0: one at a time.
   * Used only when the window's last UTC day is before the day of "now" when the export opens.
   */
  readonly readAhead: number;
  /** The most events the stream delivers: no page is read ahead beyond as many rows. */
  readonly limit: number;
  /** The clock that freezes the window's end when the export opens. */
  readonly now: () => number;
  /** The waits (and how many) before a page whose `totalCount` went down is asked again. */
  readonly retry: RetryPolicy;
  readonly context: ErrorContext;
};

type Settled = {readonly page: RawPage} | {readonly error: unknown};
type Pending = {readonly controller: AbortController; readonly settled: Promise<Settled>};

/** Requests in a row that each saw a page or more of new events and moved on by none: outpaced. */
export const STALLED_PAGES = 10;

/**
 * The page source of an OpenPanel events export: exactly once over newest-first OFFSET paging (see
 * `offset-paging.ts`), with pages read ahead concurrently over closed days.
 *
 * OpenPanel answers a page with two queries: the list, and a separate `count(*)` for `totalCount`. A
 * page read ahead is requested before the previous page's answer, so its list may come from an older
 * state of the table than the previous page's (inserts had not yet shifted the events forward) while
 * its count is already new: reading it would skip the events it missed, and no count can tell. So pages
 * are read ahead only when the window cannot receive inserts at its newest end: when its last UTC day
 * (the server filters whole days) is before the UTC day of "now" as the export opens. A window that
 * includes today pages one request at a time, whatever `readAhead` says.
 *
 * The guarantee with `readAhead` > 0 (over closed days): every event is delivered once unless an event
 * is inserted into those past days during the export, which can shift the offsets of a page read ahead
 * and make an event be lost or repeated (the "events inserted into the past" limit); where late data
 * lands in past days, read one page at a time (`prefetch` 1). As an extra guard, a page read ahead is
 * only used when its `totalCount` is at least the one that came with the previous page; otherwise it
 * is dropped, requested again, and the rest of the export reads one page at a time.
 *
 * Under inserts only, `totalCount` never goes down. A page whose count is lower than the one already
 * seen (events deleted, or a lagging replica answering) would skip events: it is requested again after
 * the retry policy's waits, as many times as the policy retries, and then the export fails with a
 * `ProtocolError` saying so.
 *
 * Each request moves the export on by a page less the events inserted since the previous one: while
 * a page or more arrives per request, it cannot progress. After {@link STALLED_PAGES} or more such
 * requests in a row (pages of only repeats while `totalCount` grew by as many pages in all, however
 * unevenly the events came; a one-off burst is worked off, see `#stalledRun`) it fails with a
 * `ProtocolError` saying so; resuming from the last checkpoint later, or an `end` in the past, gets
 * past it. Catching up after a pause (a resume after many inserts) is not a stall: the count stands.
 *
 * A cursor's offset that is not a multiple of `pageSize` (a checkpoint resumed with another page size)
 * is rounded down: the rows re-read lie behind the position and are dropped as repeats.
 */
export class OffsetEventSource implements PageSource<OpenPanelEvent> {
  readonly #request: RequestPage;
  readonly #settings: EventSourceSettings;
  readonly #pending = new Map<number, Pending>();
  /** Pages read ahead: decided when the export opens (0 unless the window's days are all past). */
  #readAhead: number | undefined;
  /** The latest `totalCount`: no page is read ahead past it. */
  #known = 0;
  #firstOffset: number | undefined;
  /** The current run of pages of only repeats: the count after its first page, after its last, its length, its largest step. */
  #run: {base: number; last: number; requests: number; largest: number} | undefined;
  /** Pages read ahead and dropped because they came from an older state of the table. */
  stalePages = 0;
  /** Events dropped because an earlier page had delivered them already. */
  repeats = 0;

  constructor(request: RequestPage, settings: EventSourceSettings) {
    this.#request = request;
    this.#settings = settings;
  }

  /** The belt to the position's braces: the stream drops an id it just delivered. */
  readonly itemKey = (event: OpenPanelEvent): string => event.id;

  readonly fetchPage = async (
    cursor: string | undefined,
    signal: AbortSignal,
    hooks: PageHooks<OpenPanelEvent>,
  ): Promise<PageResult<OpenPanelEvent>> => {
    const {initial, pageSize, now, context} = this.#settings;
    const at = now();
    const opened = openState(cursor === undefined ? initial : decodeCursor(cursor), at);
    let state: PagingState = {...opened, offset: opened.offset - (opened.offset % pageSize)};
    this.#firstOffset ??= state.offset;
    this.#readAhead ??= isClosed(state, at) ? this.#settings.readAhead : 0;
    this.#known = Math.max(this.#known, state.total);
    if (isEmptyWindow(state)) {
      return {items: [], nextCursor: encodeCursor(resumeState(state)), last: true};
    }
    for (;;) {
      const page = await this.#page(state, signal, hooks);
      const outcome = readPage(state, page, pageSize, context);
      this.repeats += outcome.repeats;
      // A page of only repeats moved the export on by nothing (see #stalledRun): failing when the
      // inserts keep pace with the paging, never when a backlog is being worked off.
      const run = outcome.repeats === pageSize ? this.#stalledRun(page.totalCount) : this.#resetRun();
      if (run !== undefined) {
        throw new ProtocolError(
          context,
          `${run.requests} requests in a row found only events passed already while ${run.arrived} arrived ` +
            `(${run.requests} pages of ${pageSize} or more): new events outpace the paging; resume from the last checkpoint later, or export up to an \`end\` in the past`,
        );
      }
      if (outcome.done) {
        this.#discard();
        return {items: outcome.items, nextCursor: encodeCursor(resumeState(outcome.next)), last: true};
      }
      state = outcome.next;
      // A page of repeats or of events outside the window is no reason to stop: the stream would end.
      if (outcome.items.length > 0) {
        return {items: outcome.items, nextCursor: encodeCursor(state)};
      }
    }
  };

  /**
   * Counts one more page of only repeats, whose answer came with `count`; returns the run when it
   * shows a stall. Each such request moves the offsets on by a page; the run stalls when, over at
   * least STALLED_PAGES of them (and at least twice as many as the largest single arrival, in pages,
   * so that one burst, even spread over two requests, is worked off rather than taken for a stall),
   * the events that arrived kept pace: as many pages as requests. Catching up after a pause is not
   * a stall: what arrived during the pause is in the first page's count, where the run starts.
   */
  #stalledRun(count: number): {requests: number; arrived: number} | undefined {
    const {pageSize} = this.#settings;
    if (this.#run === undefined) {
      this.#run = {base: count, last: count, requests: 0, largest: 0};
      return undefined;
    }
    const run = this.#run;
    run.largest = Math.max(run.largest, count - run.last);
    run.last = count;
    run.requests += 1;
    const arrived = count - run.base;
    const enough = Math.max(STALLED_PAGES, 2 * Math.ceil(run.largest / pageSize));
    return run.requests >= enough && arrived >= run.requests * pageSize
      ? {requests: run.requests, arrived}
      : undefined;
  }

  #resetRun(): undefined {
    this.#run = undefined;
    return undefined;
  }

  readonly close = async (): Promise<void> => {
    this.#discard();
  };

  async #page(state: PagingState, signal: AbortSignal, hooks: PageHooks<OpenPanelEvent>): Promise<RawPage> {
    const pending = this.#pending.get(state.offset);
    this.#pending.delete(state.offset);
    this.#fill(state, hooks);
    let page: RawPage | undefined;
    if (pending !== undefined) {
      const settled = await untilAborted(pending, signal);
      if ('error' in settled) {
        throw settled.error;
      }
      if (settled.page.totalCount >= state.total) {
        page = settled.page;
      } else {
        this.stalePages++;
        this.#readAhead = 0;
        this.#discard();
      }
    }
    page ??= await this.#direct(state, signal, hooks);
    this.#known = page.totalCount;
    this.#fill(state, hooks);
    return page;
  }

  /** Requests the page at `state.offset` now, again while its `totalCount` is below the one seen already. */
  async #direct(state: PagingState, signal: AbortSignal, hooks: PageHooks<OpenPanelEvent>): Promise<RawPage> {
    const {retry, context} = this.#settings;
    let page = await this.#request(state, signal, hooks.retry);
    for (let attempt = 1; page.totalCount < state.total; attempt++) {
      const error = new ProtocolError(
        context,
        `the count of events went down from ${state.total} to ${page.totalCount} (events deleted, or a lagging replica answered): ` +
          'paging on would skip events; resume from the last checkpoint later',
      );
      if (attempt > retry.retries) {
        throw error;
      }
      const delay = retryDelay(attempt, retry, error);
      hooks.retry({attempt, delay, error});
      await sleep(delay, signal);
      page = await this.#request(state, signal, hooks.retry);
    }
    return page;
  }

  /** Requests the pages after `state.offset` that are not under way yet, up to `readAhead` of them. */
  #fill(state: PagingState, hooks: PageHooks<OpenPanelEvent>): void {
    const {pageSize, limit} = this.#settings;
    for (let ahead = 1; ahead <= (this.#readAhead as number); ahead++) {
      const offset = state.offset + ahead * pageSize;
      if (offset >= this.#known || offset - (this.#firstOffset as number) >= limit) {
        return;
      }
      if (!this.#pending.has(offset)) {
        const controller = new AbortController();
        // Settled, never rejected: a page read ahead and then dropped must not be an unhandled rejection.
        const settled = this.#request({...state, offset}, controller.signal, hooks.retry).then(
          (page): Settled => ({page}),
          (error: unknown): Settled => ({error}),
        );
        this.#pending.set(offset, {controller, settled});
      }
    }
  }

  #discard(): void {
    for (const {controller} of this.#pending.values()) {
      controller.abort(new Error('The page read ahead is no longer wanted'));
    }
    this.#pending.clear();
  }
}

/** True when the window's last UTC day is before the UTC day of `now`: no insert lands at its newest end. */
function isClosed(state: PagingState, now: number): boolean {
  return dayRange(state).end < isoDay(now);
}

/** Waits for a page read ahead, or rejects with the reason (cancelling the request) when `signal` aborts. */
function untilAborted(pending: Pending, signal: AbortSignal): Promise<Settled> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      pending.controller.abort(signal.reason);
      reject(signal.reason);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, {once: true});
    pending.settled.then((settled) => {
      signal.removeEventListener('abort', onAbort);
      resolve(settled);
    });
  });
}

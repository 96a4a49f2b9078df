import {type ErrorContext, ProtocolError} from '../core/errors.js';
import type {PagingState, Position} from './cursor.js';
import type {OpenPanelEvent} from './types.js';

/**
 * Exactly-once reading of OpenPanel's newest-first OFFSET paging over a live table, as pure functions
 * of a {@link PagingState} and the pages the server returns.
 *
 * The server orders by `createdAt DESC` and then by id; an event inserted while the export pages sits
 * at the newest end and shifts every later offset forward, so an event already passed comes again on
 * the next page. The state therefore keeps the position of the last event passed: its `createdAt` and
 * the ids passed at that very millisecond. An event newer than the position, or at the same millisecond
 * with a passed id, is a repeat and is dropped. Offsets only ever move forward, which loses nothing:
 * after the page that ended at offset `o`, the server held at least `o` events at or before the
 * position, and inserts only add to them, so every event after the position is at an offset of `o` or
 * more in any later answer.
 *
 * @module
 */

/** What one page request returned, reduced to what paging needs. */
export type RawPage = {
  readonly data: readonly OpenPanelEvent[];
  /** The server's `meta.totalCount`: it only grows while events are only inserted. */
  readonly totalCount: number;
};

/** What reading one page gives. */
export type PageOutcome = {
  /** The page's events that are new and inside the window, in the server's order. */
  readonly items: OpenPanelEvent[];
  /** The state after this page. */
  readonly next: PagingState;
  /** This page ended the export: it was short, or it reached events older than the window. */
  readonly done: boolean;
  /** Events dropped because an earlier page had passed them already (inserts shifted them). */
  readonly repeats: number;
};

/** Freezes the window's end when the export opens: the user's end, but never later than `now`. */
export function openState(state: PagingState, now: number): PagingState {
  if (state.end !== null) {
    return state;
  }
  const end = Math.max(state.start, state.until === null ? now : Math.min(state.until, now));
  return {...state, end};
}

/**
 * The state a later export starts from once this one is complete: the window from this one's end up
 * to the user's end (or the next run's "now"), from the first page. Nothing delivered now can come
 * again, since it all lies before the new start; what arrived since in the new window comes then.
 */
export function resumeState(state: PagingState): PagingState {
  const start = state.end ?? state.start;
  return {...state, start, end: null, offset: 0, total: 0, last: null};
}

/** The whole UTC days (`YYYY-MM-DD`, both inclusive) that cover an open, non-empty window. */
export function dayRange(state: PagingState): {readonly start: string; readonly end: string} {
  const end = (state.end as number) - 1;
  return {start: isoDay(state.start), end: isoDay(end)};
}

/** True when an open window holds no millisecond at all: nothing to request. */
export function isEmptyWindow(state: PagingState): boolean {
  return (state.end as number) <= state.start;
}

/**
 * Reads the page that the server returned for `state.offset` with `limit` events per page: drops the
 * repeats, then the events outside the window (the server filters whole days only), and moves the
 * state on by one page. The window filter comes second because events newer than the window still
 * occupy offsets, so they move the position too.
 */
export function readPage(
  state: PagingState,
  page: RawPage,
  limit: number,
  context: ErrorContext,
): PageOutcome {
  if (page.data.length > limit) {
    throw new ProtocolError(context, `a page held ${page.data.length} events for a limit of ${limit}`);
  }
  const end = state.end as number;
  const items: OpenPanelEvent[] = [];
  // The position as a mutable set, copied once per page: a tie of n events costs O(n), not O(n²).
  let lastAt = state.last?.at ?? Number.POSITIVE_INFINITY;
  const tied = new Set(state.last?.ids);
  let previous = Number.POSITIVE_INFINITY;
  let repeats = 0;
  let older = false;
  for (const event of page.data) {
    const at = eventTime(event, context);
    if (at > previous) {
      throw new ProtocolError(
        context,
        `the events are not ordered newest first (${event.createdAt} after an older one)`,
      );
    }
    previous = at;
    if (at > lastAt || (at === lastAt && tied.has(event.id))) {
      repeats++;
      continue;
    }
    if (at !== lastAt) {
      lastAt = at;
      tied.clear();
    }
    tied.add(event.id);
    if (at < state.start) {
      // Everything after it is older still.
      older = true;
      break;
    }
    if (at < end) {
      items.push(event);
    }
  }
  const last: Position | null = tied.size === 0 ? state.last : {at: lastAt, ids: [...tied]};
  const next: PagingState = {...state, offset: state.offset + limit, total: page.totalCount, last};
  return {items, next, done: older || page.data.length < limit, repeats};
}

function eventTime(event: OpenPanelEvent, context: ErrorContext): number {
  const at = typeof event?.createdAt === 'string' ? Date.parse(event.createdAt) : Number.NaN;
  if (Number.isNaN(at) || typeof event.id !== 'string' || event.id === '') {
    throw new ProtocolError(context, 'an event has no string `id` or no ISO-8601 `createdAt`');
  }
  return at;
}

/** The UTC day (`YYYY-MM-DD`) of an epoch millisecond. */
export function isoDay(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

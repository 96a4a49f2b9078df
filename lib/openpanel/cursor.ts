import {InvalidOptionError} from '../core/errors.js';

/**
 * The position of the export in OpenPanel's newest-first order: the newest `createdAt` not yet passed,
 * and the ids already passed at exactly that millisecond. Ties are kept as a set rather than compared
 * by id, because ClickHouse sorts UUIDs by their second half, not as the strings read.
 */
export type Position = {
  /** The `createdAt` of the last event passed, in epoch milliseconds. */
  readonly at: number;
  /** The ids of the events passed whose `createdAt` is exactly `at`: all of them, so a large tie makes a large cursor. */
  readonly ids: readonly string[];
};

/** What an events cursor holds. Every time is in epoch milliseconds. */
export type PagingState = {
  /** A fingerprint of the filters that shape the server's list (events, profileId, filters, projectId). */
  readonly query: string;
  /** The inclusive start of the window. */
  readonly start: number;
  /** The exclusive end of the window, frozen when the export opened; `null`: freeze it at the next open. */
  readonly end: number | null;
  /** The end the user asked for; `null`: up to "now" at each open (an incremental export). */
  readonly until: number | null;
  /** The next offset to request: a multiple of the page size it was made with, rounded down to the page size of the export that resumes it. */
  readonly offset: number;
  /** The server's `meta.totalCount` seen with the page before `offset` (0 before the first page). */
  readonly total: number;
  /** The last event passed, or `null` before the first. */
  readonly last: Position | null;
};

/** The cursor format's version: a cursor of another version is refused, not misread. */
const version = 1;

type Wire = {
  v: number;
  q: string;
  s: number;
  e: number | null;
  u: number | null;
  o: number;
  t: number;
  k: unknown;
};

/** Encodes a state as an opaque cursor: base64url JSON `{v, q, s, e, u, o, t, k}`. */
export function encodeCursor(state: PagingState): string {
  const wire: Wire = {
    v: version,
    q: state.query,
    s: state.start,
    e: state.end,
    u: state.until,
    o: state.offset,
    t: state.total,
    k: state.last === null ? null : [state.last.at, ...state.last.ids],
  };
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; anything else is an {@link InvalidOptionError}. */
export function decodeCursor(cursor: string): PagingState {
  let wire: Partial<Wire> | undefined;
  try {
    wire = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Wire>;
  } catch {
    wire = undefined;
  }
  const state = wire === undefined || wire === null ? undefined : fromWire(wire);
  if (state === undefined) {
    throw new InvalidOptionError('cursor', 'a cursor made by an OpenPanel events export', cursor);
  }
  return state;
}

function fromWire(wire: Partial<Wire>): PagingState | undefined {
  const {q, s, e, u, o, t, k} = wire;
  const valid =
    wire.v === version &&
    typeof q === 'string' &&
    isCount(s) &&
    (e === null || (isCount(e) && e >= s)) &&
    (u === null || isCount(u)) &&
    isCount(o) &&
    isCount(t) &&
    (k === null || isPosition(k));
  if (!valid) {
    return undefined;
  }
  const last = k === null ? null : {at: k[0] as number, ids: k.slice(1) as string[]};
  return {query: q, start: s, end: e, until: u, offset: o, total: t, last};
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPosition(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    isCount(value[0]) &&
    value.slice(1).every((id) => typeof id === 'string')
  );
}

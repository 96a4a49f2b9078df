import {InvalidOptionError} from '../../core/errors.js';
import type {LiveOptions, SkewOptions, TimeWindow} from './options.js';

/** A run of appended events sharing one way of computing their timestamps. */
type Segment = {from: number; count: number; floor: number} & (
  | {kind: 'batch'; time: number}
  | {kind: 'live'; ordinal: number}
);

/** Sessions stay open this long after their last event. */
const SESSION_TIMEOUT = 30 * 60 * 1000;

/** `floor(a * b / c)`, or `ceil` when `up`, exact even when `a * b` exceeds 2^53. */
function mulDiv(a: number, b: number, c: number, up = false): number {
  const product = a * b;

  if (product <= Number.MAX_SAFE_INTEGER) {
    return up ? Math.ceil(product / c) : Math.floor(product / c);
  }

  const big = BigInt(a) * BigInt(b);
  const quotient = big / BigInt(c);

  return Number(up && quotient * BigInt(c) !== big ? quotient + 1n : quotient);
}

/** The first index in `[low, high)` whose time is at or after `time` (`high` when none): O(log n). */
function lowerBound(low: number, high: number, time: number, timeOf: (index: number) => number): number {
  let lo = low;
  let hi = high;

  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);

    if (timeOf(mid) < time) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }

  return lo;
}

/**
 * The shape of the data set in time: how many events exist now, when each one happened, and which
 * session and user it belongs to. Everything is computed from indexes; only appended runs are stored.
 */
class Timeline {
  readonly #base: number;
  readonly #sessions: number;
  readonly #users: number;
  readonly #window: TimeWindow;
  readonly #skew: Required<SkewOptions> | undefined;
  readonly #live: (LiveOptions & {since: number}) | undefined;
  readonly #max: number;
  readonly #now: () => number;
  readonly #segments: Segment[] = [];
  #total: number;
  #liveSeen = 0;

  constructor(input: {
    events: number;
    sessions: number;
    users: number;
    window: TimeWindow;
    skew?: Required<SkewOptions> | undefined;
    live: LiveOptions | undefined;
    max: number;
    now: () => number;
  }) {
    this.#base = input.events;
    this.#total = input.events;
    this.#sessions = input.sessions;
    this.#users = input.users;
    this.#window = input.window;
    this.#skew = input.skew;
    this.#max = input.max;
    this.#now = input.now;
    this.#live = input.live && {...input.live, since: input.now()};
  }

  /** How many events are visible now (live events appear lazily when this is asked). */
  eventCount(): number {
    this.#catchUp();

    return this.#total;
  }

  /** Appends `count` events timestamped now; returns the new event count. */
  addEvents(count: number): number {
    this.#catchUp();
    this.#append(count, (from, floor) => ({kind: 'batch', from, count, floor, time: this.#now()}));

    return this.#total;
  }

  /** The timestamp of event `index`, in milliseconds; non-decreasing in `index`. */
  eventTime(index: number): number {
    const {start, end} = this.#window;

    if (index < this.#base) {
      return Math.floor(start + this.#timeFraction(index / this.#base) * (end - start));
    }

    const segment = this.#segmentOf(index);

    if (segment.kind === 'batch') {
      return Math.max(segment.floor, segment.time);
    }

    const live = this.#live as LiveOptions & {since: number};
    const ordinal = segment.ordinal + index - segment.from;

    return Math.max(segment.floor, live.since + Math.floor((ordinal * 1000) / live.eventsPerSecond));
  }

  /** Where in the window (0 to 1) the event at `fraction` of the base events lies: the skew's inverse. */
  #timeFraction(fraction: number): number {
    const skew = this.#skew;

    if (skew === undefined) {
      return fraction;
    }

    const {share, span, at} = skew;
    const outside = (1 - share) / (1 - span);
    const before = at * outside;

    if (fraction < before) {
      return fraction / outside;
    }

    if (fraction < before + share) {
      return at + ((fraction - before) * span) / share;
    }

    return Math.min(1, at + span + (fraction - before - share) / outside);
  }

  /** Whether event `index` was appended after the start (live or `addEvents`). */
  isAppended(index: number): boolean {
    return index >= this.#base;
  }

  /** The session of base event `index`: sessions are contiguous runs of events. */
  sessionOfEvent(index: number): number {
    return mulDiv(index, this.#sessions, this.#base);
  }

  /** The first and last base event of session `index`. */
  eventsOfSession(index: number): {first: number; last: number} {
    return {
      first: mulDiv(index, this.#base, this.#sessions, true),
      last: mulDiv(index + 1, this.#base, this.#sessions, true) - 1,
    };
  }

  /** The user of session `index`: users are contiguous runs of sessions. */
  userOfSession(index: number): number {
    return mulDiv(index, this.#users, this.#sessions);
  }

  /** The first and last session of user `index`. */
  sessionsOfUser(index: number): {first: number; last: number} {
    return {
      first: mulDiv(index, this.#sessions, this.#users, true),
      last: mulDiv(index + 1, this.#sessions, this.#users, true) - 1,
    };
  }

  /** The close time of session `index`: its last event plus the session timeout. */
  sessionCloseTime(index: number): number {
    return this.eventTime(this.eventsOfSession(index).last) + SESSION_TIMEOUT;
  }

  /** The last-modified time of user `index`: the close time of its last session. */
  userModifiedTime(index: number): number {
    return this.sessionCloseTime(this.sessionsOfUser(index).last);
  }

  #catchUp(): void {
    const live = this.#live;

    if (live === undefined) {
      return;
    }

    const due = Math.floor(((this.#now() - live.since) * live.eventsPerSecond) / 1000);
    const fresh = Math.min(due - this.#liveSeen, this.#max - this.#total);

    if (fresh <= 0) {
      return;
    }

    const last = this.#segments.at(-1);
    const ordinal = this.#liveSeen;

    this.#liveSeen += fresh;

    if (last?.kind === 'live') {
      last.count += fresh;
      this.#total += fresh;

      return;
    }

    this.#append(fresh, (from, floor) => ({kind: 'live', from, count: fresh, floor, ordinal}));
  }

  #append(count: number, make: (from: number, floor: number) => Segment): void {
    if (count > this.#max - this.#total) {
      throw new InvalidOptionError('count', `an integer from 0 to ${this.#max - this.#total}`, count);
    }

    if (count === 0) {
      return;
    }

    this.#segments.push(make(this.#total, this.eventTime(this.#total - 1)));
    this.#total += count;
  }

  #segmentOf(index: number): Segment {
    const at =
      lowerBound(0, this.#segments.length, index + 1, (i) => (this.#segments[i] as Segment).from) - 1;

    return this.#segments[at] as Segment;
  }
}

export {lowerBound, mulDiv, SESSION_TIMEOUT, Timeline};

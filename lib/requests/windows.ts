import {Temporal} from 'temporal-polyfill';
import {exactMillis, scaled} from './time-input.js';
import type {ExportRequest, Window} from './types.js';

/** Windows one {@link dueWindows} call returns at most, unless told otherwise. */
const DEFAULT_MAX_WINDOWS = 1000;

/** A request's windows as a function of their index: `[anchor + k·P, anchor + (k+1)·P)`, and when each is due. */
type Schedule = {
  /** Window `k`, `undefined` past the last one (a one-time request has one). */
  at(k: number): Window | undefined;
  /** When window `k` may be exported: its end plus the request's `delay`, in epoch ms. */
  dueAt(window: Window): number;
};

/**
 * The start of a recurring request's first window when it gives no `periodStart`: the first run,
 * aligned down in the request's zone. Calendar periodicities align to the start of their largest
 * unit (P1Y2M: 1 January; P1M: the 1st; P1W: Monday; P1D: midnight). Time-only ones that divide a
 * day (PT15M, PT1H, PT6H) align to the grid counted from local midnight; others (PT7M, PT5H) to
 * the start of their largest unit (the minute, the hour). So the first window is the one the first
 * run falls in: no window ends before the first run, and none is skipped.
 */
export function alignedStart(firstRunAt: Date, periodicity: string, timeZone: string): Date {
  const period = Temporal.Duration.from(periodicity);
  const first = Temporal.Instant.fromEpochMilliseconds(firstRunAt.getTime()).toZonedDateTimeISO(timeZone);
  const day = first.startOfDay();
  let anchor: Temporal.ZonedDateTime;
  if (period.years !== 0) {
    anchor = first.with({month: 1, day: 1}).startOfDay();
  } else if (period.months !== 0) {
    anchor = first.with({day: 1}).startOfDay();
  } else if (period.weeks !== 0) {
    anchor = first.subtract({days: first.dayOfWeek - 1}).startOfDay();
  } else if (period.days !== 0) {
    anchor = day;
  } else {
    const length = exactMillis(period)!;
    if (86_400_000 % length === 0) {
      const since = first.epochMilliseconds - day.epochMilliseconds;
      return new Date(day.epochMilliseconds + Math.floor(since / length) * length);
    }
    const unit = period.hours !== 0 ? 'hour' : period.minutes !== 0 ? 'minute' : 'second';
    anchor = first.round({smallestUnit: unit, roundingMode: 'floor'});
  }
  return new Date(anchor.epochMilliseconds);
}

/** A window's stable key: its start in UTC without separators, e.g. `20261101T000000Z` (`.123` when it has milliseconds). */
export function windowKey(start: Date): string {
  return start
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.000Z$/, 'Z');
}

function makeWindow(start: number, end: number): Window {
  const startDate = new Date(start);
  return Object.freeze({start: startDate, end: new Date(end), key: windowKey(startDate)});
}

function scheduleOf(request: ExportRequest, firstRunAt: Date): Schedule {
  const zone = request.format.timezone;
  const delay = Temporal.Duration.from(request.delay);
  const dueAt = (window: Window) =>
    Temporal.Instant.fromEpochMilliseconds(window.end.getTime()).toZonedDateTimeISO(zone).add(delay)
      .epochMilliseconds;
  if (request.type === 'oneTime') {
    const first = Temporal.Instant.fromEpochMilliseconds(firstRunAt.getTime()).toZonedDateTimeISO(zone);
    const end = request.to?.getTime() ?? firstRunAt.getTime();
    const start =
      request.from?.getTime() ?? first.subtract(Temporal.Duration.from(request.period!)).epochMilliseconds;
    const only = makeWindow(start, end);
    return {at: (k) => (k === 0 ? only : undefined), dueAt};
  }
  const period = Temporal.Duration.from(request.periodicity!);
  const startDate = request.periodStart ?? alignedStart(firstRunAt, request.periodicity!, zone);
  const length = exactMillis(period);
  const anchorMillis = startDate.getTime();
  const anchor = Temporal.Instant.fromEpochMilliseconds(anchorMillis).toZonedDateTimeISO(zone);
  // Each window from the anchor (anchor + k·P), never from the previous window: adding P1M to
  // 31 January gives 28 February, and adding it again would drift to 28 March.
  const startOf = (k: number) =>
    length === undefined ? anchor.add(scaled(period, k)).epochMilliseconds : anchorMillis + k * length;
  return {at: (k) => makeWindow(startOf(k), startOf(k + 1)), dueAt};
}

/** The index of the first window not yet due at `now` (windows are due in order); `Infinity` when all are. */
function firstNotDue(schedule: Schedule, now: number): number {
  return firstWhere(schedule, (window) => schedule.dueAt(window) > now);
}

/**
 * The index of the first window for which `after` holds, `after` being false for the windows before
 * it and true from there on (or there being no window): `Infinity` when it holds for none.
 */
function firstWhere(schedule: Schedule, after: (window: Window) => boolean): number {
  const due = (k: number) => {
    const window = schedule.at(k);
    return window !== undefined && !after(window);
  };
  if (!due(0)) {
    return 0;
  }
  if (schedule.at(1) === undefined) {
    return Number.POSITIVE_INFINITY;
  }
  // Galloping, then bisection: log(k) window computations even years after the anchor.
  let low = 0;
  let high = 1;
  while (due(high)) {
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (due(middle)) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return high;
}

/** Options of {@link dueWindows}. */
export type DueWindowsOptions = {
  /** The current time. */
  readonly now: Date;
  /** The keys of the windows already exported (the state's ledger). */
  readonly completed: ReadonlySet<string>;
  /** Every window starting at or before this instant is exported already (the ledger's `through`). */
  readonly through?: Date | undefined;
  /** When the request first ran: the default anchor of a recurring request, the end of a one-time one. */
  readonly firstRunAt: Date;
  /** At most this many windows. @default 1000 */
  readonly maxWindows?: number | undefined;
};

/**
 * The windows to export now, oldest first: closed (their end plus `delay` is not after `now`) and
 * not in `completed`. Every missed window is there (catch-up), none is skipped.
 *
 * @example
 * ```ts
 * dueWindows(request, {now: new Date(), completed: new Set(state.completed), firstRunAt});
 * ```
 */
export function dueWindows(request: ExportRequest, options: DueWindowsOptions): Window[] {
  const {now, completed, firstRunAt, through, maxWindows = DEFAULT_MAX_WINDOWS} = options;
  const schedule = scheduleOf(request, firstRunAt);
  const end = firstNotDue(schedule, now.getTime());
  const windows: Window[] = [];
  // The windows up to `through` are skipped by bisection: a ledger of years of windows costs log(k).
  const from =
    through === undefined ? 0 : firstWhere(schedule, (window) => window.start.getTime() > through.getTime());
  for (let k = from; k < end && windows.length < maxWindows; k++) {
    const window = schedule.at(k);
    if (window === undefined) {
      break;
    }
    if (!completed.has(window.key)) {
      windows.push(window);
    }
  }
  return windows;
}

/**
 * When the next window becomes due after `now` (its end plus `delay`): how long a daemon sleeps.
 * `undefined` for a one-time request whose window is due already.
 */
export function nextWindowClose(
  request: ExportRequest,
  options: {readonly now: Date; readonly firstRunAt: Date},
): Date | undefined {
  const schedule = scheduleOf(request, options.firstRunAt);
  const window = schedule.at(firstNotDue(schedule, options.now.getTime()));
  return window === undefined ? undefined : new Date(schedule.dueAt(window));
}

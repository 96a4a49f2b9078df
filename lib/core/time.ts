import {InvalidOptionError} from './errors.js';

/**
 * A point in time: a `Date`, an ISO-8601 string (a date-time without an offset is read as UTC), or
 * a number of seconds (below 1e11) or milliseconds (1e11 and above) since the epoch.
 *
 * The valid range is the range of a `Date` from the epoch on: 1970-01-01T00:00:00.000Z to
 * +275760-09-13T00:00:00.000Z, that is 0 to 8.64e15 milliseconds. Anything outside it (a negative number,
 * NaN, Infinity, 1e300, an invalid `Date`, an ISO date before 1970) is rejected with an
 * {@link InvalidOptionError} naming the option.
 */
export type TimeInput = Date | string | number;

/** Numbers below this are seconds since the epoch (1e11 s is the year 5138; 1e11 ms is 1973). */
const secondsBelow = 1e11;
/** The last millisecond a `Date` can hold (ECMA-262 time values: 8.64e15 ms after the epoch). */
const maxMillis = 8.64e15;
const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const expected =
  'a Date, an ISO-8601 string or a number of seconds or milliseconds since the epoch, ' +
  'from 1970-01-01T00:00:00.000Z to +275760-09-13T00:00:00.000Z (0 to 8.64e15 ms)';

/**
 * Converts a {@link TimeInput} to milliseconds since the epoch, from 0 to 8.64e15.
 *
 * @param option - the name the error gives the value, e.g. `start` or `--start`.
 * @throws InvalidOptionError naming `option` when the value is not a time or is out of range; never
 * anything else, whatever the value.
 */
export function toEpochMillis(option: string, value: unknown): number {
  const millis = millisOf(value);
  if (!(millis >= 0 && millis <= maxMillis)) {
    throw invalid(option, value);
  }
  return millis + 0; // + 0 turns -0 into 0
}

/** Milliseconds since the epoch, unchecked against the range; NaN when the value is no time at all. */
function millisOf(value: unknown): number {
  if (typeof value === 'number') {
    return Math.floor(value < secondsBelow ? value * 1000 : value);
  }
  if (typeof value === 'string') {
    return parseIso(value.trim());
  }
  return dateMillis(value);
}

/** The time of a real `Date`, or NaN for anything else (brand-checked: a fake `Date` does not pass). */
function dateMillis(value: unknown): number {
  try {
    return Date.prototype.getTime.call(value);
  } catch {
    return Number.NaN;
  }
}

function invalid(option: string, value: unknown): InvalidOptionError {
  return new InvalidOptionError(option, expected, value);
}

function parseIso(text: string): number {
  const match = isoPattern.exec(text);
  if (match === null) {
    return Number.NaN;
  }
  // Date.parse rolls impossible dates over ('2026-02-30' is 2 March): check the calendar date.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    return Number.NaN;
  }
  const dateOnly = text.length === 10;
  const hasOffset = match[1] !== undefined;
  return Date.parse(dateOnly || hasOffset ? text : `${text.replace(' ', 'T')}Z`);
}

/** A validated time window in milliseconds: `start` inclusive, `end` exclusive. */
export type TimeWindow = {readonly start: number | undefined; readonly end: number | undefined};

/**
 * Validates `start`/`end` together: each must be a time in the range of {@link TimeInput}, and `end` must
 * come after `start`.
 *
 * @throws InvalidOptionError naming `start` or `end`; never anything else.
 */
export function timeWindow(start: unknown, end: unknown): TimeWindow {
  const from = start === undefined ? undefined : toEpochMillis('start', start);
  const to = end === undefined ? undefined : toEpochMillis('end', end);
  if (from !== undefined && to !== undefined && to <= from) {
    throw new InvalidOptionError('end', `after \`start\` (${new Date(from).toISOString()})`, end);
  }
  return {start: from, end: to};
}

import {InvalidOptionError} from '../core/errors.js';

/**
 * A point in time: a `Date`, an ISO-8601 string (a date-time without an offset is read as UTC), or
 * a number of seconds (below 1e11) or milliseconds (1e11 and above) since the epoch.
 */
export type TimeInput = Date | string | number;

/** The unit of `start` and `end` on the wire. */
export type TimeUnit = 'milliseconds' | 'seconds';

/** Numbers below this are seconds since the epoch (1e11 s is the year 5138; 1e11 ms is 1973). */
const secondsBelow = 1e11;
const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const expected =
  'a Date, an ISO-8601 string or a non-negative number of seconds or milliseconds since the epoch';

/** Converts a {@link TimeInput} to milliseconds since the epoch, or throws naming `option`. */
export function toEpochMillis(option: string, value: unknown): number {
  let millis = Number.NaN;
  if (value instanceof Date) {
    millis = value.getTime();
  } else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    millis = Math.floor(value < secondsBelow ? value * 1000 : value);
  } else if (typeof value === 'string') {
    millis = parseIso(value.trim());
  }
  if (Number.isNaN(millis) || millis < 0) {
    throw new InvalidOptionError(option, expected, value);
  }
  return millis;
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

/** Validates `start`/`end` together: each must be a time, and `end` must come after `start`. */
export function timeWindow(start: unknown, end: unknown): TimeWindow {
  const from = start === undefined ? undefined : toEpochMillis('start', start);
  const to = end === undefined ? undefined : toEpochMillis('end', end);
  if (from !== undefined && to !== undefined && to <= from) {
    throw new InvalidOptionError('end', `after \`start\` (${new Date(from).toISOString()})`, end);
  }
  return {start: from, end: to};
}

/** Renders milliseconds in the wire unit; seconds are truncated to whole seconds. */
export function toWire(millis: number, unit: TimeUnit): number {
  return unit === 'seconds' ? Math.floor(millis / 1000) : millis;
}

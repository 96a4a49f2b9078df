import type {Column} from './columns.js';

/**
 * Which fields of an API's items hold times (epoch milliseconds, or ISO 8601 strings with a zone):
 * the caller knows its API, the sinks do not.
 *
 * @example
 * ```ts
 * const croct: TimestampFields = {names: ['timestamp', 'closeTime'], paths: ['window.start']};
 * const openPanel: TimestampFields = {names: ['createdAt']};
 * ```
 */
export type TimestampFields = {
  /** Field names that hold a time wherever they appear: the last key of a path, e.g. `timestamp`. */
  readonly names?: readonly string[] | undefined;
  /** Whole dotted paths that hold a time, e.g. `window.start` (but not `a.window.start`). */
  readonly paths?: readonly string[] | undefined;
};

/** Whether a column holds times: one of its paths ends in one of `fields.names` or is one of `fields.paths`. */
export function isTimestampColumn(column: Column, fields: TimestampFields): boolean {
  const names = new Set(fields.names);
  const paths = new Set(fields.paths);
  return column.paths.some((path) => names.has(path.at(-1)!) || paths.has(path.join('.')));
}

/** ISO 8601 with a zone and at most millisecond precision: what a time string must be to be re-rendered. */
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The epoch milliseconds of a time value: a finite number as is, an ISO 8601 string with a zone
 * (`2026-11-24T10:30:00.000Z`) parsed; `undefined` for anything else (left as it is), including
 * strings without a zone, which would otherwise be read in the machine's local time.
 */
export function timeValue(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value !== 'string' || !isoTime.test(value)) {
    return undefined;
  }
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : millis;
}

/**
 * Checks an IANA time zone name and returns it; throws a `RangeError` naming `--timezone`.
 */
export function timeZoneOption(value: string, option = '--timezone'): string {
  try {
    return new Intl.DateTimeFormat('en-US', {timeZone: value}).resolvedOptions().timeZone;
  } catch {
    throw new RangeError(
      `Expected \`${option}\` to be an IANA time zone such as "America/Sao_Paulo" or "UTC", got ${JSON.stringify(value)}`,
    );
  }
}

/**
 * Makes a function that renders epoch milliseconds as ISO 8601 local time in `timeZone` with its
 * offset, e.g. `2015-08-31T00:00:00.000-03:00`: readable, sortable within one offset, and exact.
 *
 * @example
 * ```ts
 * createTimestampFormatter('Asia/Tokyo')(0); // '1970-01-01T09:00:00.000+09:00'
 * ```
 */
export function createTimestampFormatter(timeZone: string): (millis: number) => string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (millis) => {
    const fraction = ((millis % 1000) + 1000) % 1000;
    const second = millis - fraction;
    const part: Record<string, number> = {};
    for (const {type, value} of format.formatToParts(second)) {
      part[type] = Number(value);
    }
    const wall = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
    const offset = Math.round((wall - second) / 60_000);
    const sign = offset < 0 ? '-' : '+';
    const local = new Date(wall + fraction).toISOString().slice(0, -1);
    return `${local}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

import type {Column} from './columns.js';

/** Field names whose numbers are epoch milliseconds in the API's events, sessions and users. */
const timestampKeys = new Set(['timestamp', 'systemTimestamp', 'closeTime', 'lastModifiedTime', 'birthDate']);

/**
 * Whether a column holds epoch-millisecond timestamps: its paths end in one of the API's time
 * fields (`timestamp`, `systemTimestamp`, `closeTime`, `lastModifiedTime`, `birthDate`) or are a
 * session's `window.start`/`window.end`.
 */
export function isTimestampColumn(column: Column): boolean {
  return column.paths.some((path) => {
    const last = path.at(-1)!;
    return (
      timestampKeys.has(last) || (path.length === 2 && path[0] === 'window' && /^(start|end)$/.test(last))
    );
  });
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

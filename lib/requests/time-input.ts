import {Temporal} from 'temporal-polyfill';

/**
 * Reads a request's time (`periodStart`, `from`, `to`): a number is Unix seconds; an ISO 8601
 * string with `Z` or an offset is that instant; one without an offset is a wall-clock time in
 * `timeZone` (in a DST gap, the time after it; in an overlap, the earlier one, as Temporal's
 * `compatible` rule); a date alone is the start of that day in `timeZone`. `undefined` when the
 * text names no real time (e.g. February 30), for the caller's error.
 */
export function instantOf(value: string | number, timeZone: string): Temporal.Instant | undefined {
  try {
    if (typeof value === 'number') {
      return Temporal.Instant.fromEpochMilliseconds(value * 1000);
    }
    if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) {
      return Temporal.Instant.from(value);
    }
    if (value.length === 10) {
      return Temporal.PlainDate.from(value).toZonedDateTime({timeZone}).toInstant();
    }
    return Temporal.PlainDateTime.from(value).toZonedDateTime(timeZone).toInstant();
  } catch {
    return undefined;
  }
}

/** The canonical form of an IANA zone name (`europe/rome` → `Europe/Rome`), `undefined` when unknown. */
export function zoneOf(name: string): string | undefined {
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name).timeZoneId;
  } catch {
    return undefined;
  }
}

/** `duration` times `k`, unit by unit (never normalized: P1M stays months, P1D stays days). */
export function scaled(duration: Temporal.Duration, k: number): Temporal.Duration {
  return Temporal.Duration.from({
    years: duration.years * k,
    months: duration.months * k,
    weeks: duration.weeks * k,
    days: duration.days * k,
    hours: duration.hours * k,
    minutes: duration.minutes * k,
    seconds: duration.seconds * k,
  });
}

/** The exact length of a duration with no calendar units (hours, minutes, seconds), in ms; else `undefined`. */
export function exactMillis(duration: Temporal.Duration): number | undefined {
  if (duration.years !== 0 || duration.months !== 0 || duration.weeks !== 0 || duration.days !== 0) {
    return undefined;
  }
  return duration.total({unit: 'millisecond'});
}

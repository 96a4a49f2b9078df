import {Temporal} from 'temporal-polyfill';
import type {NotificationMessage} from '../notify/index.js';
import {checkSchema, mayBeSecret} from './schema-check.js';
import {instantOf, zoneOf} from './time-input.js';
import type {ExportItem, ExportRequest, RequestColumn, RequestExtension} from './types.js';
import {RequestValidationError} from './validation-error.js';

/** Options of {@link parseRequest}. */
export type ParseRequestOptions = {
  /** Where the request came from (a file name): the errors start with it. */
  readonly source?: string | undefined;
};

type Raw = Record<string, unknown>;
type Fail = (path: string, expected: string, value: unknown) => never;

/**
 * Validates an export request (parsed JSON) against {@link REQUEST_SCHEMA}, then what a schema
 * cannot say: the time zone exists, times name real instants, the windowing fields fit the type,
 * labels and file names are distinct. Returns it frozen and normalized: `xls` → `xlsx`, times as
 * `Date`s (a time without an offset read in `format.timezone`), `timezone` defaulted to `UTC`,
 * each column's `label` defaulted to its `id`, the single-message `notification` as `messages`.
 *
 * @throws RequestValidationError naming the JSON path, the expected form and the value received.
 * @example
 * ```ts
 * const request = parseRequest(JSON.parse(await readFile('daily.json', 'utf8')), {source: 'daily.json'});
 * ```
 */
export function parseRequest(json: unknown, options: ParseRequestOptions = {}): ExportRequest {
  const {source} = options;
  checkSchema(json, source);
  const fail: Fail = (path, expected, value) => {
    throw new RequestValidationError(path, expected, value, {
      source,
      missing: value === undefined,
      secret: mayBeSecret(path, value),
    });
  };
  // A copy: the caller's objects are neither frozen nor shared with the result.
  const raw = structuredClone(json) as Raw;
  const format = raw.format as Raw;
  const timezone = zoneOf((format.timezone as string | undefined) ?? 'UTC');
  if (timezone === undefined) {
    fail('format.timezone', 'an IANA time zone such as "Europe/Rome" or "UTC"', format.timezone);
  }
  const extension = (format.extension === 'xls' ? 'xlsx' : format.extension) as RequestExtension;
  for (const key of ['csvDelimiter', 'bom'] as const) {
    if (format[key] !== undefined && extension !== 'csv') {
      fail(`format.${key}`, 'absent: it applies to "csv" only', format[key]);
    }
  }
  const request: ExportRequest = {
    name: raw.name as string,
    type: raw.type as ExportRequest['type'],
    ...windowing(raw, timezone, fail),
    format: {
      ...(format as object),
      extension,
      timezone,
      ...(format.columns === undefined ? {} : {columns: columnsOf(format.columns as Raw[], fail)}),
    },
    items: itemsOf(raw.items as Raw[], fail),
    ...(raw.notification === undefined ? {} : {notification: notificationOf(raw.notification as Raw)}),
  };
  return deepFreeze(request);
}

function windowing(raw: Raw, zone: string, fail: Fail) {
  const time = (key: string) => {
    const value = raw[key] as string | number | undefined;
    if (value === undefined) {
      return undefined;
    }
    const instant = instantOf(value, zone);
    if (instant === undefined) {
      fail(key, 'a real date and time (no 30 February, no hour 24)', value);
    }
    return new Date(instant.epochMilliseconds);
  };
  const positive = (key: string) => {
    const value = raw[key] as string | undefined;
    if (value !== undefined && Temporal.Duration.from(value).sign !== 1) {
      fail(key, 'a duration longer than zero, such as "P1D"', value);
    }
    return value;
  };
  const absent = (keys: readonly string[], why: string) => {
    for (const key of keys) {
      if (raw[key] !== undefined) {
        fail(key, `absent ${why}`, raw[key]);
      }
    }
  };
  const delay = Temporal.Duration.from((raw.delay as string | undefined) ?? 'PT0S').toString();
  if (raw.type === 'recurring') {
    absent(
      ['from', 'to', 'period'],
      'in a recurring request (its windows come from periodicity and periodStart)',
    );
    if (raw.periodicity === undefined) {
      fail('periodicity', 'an ISO 8601 duration such as "P1D" in a recurring request', undefined);
    }
    const periodStart = time('periodStart');
    return {
      periodicity: positive('periodicity')!,
      ...(periodStart === undefined ? {} : {periodStart}),
      delay,
    };
  }
  absent(['periodicity', 'periodStart'], 'in a one-time request (use from/to, or period)');
  const from = time('from');
  const to = time('to');
  const period = positive('period');
  if (period !== undefined) {
    absent(['from', 'to'], 'with period (a period ends at the first run)');
    return {period, delay};
  }
  if (from === undefined) {
    fail('from', 'a start (with an optional to), or a period instead, in a one-time request', undefined);
  }
  if (to !== undefined && to <= from) {
    fail('to', `a time after from (${from.toISOString()})`, raw.to);
  }
  return {from, ...(to === undefined ? {} : {to}), delay};
}

function columnsOf(columns: readonly Raw[], fail: Fail): RequestColumn[] {
  const labels = new Set<string>();
  return columns.map((column, index) => {
    const label = (column.label as string | undefined) ?? (column.id as string);
    if (labels.has(label)) {
      fail(`format.columns[${index}].label`, 'a label no other column has', label);
    }
    labels.add(label);
    return {id: column.id as string, label};
  });
}

function itemsOf(items: readonly Raw[], fail: Fail): ExportItem[] {
  const names = new Set<string>();
  return items.map((item, index) => {
    if (item.provider === 'croct' && item.events !== undefined && item.resource !== 'events') {
      fail(`items[${index}].events`, 'absent: only events have event types', item.events);
    }
    const name = (item.filename as string | undefined) ?? `${item.provider}-${item.resource}`;
    if (names.has(name)) {
      fail(`items[${index}].filename`, 'a file name no other item has (set filename on one of them)', name);
    }
    names.add(name);
    return item as ExportItem;
  });
}

function notificationOf(notification: Raw): {messages: NotificationMessage[]} {
  if (notification.messages !== undefined) {
    return notification as {messages: NotificationMessage[]};
  }
  // Connhex's documented short form, one message without a policy: sent on success.
  return {messages: [{policy: 'onSuccess', ...(notification as Omit<NotificationMessage, 'policy'>)}]};
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) {
      deepFreeze(inner);
    }
    Object.freeze(value);
  }
  return value;
}

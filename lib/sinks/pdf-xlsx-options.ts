import {InvalidOptionError} from '../core/errors.js';
import {integerOption, knownKeys, objectOption, stringOption} from '../core/validate.js';
import {type Column, readColumn} from './columns.js';
import {createTimestampFormatter, isTimestampColumn, type TimestampFields, timeValue} from './timestamps.js';

// Shared by the XLSX and PDF sinks (the `pdf-xlsx-` prefix): the options both take and the rendering
// of a cell's value, so that both formats show the same value for the same item.

/** The options every table sink (XLSX, PDF) takes: which columns, and how to render times. */
export type TableSinkOptions = {
  /** The columns, in order; their labels form the header row. */
  readonly columns: readonly Column[];
  /**
   * Render the time columns (see `timestampFields`) as ISO 8601 in this IANA zone with its offset,
   * e.g. `2026-11-24T07:30:00.000-03:00`. Requires `timestampFields`.
   * @default undefined (times as the API sends them)
   */
  readonly timeZone?: string | undefined;
  /** Which fields hold times, for `timeZone` (required with it: the sinks know no API's fields). @default undefined */
  readonly timestampFields?: TimestampFields | undefined;
};

/** A cell as the table sinks write it: `null` is an empty cell. */
export type CellValue = string | number | boolean | null;

/** The column labels and, per column, the function that reads an item's cell. */
export type TablePlan = {
  readonly labels: readonly string[];
  readonly cells: readonly ((item: unknown) => CellValue)[];
};

const tableKeys = ['columns', 'timeZone', 'timestampFields'] as const;

/**
 * Validates the options of a table sink (throws {@link InvalidOptionError} naming the option) and
 * returns them as an object along with the cell readers. `extraKeys` are the sink's own options.
 */
export function resolveTableOptions(
  options: unknown,
  extraKeys: readonly string[],
): {options: Record<string, unknown>; plan: TablePlan} {
  const record = objectOption('options', options);
  knownKeys('options', record, [...tableKeys, ...extraKeys]);
  const columns = columnsOption(record.columns);
  const {timeZone, timestampFields} = record;
  let formatTime: ((millis: number) => string) | undefined;
  let fields: TimestampFields = {};
  if (timeZone !== undefined) {
    formatTime = createTimestampFormatter(timeZoneOption(timeZone));
    if (timestampFields === undefined) {
      throw new InvalidOptionError(
        'timestampFields',
        'given with `timeZone`: which fields hold times, e.g. {names: ["timestamp"]}',
        undefined,
      );
    }
  }
  if (timestampFields !== undefined) {
    fields = timestampFieldsOption(timestampFields);
  }
  const cells = columns.map((column) => {
    const isTime = formatTime !== undefined && isTimestampColumn(column, fields);
    return (item: unknown) => cellValue(readColumn(item, column), formatTime, isTime);
  });
  return {options: record, plan: {labels: columns.map((column) => column.label), cells}};
}

/** An optional integer option from `min` to `max`, or its default. */
export function optionalInteger(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  return value === undefined ? fallback : integerOption(name, value, min, max);
}

/** An optional non-empty string option, or its default. */
export function optionalString(name: string, value: unknown, fallback: string): string {
  return value === undefined ? fallback : stringOption(name, value);
}

/** An optional boolean option, or its default. */
export function optionalBoolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw new InvalidOptionError(name, 'a boolean', value);
  }
  return value;
}

function columnsOption(value: unknown): readonly Column[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidOptionError('columns', 'a non-empty array of columns (see parseColumns)', value);
  }
  value.forEach((column: unknown, index) => {
    const name = `columns[${index}]`;
    const record = objectOption(name, column);
    stringOption(`${name}.label`, record.label);
    const {paths} = record;
    const valid =
      Array.isArray(paths) &&
      paths.length > 0 &&
      paths.every(
        (path: unknown) =>
          Array.isArray(path) &&
          path.length > 0 &&
          path.every((key) => typeof key === 'string' && key !== ''),
      );
    if (!valid) {
      throw new InvalidOptionError(`${name}.paths`, 'a non-empty array of non-empty arrays of keys', paths);
    }
  });
  return value as readonly Column[];
}

function timeZoneOption(value: unknown): string {
  try {
    return new Intl.DateTimeFormat('en-US', {timeZone: stringOption('timeZone', value)}).resolvedOptions()
      .timeZone;
  } catch {
    throw new InvalidOptionError('timeZone', 'an IANA time zone such as "Europe/Rome" or "UTC"', value);
  }
}

function timestampFieldsOption(value: unknown): TimestampFields {
  const record = objectOption('timestampFields', value);
  knownKeys('timestampFields', record, ['names', 'paths']);
  for (const key of ['names', 'paths'] as const) {
    const list = record[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((entry) => typeof entry === 'string'))) {
      throw new InvalidOptionError(`timestampFields.${key}`, 'an array of strings', list);
    }
  }
  return record as TimestampFields;
}

/**
 * A value as a cell: times of a time column, and `Date` objects anywhere, in the zone (UTC without one);
 * finite numbers and booleans as they are; objects as JSON; everything else (big integers, NaN, strings)
 * as text; `null`/missing (and an invalid Date) as an empty cell.
 */
function cellValue(
  value: unknown,
  formatTime: ((millis: number) => string) | undefined,
  isTime: boolean,
): CellValue {
  if (value === null || value === undefined) {
    return null;
  }
  if (value instanceof Date) {
    const millis = value.getTime();
    return Number.isNaN(millis) ? null : (formatTime ?? isoUtc)(millis);
  }
  const millis = isTime ? timeValue(value) : undefined;
  if (millis !== undefined) {
    return formatTime!(millis);
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
    return value;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function isoUtc(millis: number): string {
  return new Date(millis).toISOString();
}

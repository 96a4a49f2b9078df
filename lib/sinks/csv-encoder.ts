import {stringify} from 'csv-stringify/sync';
import {InvalidOptionError} from '../core/errors.js';
import {type Column, readColumn} from './columns.js';
import type {Encoder, EncoderStart} from './encoder.js';
import {createTimestampFormatter, isTimestampColumn, type TimestampFields, timeValue} from './timestamps.js';

/** Options of {@link createCsvEncoder}. */
export type CsvOptions = EncoderStart & {
  /** The columns, in order; their labels form the header row. */
  readonly columns: readonly Column[];
  /**
   * Render the time columns (see `timestampFields`) as ISO 8601 in this IANA zone, e.g.
   * `2026-11-24T07:30:00.000-03:00`: epoch milliseconds and ISO 8601 strings with a zone alike.
   * @default undefined (times as the API sends them)
   */
  readonly timeZone?: string | undefined;
  /**
   * Which fields hold times, for `timeZone` (required with it: the sinks know no API's fields).
   * @default undefined
   */
  readonly timestampFields?: TimestampFields | undefined;
  /**
   * The field separator: one character, not a double quote, CR or LF (e.g. `;` for locales whose
   * decimal mark is a comma, or `\t`).
   * @default ','
   */
  readonly delimiter?: string | undefined;
  /**
   * Start a fresh output with a UTF-8 byte order mark (U+FEFF), so that Excel reads it as UTF-8 rather
   * than the system's code page. Never written when appending (`fresh: false`).
   * @default false
   */
  readonly bom?: boolean | undefined;
};

/**
 * CSV (RFC 4180, through csv-stringify): a header row when the output is fresh, then one row per
 * item. Objects and arrays in a cell are written as JSON, `null` and missing values as empty cells.
 *
 * @example
 * ```ts
 * const csv = createCsvEncoder({columns: parseColumns('id,timestamp:Time'), timeZone: 'UTC'});
 * ```
 */
export function createCsvEncoder(options: CsvOptions): Encoder {
  const {columns, fresh = true, timestampFields, delimiter = ',', bom = false} = options;
  if (typeof delimiter !== 'string' || [...delimiter].length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new InvalidOptionError('delimiter', 'one character other than a double quote, CR or LF', delimiter);
  }
  if (typeof bom !== 'boolean') {
    throw new InvalidOptionError('bom', 'a boolean', bom);
  }
  if (options.timeZone !== undefined && timestampFields === undefined) {
    throw new TypeError(
      'Expected `timestampFields` with `timeZone`: which fields hold times, e.g. {names: ["timestamp"]}',
    );
  }
  const formatTime = options.timeZone === undefined ? undefined : createTimestampFormatter(options.timeZone);
  const renderers = columns.map((column) => {
    const asTime =
      formatTime !== undefined && isTimestampColumn(column, timestampFields!) ? formatTime : undefined;
    return (item: unknown) => cell(readColumn(item, column), asTime);
  });
  const row = (cells: string[]) => stringify([cells], {delimiter});
  return {
    header: () => (fresh ? (bom ? '\uFEFF' : '') + row(columns.map((column) => column.label)) : ''),
    item: (item) => row(renderers.map((render) => render(item))),
    footer: () => '',
  };
}

function cell(value: unknown, formatTime: ((millis: number) => string) | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  const millis = formatTime === undefined ? undefined : timeValue(value);
  if (millis !== undefined) {
    return formatTime!(millis);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

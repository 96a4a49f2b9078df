import {stringify} from 'csv-stringify/sync';
import {type Column, readColumn} from './columns.js';
import type {Encoder, EncoderStart} from './encoder.js';
import {createTimestampFormatter, isTimestampColumn} from './timestamps.js';

/** Options of {@link createCsvEncoder}. */
export type CsvOptions = EncoderStart & {
  /** The columns, in order; their labels form the header row. */
  readonly columns: readonly Column[];
  /**
   * Render timestamp columns (see `isTimestampColumn`) as ISO 8601 in this IANA zone.
   * @default undefined (epoch milliseconds, as the API sends them)
   */
  readonly timeZone?: string | undefined;
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
  const {columns, fresh = true} = options;
  const formatTime = options.timeZone === undefined ? undefined : createTimestampFormatter(options.timeZone);
  const renderers = columns.map((column) => {
    const asTime = formatTime !== undefined && isTimestampColumn(column) ? formatTime : undefined;
    return (item: unknown) => cell(readColumn(item, column), asTime);
  });
  const row = (cells: string[]) => stringify([cells]);
  return {
    header: () => (fresh ? row(columns.map((column) => column.label)) : ''),
    item: (item) => row(renderers.map((render) => render(item))),
    footer: () => '',
  };
}

function cell(value: unknown, formatTime: ((millis: number) => string) | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number' && formatTime !== undefined && Number.isFinite(value)) {
    return formatTime(value);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

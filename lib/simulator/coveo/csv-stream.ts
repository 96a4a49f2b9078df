import {Readable} from 'node:stream';
import {COLUMNS} from './columns.js';
import type {RowSource} from './generate-row.js';
import {generateRow} from './generate-row.js';
import type {CoveoTable} from './options.js';

/** The `format` values an export accepts. */
const EXPORT_FORMATS = ['EXCEL', 'NO_NEWLINE', 'EXCEL,NO_NEWLINE'] as const;

/** An export's CSV format. */
type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The CSV dialect of a format, the simulator's reading of Coveo's undocumented flags: `EXCEL` means
 * a UTF-8 BOM and CRLF line ends, `NO_NEWLINE` means line breaks inside values become spaces. Both
 * quote a field holding a comma, a quote or a line break, doubling its quotes (RFC 4180).
 */
type CsvDialect = {bom: boolean; lineEnd: string; replaceNewlines: boolean};

function dialectOf(format: ExportFormat): CsvDialect {
  const excel = format.includes('EXCEL');
  return {bom: excel, lineEnd: excel ? '\r\n' : '\n', replaceNewlines: format.includes('NO_NEWLINE')};
}

const NEEDS_QUOTES = /[",\r\n]/;
const LINE_BREAK = /\r\n|\r|\n/g;

/** One CSV line (with its line end) of the given cells. */
function csvLine(cells: readonly string[], dialect: CsvDialect): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    let cell = cells[i] as string;
    if (dialect.replaceNewlines) {
      cell = cell.replace(LINE_BREAK, ' ');
    }
    if (NEEDS_QUOTES.test(cell)) {
      cell = `"${cell.replaceAll('"', '""')}"`;
    }
    line += i === 0 ? cell : `,${cell}`;
  }
  return line + dialect.lineEnd;
}

/** What one table's CSV holds. */
type TableCsv = {
  table: CoveoTable;
  /** The index of its first row on the table's timeline. */
  first: number;
  count: number;
  /** The positions of the columns it holds. */
  selected: readonly number[];
  header: readonly string[];
  dialect: CsvDialect;
};

const ROWS_PER_CHUNK = 256;

/**
 * A table's CSV, generated row by row as it is read: rows are made only while `push()` asks for
 * more, so a million-row table never sits in memory.
 */
class TableCsvStream extends Readable {
  readonly #source: RowSource;
  readonly #csv: TableCsv;
  #next: number;
  #headerSent = false;
  /** Every column, in order: rows need no picking. */
  readonly #all: boolean;

  constructor(source: RowSource, csv: TableCsv) {
    super();
    this.#source = source;
    this.#csv = csv;
    this.#next = csv.first;
    this.#all =
      csv.selected.every((position, index) => position === index) &&
      csv.selected.length === COLUMNS[csv.table].length;
  }

  override _read(): void {
    const {table, first, count, selected, header, dialect} = this.#csv;
    const end = first + count;
    let more = true;
    if (!this.#headerSent) {
      this.#headerSent = true;
      more = this.push((dialect.bom ? '\uFEFF' : '') + csvLine(header, dialect), 'utf8');
    }
    while (more && this.#next < end) {
      const stop = Math.min(end, this.#next + ROWS_PER_CHUNK);
      let chunk = '';
      for (; this.#next < stop; this.#next++) {
        const row = generateRow(this.#source, table, this.#next);
        chunk += csvLine(this.#all ? row : selected.map((index) => row[index] as string), dialect);
      }
      more = this.push(chunk, 'utf8');
    }
    if (this.#next >= end) {
      this.push(null);
    }
  }
}

export type {CsvDialect, ExportFormat, TableCsv};
export {csvLine, dialectOf, EXPORT_FORMATS, TableCsvStream};

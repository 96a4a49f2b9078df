import {Readable, Transform, type TransformCallback} from 'node:stream';
import {ZipFile} from 'yazl';
import {InvalidOptionError} from '../core/errors.js';
import {
  optionalBoolean,
  optionalInteger,
  optionalString,
  resolveTableOptions,
  type TablePlan,
  type TableSinkOptions,
} from './pdf-xlsx-options.js';
import {columnName, rowXml} from './xlsx-cells.js';
import {
  contentTypesXml,
  packageRels,
  SHEET_NAME_MAX_LENGTH,
  SHEET_TAIL,
  sheetHead,
  sheetName,
  stylesXml,
  workbookRels,
  workbookXml,
} from './xlsx-parts.js';

/** Excel's limit of rows per sheet, header included. */
export const XLSX_MAX_ROWS = 1_048_576;

/** Options of {@link createXlsxSink}. */
export type XlsxSinkOptions = TableSinkOptions & {
  /**
   * The first sheet's name; a sheet that rolls over is followed by `<sheetName> 2`, `<sheetName> 3`…
   * 1 to 31 characters, none of `[]:*?/\`, not starting or ending with `'` (Excel's rules).
   * @default 'Export'
   */
  readonly sheetName?: string | undefined;
  /**
   * Data rows per sheet before rolling over to a new sheet (each sheet also has the header row).
   * @default 1_048_575 (Excel's 1,048,576 rows per sheet, header included)
   */
  readonly maxRowsPerSheet?: number | undefined;
  /**
   * Freeze the header row, so that it stays in view while scrolling.
   * @default true
   */
  readonly freezeHeader?: boolean | undefined;
};

const defaults = Object.freeze({sheetName: 'Export', maxRowsPerSheet: XLSX_MAX_ROWS - 1, freezeHeader: true});
const xlsxKeys = ['sheetName', 'maxRowsPerSheet', 'freezeHeader'];
/** Rows are handed to the zip writer in batches of about this many characters: one chunk per row costs 2x. */
const batchLength = 64 * 1024;

/**
 * An Excel workbook (.xlsx) writer: items in (object mode), the bytes of the file out, for
 * `pipeline()`. Each item is one row of the columns, under a bold header row of their labels.
 * Streams with bounded memory whatever the row count: the sheet's XML is generated row by row into the
 * zip writer (yazl), and a row is accepted only once the zip writer and the consumer downstream have
 * room for it. Strings are inline (no shared-strings table held in memory), numbers and booleans are
 * typed cells, times in `timeZone` are ISO 8601 strings with their offset, objects are JSON. A sheet
 * rolls over to the next after `maxRowsPerSheet` data rows. A cell longer than Excel's 32,767
 * characters is cut to 32,767, the last being `…`. Options are checked at the call
 * ({@link InvalidOptionError}).
 *
 * @example
 * ```ts
 * await pipeline(api.exportEvents(), createXlsxSink({columns: parseColumns('id,timestamp:Time')}),
 *   createWriteStream('events.xlsx'));
 * ```
 */
export function createXlsxSink(options: XlsxSinkOptions): Transform {
  const {options: record, plan} = resolveTableOptions(options, xlsxKeys);
  const name = optionalString('sheetName', record.sheetName, defaults.sheetName);
  if (name.length > SHEET_NAME_MAX_LENGTH || /[[\]:*?/\\]/.test(name) || /^'|'$/.test(name)) {
    throw new InvalidOptionError(
      'sheetName',
      "1 to 31 characters without []:*?/\\ and not starting or ending with '",
      name,
    );
  }
  const maxRows = optionalInteger(
    'maxRowsPerSheet',
    record.maxRowsPerSheet,
    defaults.maxRowsPerSheet,
    1,
    XLSX_MAX_ROWS - 1,
  );
  const freezeHeader = optionalBoolean('freezeHeader', record.freezeHeader, defaults.freezeHeader);
  return new XlsxSink(plan, name, maxRows, freezeHeader);
}

class XlsxSink extends Transform {
  readonly #zip = new ZipFile();
  // yazl's typings say NodeJS.ReadableStream; it is a PassThrough.
  readonly #output = this.#zip.outputStream as Readable;
  readonly #plan: TablePlan;
  readonly #letters: readonly string[];
  readonly #headerRow: string;
  readonly #baseName: string;
  readonly #maxRows: number;
  readonly #freezeHeader: boolean;
  readonly #sheetNames: string[] = [];
  #sheet: Readable | undefined;
  #rows = 0;
  #batch = '';
  /** The callback of the row the sheet stream has no room for yet: called when it asks for more. */
  #waiting: (() => void) | undefined;

  constructor(plan: TablePlan, baseName: string, maxRows: number, freezeHeader: boolean) {
    super({writableObjectMode: true});
    this.#plan = plan;
    this.#letters = plan.labels.map((_label, index) => columnName(index));
    this.#headerRow = rowXml(1, this.#letters, plan.labels, 1);
    this.#baseName = baseName;
    this.#maxRows = maxRows;
    this.#freezeHeader = freezeHeader;
    const output = this.#output;
    output.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) {
        output.pause();
      }
    });
    output.on('error', (error: Error) => this.destroy(error));
    this.#zip.addBuffer(Buffer.from(packageRels()), '_rels/.rels');
    this.#zip.addBuffer(Buffer.from(stylesXml()), 'xl/styles.xml');
  }

  override _read(size: number): void {
    this.#output.resume();
    super._read(size);
  }

  override _transform(item: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#sheet === undefined || this.#rows === this.#maxRows) {
      this.#startSheet();
    }
    const values = this.#plan.cells.map((cell) => cell(item));
    this.#batch += rowXml(++this.#rows + 1, this.#letters, values);
    if (this.#batch.length < batchLength) {
      callback();
      return;
    }
    const room = this.#sheet!.push(this.#batch);
    this.#batch = '';
    if (room) {
      callback();
    } else {
      this.#waiting = callback;
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#sheet === undefined) {
      this.#startSheet();
    }
    this.#endSheet();
    const count = this.#sheetNames.length;
    this.#zip.addBuffer(Buffer.from(workbookXml(this.#sheetNames)), 'xl/workbook.xml');
    this.#zip.addBuffer(Buffer.from(workbookRels(count)), 'xl/_rels/workbook.xml.rels');
    this.#zip.addBuffer(Buffer.from(contentTypesXml(count)), '[Content_Types].xml');
    this.#output.once('end', () => callback());
    this.#zip.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#sheet?.destroy();
    this.#output.destroy();
    callback(error);
  }

  #startSheet(): void {
    if (this.#sheet !== undefined) {
      this.#endSheet();
    }
    const index = this.#sheetNames.length + 1;
    this.#sheetNames.push(sheetName(this.#baseName, index));
    this.#sheet = new Readable({
      read: () => {
        const waiting = this.#waiting;
        this.#waiting = undefined;
        waiting?.();
      },
    });
    this.#rows = 0;
    this.#batch = sheetHead(this.#plan.labels, this.#headerRow, this.#freezeHeader);
    this.#zip.addReadStream(this.#sheet, `xl/worksheets/sheet${index}.xml`);
  }

  #endSheet(): void {
    this.#sheet!.push(this.#batch + SHEET_TAIL);
    this.#sheet!.push(null);
    this.#batch = '';
  }
}

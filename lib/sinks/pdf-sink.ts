import {Transform, type TransformCallback} from 'node:stream';
import {stringOption} from '../core/validate.js';
import {PdfTooManyRowsError} from './pdf-errors.js';
import {
  type CellValue,
  optionalInteger,
  resolveTableOptions,
  type TableSinkOptions,
} from './pdf-xlsx-options.js';

/** Options of {@link createPdfSink}. */
export type PdfSinkOptions = TableSinkOptions & {
  /** The document's title, on the first page and in its metadata, e.g. the export's name. */
  readonly title: string;
  /** A line under the title, e.g. the export's window. @default undefined */
  readonly subtitle?: string | undefined;
  /**
   * The most rows the PDF takes; one more fails the stream with {@link PdfTooManyRowsError}
   * (`ERR_PDF_TOO_MANY_ROWS`) before any byte is written. PDF is a report format: its memory and time
   * grow with the pages (see docs/formats.md), so large exports belong in csv or xlsx.
   * @default 20_000
   */
  readonly maxRows?: number | undefined;
};

/** The default of `maxRows` (see docs/formats.md for the measurements behind it). */
export const PDF_DEFAULT_MAX_ROWS = 20_000;
const pdfKeys = ['title', 'subtitle', 'maxRows'];
/** Characters of a cell kept until rendering: more than the widest cell can show at 8 points. */
const keptLength = 400;

/**
 * A PDF report writer (pdfkit): items in (object mode), the bytes of an A4 PDF out, for `pipeline()`.
 * The title (and subtitle) head the first page; the column labels head every page; every page ends
 * with "Page n of m". Each row is one line: a cell too long for its column is cut with `…`. Text is
 * set in the embedded DejaVu Sans (Latin, Greek, Cyrillic and more; no CJK or emoji glyphs; no
 * right-to-left reordering). Landscape beyond 5 columns. The rows are held (at most `maxRows`) until the
 * input ends, then the pages are drawn one at a time, each only once the consumer has room. Options are
 * checked at the call ({@link InvalidOptionError}).
 *
 * @example
 * ```ts
 * await pipeline(api.exportEvents(), createPdfSink({columns, title: 'Orders', subtitle: '1–2 Nov 2026'}),
 *   createWriteStream('orders.pdf'));
 * ```
 */
export function createPdfSink(options: PdfSinkOptions): Transform {
  const {options: record, plan} = resolveTableOptions(options, pdfKeys);
  const title = stringOption('title', record.title);
  const subtitle = record.subtitle === undefined ? undefined : stringOption('subtitle', record.subtitle);
  const maxRows = optionalInteger('maxRows', record.maxRows, PDF_DEFAULT_MAX_ROWS, 1, 1_000_000);
  const rows: string[][] = [];
  return new PdfSink(
    (item) => {
      if (rows.length === maxRows) {
        throw new PdfTooManyRowsError(maxRows);
      }
      rows.push(plan.cells.map((cell) => cellText(cell(item))));
    },
    // pdfkit and its fonts are loaded when the first PDF is drawn, not by importing the sinks.
    async (stream) =>
      (await import('./pdf-render.js')).renderPdf(stream, {title, subtitle, labels: plan.labels, rows}),
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters have no glyph to draw.
const controls = /[\u0000-\u001F\u007F]/g;

/** A cell as one line of text: line breaks and tabs become spaces, other controls are dropped. */
function cellText(value: CellValue): string {
  if (value === null) {
    return '';
  }
  const text = String(value)
    .replace(/[\t\n\r]+/g, ' ')
    .replace(controls, '');
  return text.length > keptLength ? `${text.slice(0, keptLength)}…` : text;
}

class PdfSink extends Transform {
  readonly #take: (item: unknown) => void;
  readonly #render: (sink: PdfSink) => Promise<void>;
  #wake: (() => void) | undefined;

  constructor(take: (item: unknown) => void, render: (sink: PdfSink) => Promise<void>) {
    super({writableObjectMode: true});
    this.#take = take;
    this.#render = render;
  }

  override _transform(item: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#take(item);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    this.#render(this).then(() => callback(), callback);
  }

  override _read(size: number): void {
    this.#wakeUp();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#wakeUp();
    callback(error);
  }

  /** Resolves once the consumer has room for more (or the stream is gone). */
  async room(): Promise<void> {
    // Lets the chunks pdfkit has just produced reach this stream's buffer first.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.readableLength >= this.readableHighWaterMark && !this.destroyed) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

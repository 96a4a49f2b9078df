import {once} from 'node:events';
import {createRequire} from 'node:module';
import {Transform, type TransformCallback} from 'node:stream';
import PDFDocument from 'pdfkit';
import {stringOption} from '../core/validate.js';
import {PdfTooManyRowsError} from './pdf-errors.js';
import {fitText, type PdfLayout, pageCount, planLayout} from './pdf-layout.js';
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

const require = createRequire(import.meta.url);
// DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew, Arabic and many symbols; pdfkit's standard fonts
// are Latin-1 only. pdfkit embeds only the glyphs used.
const fonts = {
  body: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

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
    (stream) => render(stream, {title, subtitle, labels: plan.labels, rows}),
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

type Report = {
  readonly title: string;
  readonly subtitle: string | undefined;
  readonly labels: readonly string[];
  readonly rows: readonly (readonly string[])[];
};

async function render(sink: PdfSink, report: Report): Promise<void> {
  const {title, subtitle, labels, rows} = report;
  const layout = planLayout(labels, rows, subtitle !== undefined);
  const pages = pageCount(rows.length, layout);
  const doc = new PDFDocument({
    size: 'A4',
    layout: layout.landscape ? 'landscape' : 'portrait',
    margin: layout.margin,
    autoFirstPage: false,
    font: fonts.body,
    info: {Title: title, ...(subtitle === undefined ? {} : {Subject: subtitle}), Creator: 'export-stream'},
  });
  doc.registerFont('body', fonts.body);
  doc.registerFont('bold', fonts.bold);
  doc.on('data', (chunk: Buffer) => sink.push(chunk));
  let next = 0;
  for (let page = 1; page <= pages && !sink.destroyed; page++) {
    doc.addPage();
    let y = layout.margin;
    if (page === 1) {
      y = drawTitle(doc, layout, title, subtitle);
    }
    const count = page === 1 ? layout.firstPageRows : layout.pageRows;
    drawPage(doc, layout, labels, rows.slice(next, next + count), y);
    next += count;
    drawFooter(doc, layout, `Page ${page} of ${pages}`, title);
    await sink.room();
  }
  doc.end();
  await once(doc, 'end');
}

function drawTitle(
  doc: PDFKit.PDFDocument,
  layout: PdfLayout,
  title: string,
  subtitle: string | undefined,
): number {
  const width = layout.pageWidth - 2 * layout.margin;
  let y = layout.margin;
  doc.font('bold').fontSize(14).fillColor('black');
  doc.text(
    fitText(title, width, (text) => doc.widthOfString(text)),
    layout.margin,
    y,
    {lineBreak: false},
  );
  y += 22;
  if (subtitle !== undefined) {
    doc.font('body').fontSize(9).fillColor('#333333');
    doc.text(
      fitText(subtitle, width, (text) => doc.widthOfString(text)),
      layout.margin,
      y,
      {lineBreak: false},
    );
    y += 14;
  }
  return y + 6;
}

function drawPage(
  doc: PDFKit.PDFDocument,
  layout: PdfLayout,
  labels: readonly string[],
  rows: readonly (readonly string[])[],
  top: number,
): void {
  const {margin, rowHeight, padding, columnX, columnWidth, fontSize} = layout;
  const width = layout.pageWidth - 2 * margin;
  const textTop = (rowHeight - fontSize) / 2;
  doc.rect(margin, top, width, rowHeight).fill('#e8e8e8');
  doc.font('bold').fontSize(fontSize).fillColor('black');
  resetLayoutCache(doc);
  const measure = (text: string) => doc.widthOfString(text);
  labels.forEach((label, column) => {
    const fitted = fitText(label, columnWidth[column]! - 2 * padding, measure);
    doc.text(fitted, columnX[column]! + padding, top + textTop, {lineBreak: false});
  });
  doc.font('body');
  resetLayoutCache(doc);
  let y = top + rowHeight;
  for (const row of rows) {
    row.forEach((cell, column) => {
      if (cell !== '') {
        const fitted = fitText(cell, columnWidth[column]! - 2 * padding, measure);
        doc.text(fitted, columnX[column]! + padding, y + textTop, {lineBreak: false});
      }
    });
    y += rowHeight;
  }
  doc
    .moveTo(margin, y)
    .lineTo(margin + width, y)
    .lineWidth(0.5)
    .stroke('#999999');
}

function drawFooter(doc: PDFKit.PDFDocument, layout: PdfLayout, pageText: string, title: string): void {
  const {margin, pageWidth, pageHeight} = layout;
  const y = pageHeight - margin + 10;
  doc.font('body').fontSize(7).fillColor('#555555');
  const pageWidthText = doc.widthOfString(pageText);
  const titleWidth = pageWidth - 2 * margin - pageWidthText - 12;
  doc.text(
    fitText(title, titleWidth, (text) => doc.widthOfString(text)),
    margin,
    y,
    {lineBreak: false},
  );
  doc.text(pageText, pageWidth - margin - pageWidthText, y, {lineBreak: false});
  doc.fillColor('black');
}

/**
 * pdfkit keeps the layout of every distinct word for the whole document (EmbeddedFont#layoutCache), so
 * unique ids and times make it grow with the rows: measured at 5,000 rows, 183 MB and 1.5x slower than
 * with the cache emptied on every page, which keeps the reuse within a page.
 */
function resetLayoutCache(doc: PDFKit.PDFDocument): void {
  (doc as unknown as {_font: {layoutCache?: unknown}})._font.layoutCache = Object.create(null);
}

/** The geometry of the PDF sink's pages, in PDF points (1/72 inch). */
export type PdfLayout = {
  readonly landscape: boolean;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly margin: number;
  readonly fontSize: number;
  readonly rowHeight: number;
  /** The text's inset from a cell's left edge (and the gap kept on its right). */
  readonly padding: number;
  /** Where each column starts, and its width. */
  readonly columnX: readonly number[];
  readonly columnWidth: readonly number[];
  /** Rows on the first page (under the title) and on every other page. */
  readonly firstPageRows: number;
  readonly pageRows: number;
};

/** A4, in points. */
const a4 = {short: 595.28, long: 841.89};
/** More columns than this turn the page to landscape. */
export const PORTRAIT_MAX_COLUMNS = 5;
const margin = 36;
const fontSize = 8;
const rowHeight = 12;
/** Height of the title block: a 14-point title, an optional 9-point subtitle, and a gap. */
export const TITLE_HEIGHT = 22;
export const SUBTITLE_HEIGHT = 14;
const gap = 6;
/** Rows sampled to weigh the columns' widths. */
const sampleRows = 500;

/**
 * Lays the table out: landscape beyond {@link PORTRAIT_MAX_COLUMNS} columns; each column as wide as its
 * share of the typical text length (label and the first rows, each counted between 4 and 40 characters);
 * a fixed row height, since every cell is one line (cut with an ellipsis), so that the page count is
 * known before the first page is drawn ("Page n of m" without holding every page in memory).
 */
export function planLayout(
  labels: readonly string[],
  rows: readonly (readonly string[])[],
  subtitle: boolean,
): PdfLayout {
  const landscape = labels.length > PORTRAIT_MAX_COLUMNS;
  const pageWidth = landscape ? a4.long : a4.short;
  const pageHeight = landscape ? a4.short : a4.long;
  const sample = rows.slice(0, sampleRows);
  const weights = labels.map((label, column) => {
    let total = 0;
    for (const row of sample) {
      total += clamp(row[column]!.length);
    }
    return Math.max(clamp(label.length), sample.length === 0 ? 0 : total / sample.length);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const usable = pageWidth - 2 * margin;
  const columnWidth = weights.map((weight) => (usable * weight) / sum);
  const columnX: number[] = [];
  let x = margin;
  for (const width of columnWidth) {
    columnX.push(x);
    x += width;
  }
  const tableHeight = pageHeight - 2 * margin;
  const titleBlock = TITLE_HEIGHT + (subtitle ? SUBTITLE_HEIGHT : 0) + gap;
  return {
    landscape,
    pageWidth,
    pageHeight,
    margin,
    fontSize,
    rowHeight,
    padding: 3,
    columnX,
    columnWidth,
    // One row of each page is the repeated header.
    firstPageRows: Math.floor((tableHeight - titleBlock) / rowHeight) - 1,
    pageRows: Math.floor(tableHeight / rowHeight) - 1,
  };
}

/** How many pages `rows` rows take (at least one: the title and header of an empty export). */
export function pageCount(rows: number, layout: PdfLayout): number {
  return rows <= layout.firstPageRows ? 1 : 1 + Math.ceil((rows - layout.firstPageRows) / layout.pageRows);
}

function clamp(length: number): number {
  return Math.min(40, Math.max(4, length));
}

/**
 * Text that fits `width` at the current font and size: as is when it fits, else its longest prefix
 * (whole characters) followed by `…`. `measure` gives a string's width.
 */
export function fitText(text: string, width: number, measure: (text: string) => number): string {
  if (measure(text) <= width) {
    return text;
  }
  const characters = [...text];
  let low = 0;
  let high = characters.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(`${characters.slice(0, middle).join('')}…`) <= width) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low === 0 && measure('…') > width ? '' : `${characters.slice(0, low).join('')}…`;
}

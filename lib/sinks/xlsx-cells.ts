import type {CellValue} from './pdf-xlsx-options.js';

/** Excel's limit on the characters (UTF-16 code units) of one cell. */
export const XLSX_MAX_CELL_LENGTH = 32_767;

/**
 * Characters XML 1.0 forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates): the only
 * ones removed. With the `u` flag a surrogate range matches only unpaired halves, so every character
 * above U+FFFF (emoji, CJK extensions) is kept whole.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are exactly what XML 1.0 forbids.
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;
const special = /[&<>"\r]|_(?=x[0-9A-Fa-f]{4}_)/g;
const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // A literal CR would be normalized to LF by any XML parser.
  '\r': '&#13;',
  // Excel reads `_xHHHH_` in a string as an escaped character; escaping the underscore keeps it literal.
  _: '_x005F_',
};

/** Escapes text for XML content or a double-quoted attribute, dropping only what XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text.replace(forbidden, '').replace(special, (match) => entities[match]!);
}

/**
 * Cuts text longer than Excel's cell limit to 32,767 characters, the last being `…` (U+2026), never
 * splitting a surrogate pair.
 */
export function truncateCell(text: string): string {
  if (text.length <= XLSX_MAX_CELL_LENGTH) {
    return text;
  }
  let end = XLSX_MAX_CELL_LENGTH - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end--;
  }
  return `${text.slice(0, end)}…`;
}

/** The column's letters for a 0-based index: 0 → `A`, 25 → `Z`, 26 → `AA`. */
export function columnName(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  }
  return name;
}

/** One `<c>` element; an empty cell (`null`, `''`) is omitted entirely. `style` is a cellXfs index. */
export function cellXml(reference: string, value: CellValue, style = 0): string {
  if (value === null || value === '') {
    return '';
  }
  const s = style === 0 ? '' : ` s="${style}"`;
  if (typeof value === 'number') {
    return `<c r="${reference}"${s}><v>${value}</v></c>`;
  }
  if (typeof value === 'boolean') {
    return `<c r="${reference}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  }
  const text = escapeXml(truncateCell(value.replace(forbidden, '')));
  // Leading or trailing spaces vanish from a `<t>` unless the element asks to keep them.
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${reference}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

/** One `<row>` of cells (1-based `row` number), with the columns' letters precomputed. */
export function rowXml(
  row: number,
  letters: readonly string[],
  values: readonly CellValue[],
  style = 0,
): string {
  let cells = '';
  for (let index = 0; index < values.length; index++) {
    cells += cellXml(`${letters[index]}${row}`, values[index]!, style);
  }
  return `<row r="${row}">${cells}</row>`;
}

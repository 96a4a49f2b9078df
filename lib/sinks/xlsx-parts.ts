import {escapeXml} from './xlsx-cells.js';

// The fixed parts of a minimal SpreadsheetML package (ECMA-376 Part 1), and the sheet's head and tail
// around the rows that are streamed in between.

const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relationships = 'http://schemas.openxmlformats.org/package/2006/relationships';
const officeRelationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Excel's limit on a sheet name's length. */
export const SHEET_NAME_MAX_LENGTH = 31;

/** `_rels/.rels`: where the workbook is. */
export function packageRels(): string {
  return `${declaration}<Relationships xmlns="${relationships}"><Relationship Id="rId1" Type="${officeRelationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
}

/** `xl/styles.xml`: style 0 is the default, style 1 the bold header. */
export function stylesXml(): string {
  const font = (bold: boolean) =>
    `<font>${bold ? '<b/>' : ''}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
  return (
    `${declaration}<styleSheet xmlns="${main}">` +
    `<fonts count="2">${font(false)}${font(true)}</fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
  );
}

/** `xl/workbook.xml`: the sheets, in order (known only once the data has ended). */
export function workbookXml(sheetNames: readonly string[]): string {
  const sheets = sheetNames
    .map((name, index) => `<sheet name="${escapeXml(name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`)
    .join('');
  return `${declaration}<workbook xmlns="${main}" xmlns:r="${officeRelationships}"><sheets>${sheets}</sheets></workbook>`;
}

/** `xl/_rels/workbook.xml.rels`: rId1…rIdN are the sheets, rIdN+1 the styles. */
export function workbookRels(sheetCount: number): string {
  let rels = '';
  for (let index = 1; index <= sheetCount; index++) {
    rels += `<Relationship Id="rId${index}" Type="${officeRelationships}/worksheet" Target="worksheets/sheet${index}.xml"/>`;
  }
  rels += `<Relationship Id="rId${sheetCount + 1}" Type="${officeRelationships}/styles" Target="styles.xml"/>`;
  return `${declaration}<Relationships xmlns="${relationships}">${rels}</Relationships>`;
}

/** `[Content_Types].xml`: one override per part. */
export function contentTypesXml(sheetCount: number): string {
  let overrides = `<Override PartName="/xl/workbook.xml" ContentType="${contentType}.sheet.main+xml"/>`;
  overrides += `<Override PartName="/xl/styles.xml" ContentType="${contentType}.styles+xml"/>`;
  for (let index = 1; index <= sheetCount; index++) {
    overrides += `<Override PartName="/xl/worksheets/sheet${index}.xml" ContentType="${contentType}.worksheet+xml"/>`;
  }
  return (
    `${declaration}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    `<Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`
  );
}

/**
 * A worksheet's XML up to its first data row: the frozen pane under the header (when asked), column
 * widths from the labels, then `headerRow`.
 */
export function sheetHead(labels: readonly string[], headerRow: string, freezeHeader: boolean): string {
  const pane = freezeHeader
    ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    : '';
  const cols = labels
    .map((label, index) => {
      const width = Math.min(60, Math.max(10, label.length + 2));
      return `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1"/>`;
    })
    .join('');
  return `${declaration}<worksheet xmlns="${main}">${pane}<cols>${cols}</cols><sheetData>${headerRow}`;
}

/** A worksheet's XML after its last row. */
export const SHEET_TAIL = '</sheetData></worksheet>';

/**
 * The name of the `index`-th sheet (1-based): `base`, then `base 2`, `base 3`…, the base shortened so
 * that the name stays within Excel's 31 characters.
 */
export function sheetName(base: string, index: number): string {
  if (index === 1) {
    return base;
  }
  const suffix = ` ${index}`;
  let kept = base.slice(0, SHEET_NAME_MAX_LENGTH - suffix.length);
  if (/[\uD800-\uDBFF]$/.test(kept)) {
    kept = kept.slice(0, -1);
  }
  return `${kept}${suffix}`;
}

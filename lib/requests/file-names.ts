import type {ExportRequest, RequestExtension, Window} from './types.js';

const contentTypes: Readonly<Record<RequestExtension, string>> = Object.freeze({
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
});

/** The media type of a request's files, e.g. `text/csv; charset=utf-8`. */
export function contentTypeOf(extension: RequestExtension): string {
  return contentTypes[extension];
}

/** The middle part of an item's file names: its `filename`, else `<provider>-<resource>`. */
export function itemFileName(request: ExportRequest, itemIndex: number): string {
  const item = request.items[itemIndex]!;
  return item.filename ?? `${item.provider}-${item.resource}`;
}

/** How summaries and notifications name an item: its `label`, else its file name part. */
export function itemLabel(request: ExportRequest, itemIndex: number): string {
  return request.items[itemIndex]!.label ?? itemFileName(request, itemIndex);
}

/**
 * The name of one item's file for one window: `<format.filename or name>_<item filename>_<window key>.<extension>`,
 * e.g. `daily-orders_orders_20261101T000000Z.xlsx`. Only letters, digits, `.`, `_` and `-` (the
 * schema allows no others), so it is safe on every file system and as a job id.
 */
export function fileNameFor(request: ExportRequest, window: Window, itemIndex: number): string {
  const {filename = request.name, extension} = request.format;
  return `${filename}_${itemFileName(request, itemIndex)}_${window.key}.${extension}`;
}

/** How the temporary files of a request's exports begin: `.` + the file name prefix (see {@link fileNameFor}). */
export function temporaryPrefixOf(request: ExportRequest): string {
  return `.${request.format.filename ?? request.name}_`;
}

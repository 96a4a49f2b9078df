import {DIMENSIONS} from './columns.js';
import type {ExportFormat} from './csv-stream.js';
import {EXPORT_FORMATS} from './csv-stream.js';
import type {ExportRequest} from './export-request.js';
import type {CoveoTable} from './options.js';
import {COVEO_TABLES} from './options.js';

/** A bad request parameter: answered with a 400 `INVALID_PARAMETER`. */
class ParamError extends Error {}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const US_ASCII = /^[\x20-\x7e]+$/;
const TABLE_ENUMS = [...COVEO_TABLES.map((table) => table.toUpperCase()), 'ALL_EVENTS'];

function instant(name: string, value: unknown): number {
  if (value === undefined || value === null || value === '') {
    throw new ParamError(`Parameter '${name}' is required.`);
  }
  const fields = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  const time = fields !== null && isCalendarTime(fields) ? Date.parse(value as string) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new ParamError(
      `Parameter '${name}' must be an ISO-8601 date and time such as 2026-11-01T00:00:00.000Z.`,
    );
  }
  return time;
}

/**
 * Whether the date and time fields exist: `Date.parse` rolls `2026-02-30` over to March 2nd and
 * `T24:00` to the next day, where the API's ISO parser (java.time) refuses both.
 */
function isCalendarTime(fields: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 7].map((at) =>
    Number(fields[at] ?? 0),
  ) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59
  );
}

/** The window [from, to) of a request; `from` must be before `to`. */
function windowOf(from: unknown, to: unknown): {from: number; to: number} {
  const window = {from: instant('from', from), to: instant('to', to)};
  if (window.from >= window.to) {
    throw new ParamError("Parameter 'from' must be before 'to'.");
  }
  return window;
}

function strings(name: string, value: unknown): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ParamError(`Field '${name}' must be an array of strings.`);
  }
  return value;
}

/** The tables asked for (upper-case enums; `ALL_EVENTS` is searches, clicks and custom events), all five by default. */
function tablesOf(values: readonly string[]): CoveoTable[] {
  const tables = new Set<CoveoTable>();
  for (const value of values) {
    if (!TABLE_ENUMS.includes(value)) {
      throw new ParamError(
        `Invalid value '${value}' for parameter 'tables'; expected one of ${TABLE_ENUMS.join(', ')}.`,
      );
    }
    const expanded = value === 'ALL_EVENTS' ? ['searches', 'clicks', 'custom_events'] : [value.toLowerCase()];
    for (const table of expanded) {
      tables.add(table as CoveoTable);
    }
  }
  return tables.size === 0 ? [...COVEO_TABLES] : [...tables];
}

function dimensionsOf(values: readonly string[]): string[] {
  for (const value of values) {
    if (!DIMENSIONS.has(value)) {
      throw new ParamError(`Unknown dimension '${value}'.`);
    }
  }
  return [...new Set(values)];
}

function formatOf(value: unknown): ExportFormat {
  const format = value ?? 'EXCEL';
  if (!(EXPORT_FORMATS as readonly unknown[]).includes(format)) {
    throw new ParamError(
      `Invalid value '${String(format)}' for parameter 'format'; expected EXCEL or NO_NEWLINE.`,
    );
  }
  return format as ExportFormat;
}

function filenameOf(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string' || !US_ASCII.test(value)) {
    throw new ParamError("Parameter 'filename' must be a non-empty US-ASCII string.");
  }
  return value;
}

function filtersOf(lists: Record<'f' | 'fs' | 'fc', readonly string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(lists)
      .filter(([, values]) => values.length > 0)
      .map(([key, values]) => [key, values.join(' AND ')]),
  );
}

/** Repeated keys, and comma-separated values in each, as Spring reads enum arrays. */
function split(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .filter((value) => value !== '');
}

/** The request of `POST /v15/exports` (query parameters only). */
function requestFromQuery(params: URLSearchParams): ExportRequest {
  const display = params.get('useDisplayNames') ?? 'false';
  if (display !== 'true' && display !== 'false') {
    throw new ParamError("Parameter 'useDisplayNames' must be true or false.");
  }
  return {
    ...windowOf(params.get('from'), params.get('to')),
    tables: tablesOf(split(params, 'tables')),
    dimensions: dimensionsOf(split(params, 'dimensions')),
    filters: filtersOf({f: params.getAll('f'), fs: params.getAll('fs'), fc: params.getAll('fc')}),
    format: formatOf(params.get('format') ?? undefined),
    filename: filenameOf(params.get('filename') ?? undefined),
    description: params.get('d'),
    useDisplayNames: display === 'true',
  };
}

/** The request of `POST /v15/exports/create` (a JSON `ExportModelV15` body). */
function requestFromBody(text: string): ExportRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ParamError('The request body must be a JSON object.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ParamError('The request body must be a JSON object.');
  }
  const model = body as Record<string, unknown>;
  const display = model.useDisplayNames ?? false;
  if (typeof display !== 'boolean') {
    throw new ParamError("Field 'useDisplayNames' must be a boolean.");
  }
  const description = model.description ?? null;
  if (description !== null && typeof description !== 'string') {
    throw new ParamError("Field 'description' must be a string.");
  }
  return {
    ...windowOf(model.from, model.to),
    tables: tablesOf(strings('tables', model.tables)),
    dimensions: dimensionsOf(strings('dimensions', model.dimensions)),
    filters: filtersOf({
      f: strings('commonFilters', model.commonFilters),
      fs: strings('searchesFilters', model.searchesFilters),
      fc: strings('customEventsFilters', model.customEventsFilters),
    }),
    format: formatOf(model.exportFormat),
    filename: filenameOf(model.filename),
    description,
    useDisplayNames: display,
  };
}

/** The window and tables of `GET /v15/exports/estimate`. */
function estimateQuery(params: URLSearchParams): {from: number; to: number; tables: CoveoTable[]} {
  return {
    ...windowOf(params.get('from'), params.get('to')),
    tables: tablesOf(split(params, 'tables')),
  };
}

export {estimateQuery, ParamError, requestFromBody, requestFromQuery, tablesOf, windowOf};

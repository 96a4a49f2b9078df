import {Transform} from 'node:stream';
import {Temporal} from 'temporal-polyfill';
import {
  type Column,
  createCsvEncoder,
  createJsonArrayEncoder,
  createNdjsonEncoder,
  createPdfSink,
  createSinkTransform,
  createTimestampFormatter,
  createXlsxSink,
  isTimestampColumn,
  project,
  type TimestampFields,
  timeValue,
} from '../sinks/index.js';
import type {ResourceShape} from './item-source.js';
import type {ExportRequest, Window} from './types.js';

/** What one item's file is made of: the request, its label, its resource's shape, the window. */
export type SinkPlan = {
  readonly request: ExportRequest;
  readonly label: string;
  readonly shape: ResourceShape;
  readonly window: Window;
};

/** `format.columns` as the sinks' columns: `id|eventId` as alternative paths, the label as header. */
export function columnsOf(request: ExportRequest, shape: ResourceShape): readonly Column[] {
  const {columns} = request.format;
  if (columns === undefined) {
    return shape.columns;
  }
  return columns.map(({id, label}) => ({paths: id.split('|').map((path) => path.split('.')), label}));
}

/** The window as people read it, in the request's zone: `2026-11-01T00:00:00+01:00 – 2026-11-02T00:00:00+01:00 (Europe/Rome)`. */
export function windowText(window: Window, timeZone: string): string {
  return `${localTime(window.start, timeZone)} – ${localTime(window.end, timeZone)} (${timeZone})`;
}

/** A time as ISO 8601 in a zone, with its offset, to the second: `2026-11-01T00:00:00+01:00`. */
export function localTime(date: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime())
    .toZonedDateTimeISO(timeZone)
    .toString({timeZoneName: 'never', smallestUnit: 'second'});
}

/**
 * The transforms from provider items (object mode) to the file's bytes, in the request's format.
 * csv, xlsx and pdf write the columns (the resource's default ones without `format.columns`); json
 * and ndjson write the columns, or the items verbatim without them. Every format renders the
 * resource's time fields as ISO 8601 in `format.timezone`.
 */
export function formatTransforms(plan: SinkPlan): Transform[] {
  const {request, shape, label, window} = plan;
  const {extension, timezone: timeZone, csvDelimiter, bom} = request.format;
  const columns = columnsOf(request, shape);
  const {timestampFields} = shape;
  switch (extension) {
    case 'csv':
      return [
        createSinkTransform(
          createCsvEncoder({
            columns,
            timeZone,
            timestampFields,
            ...(csvDelimiter === undefined ? {} : {delimiter: csvDelimiter}),
            ...(bom === undefined ? {} : {bom}),
          }),
        ),
      ];
    case 'xlsx':
      return [createXlsxSink({columns, timeZone, timestampFields, sheetName: sheetName(label)})];
    case 'pdf':
      return [
        createPdfSink({
          columns,
          timeZone,
          timestampFields,
          title: `${request.name}: ${label}`,
          subtitle: windowText(window, timeZone),
        }),
      ];
    default: {
      const encoder = extension === 'json' ? createJsonArrayEncoder() : createNdjsonEncoder();
      const render =
        request.format.columns === undefined
          ? renderItem(timeZone, timestampFields)
          : renderRow(columns, timeZone, timestampFields);
      return [mapObjects(render), createSinkTransform(encoder)];
    }
  }
}

/** Excel's sheet names: at most 31 characters, none of `[]:*?/\` (a rollover sheet adds ` 2`). */
function sheetName(label: string): string {
  return label.replace(/[[\]:*?/\\]/g, '-').slice(0, 28);
}

function mapObjects(map: (item: unknown) => unknown): Transform {
  return new Transform({
    objectMode: true,
    transform(item: unknown, _encoding, callback) {
      callback(null, map(item));
    },
  });
}

/** Projects an item onto the columns, rendering the time columns in the zone. */
function renderRow(columns: readonly Column[], timeZone: string, fields: TimestampFields) {
  const format = createTimestampFormatter(timeZone);
  const times = new Set(
    columns.filter((column) => isTimestampColumn(column, fields)).map((column) => column.label),
  );
  return (item: unknown) => {
    const row = project(item, columns);
    for (const label of times) {
      const millis = timeValue(row[label]);
      if (millis !== undefined) {
        row[label] = format(millis);
      }
    }
    return row;
  };
}

/** A copy of an item with its time fields (by name at any depth, or by whole path) rendered in the zone. */
function renderItem(timeZone: string, fields: TimestampFields) {
  const format = createTimestampFormatter(timeZone);
  const names = new Set(fields.names);
  const paths = new Set(fields.paths);
  const walk = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) {
      return value.map((inner) => walk(inner, path));
    }
    if (typeof value !== 'object' || value === null) {
      return value;
    }
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const at = path === '' ? key : `${path}.${key}`;
      const millis = names.has(key) || paths.has(at) ? timeValue(inner) : undefined;
      copy[key] = millis === undefined ? walk(inner, at) : format(millis);
    }
    return copy;
  };
  return (item: unknown) => walk(item, '');
}

import {createHash} from 'node:crypto';
import {tmpdir} from 'node:os';
import {isAbsolute} from 'node:path';
import {oneOf} from '../core/client-options.js';
import {InvalidOptionError} from '../core/errors.js';
import type {ExportStreamOptions} from '../core/export-stream.js';
import {STREAM_OPTION_NAMES} from '../core/stream-options.js';
import {type TimeInput, toEpochMillis} from '../core/time.js';
import {booleanOption, integerOption, knownKeys, objectOption, stringOption} from '../core/validate.js';
import {COVEO_FORMATS, COVEO_TABLES, type CoveoFilters, type CoveoFormat, type CoveoTable} from './types.js';

/** What `exportRows` and `createExport` send to `POST /v15/exports`. */
export type CoveoExportQuery = {
  /**
   * The inclusive start of the window: a `Date`, an ISO-8601 string, or seconds (below 1e11) or
   * milliseconds since the epoch. Sent as `YYYY-MM-DDThh:mm:ss.sssZ`.
   */
  readonly from: TimeInput;
  /** The end of the window, in the same forms; after `from`. */
  readonly to: TimeInput;
  /**
   * The tables to export (repeated `tables` keys).
   * @default undefined (every table)
   */
  readonly tables?: readonly CoveoTable[] | undefined;
  /**
   * Dimension API names to include (repeated `dimensions` keys).
   * @default undefined (every dimension)
   */
  readonly dimensions?: readonly string[] | undefined;
  /** Filters in the Read filter syntax: `common` (`f`), `searches` (`fs`), `customEvents` (`fc`). */
  readonly filters?: CoveoFilters | undefined;
  /**
   * The CSV dialect; the stream reads both.
   * @default 'EXCEL'
   */
  readonly format?: CoveoFormat | undefined;
  /**
   * Name the columns by display name rather than API name.
   * @default false
   */
  readonly useDisplayNames?: boolean | undefined;
  /** The zip's file name, US-ASCII. @default the export id */
  readonly filename?: string | undefined;
  /** A description shown in the Administration Console (`d`). */
  readonly description?: string | undefined;
};

/** Options of `CoveoApi.exportRows`: the export's query, how to wait for it, and the stream's options. */
export type CoveoRowsOptions = ExportStreamOptions & {
  readonly [K in keyof CoveoExportQuery]?: CoveoExportQuery[K] | undefined;
} & {
  /**
   * Stream an export that exists already (created by `createExport`, a schedule or the Console)
   * instead of creating one; the query options must then be left out.
   */
  readonly exportId?: string | undefined;
  /**
   * The first wait between two polls of the job, in milliseconds; each wait is 1.5 times the one
   * before, up to `maxPollInterval`.
   * @default 1000
   */
  readonly pollInterval?: number | undefined;
  /**
   * The longest wait between two polls, in milliseconds; at least `pollInterval`.
   * @default 30000, or `pollInterval` when that is longer
   */
  readonly maxPollInterval?: number | undefined;
  /**
   * How long one job may stay `PENDING` before the stream fails with `ERR_EXPORT_JOB_TIMEOUT` (the
   * job goes on: stream it later with `exportId`), in milliseconds.
   * @default 3600000
   */
  readonly maxWait?: number | undefined;
  /**
   * Split a window whose estimate exceeds the organization's row limit per export into consecutive
   * sub-windows, one job each (`GET /v15/exports/rowLimit` and `/estimate`). `false` creates one job
   * for the whole window, which Coveo truncates at the limit.
   * @default true
   */
  readonly split?: boolean | undefined;
  /**
   * Rows per page: the stream hands them over, and emits a `'checkpoint'`, this many at a time.
   * @default 1000
   */
  readonly pageSize?: number | undefined;
  /**
   * Where the zip of the job being read is kept (a directory of its own inside it, deleted when the
   * job has been read, and when the stream ends, fails or is destroyed).
   * @default os.tmpdir()
   */
  readonly tempDir?: string | undefined;
};

/** The page-size rule of `exportRows`, in one place. */
export const COVEO_PAGE_SIZE = Object.freeze({min: 1, max: 100_000, default: 1000});

/** A validated create query: times in epoch milliseconds. */
export type ResolvedQuery = {
  readonly from: number;
  readonly to: number;
  readonly tables: readonly CoveoTable[] | undefined;
  readonly dimensions: readonly string[] | undefined;
  readonly filters: {
    readonly common: readonly string[] | undefined;
    readonly searches: readonly string[] | undefined;
    readonly customEvents: readonly string[] | undefined;
  };
  readonly format: CoveoFormat | undefined;
  readonly useDisplayNames: boolean | undefined;
  readonly filename: string | undefined;
  readonly description: string | undefined;
};

/** Validated `exportRows` options. */
export type RowsPlan = {
  /** The query, or `undefined` when streaming an existing `exportId`. */
  readonly query: ResolvedQuery | undefined;
  readonly exportId: string | undefined;
  /** A digest of what the export holds: a cursor of another export is refused. */
  readonly fingerprint: string;
  readonly pollInterval: number;
  readonly maxPollInterval: number;
  readonly maxWait: number;
  readonly split: boolean;
  readonly pageSize: number;
  readonly tempDir: string;
};

const queryKeys = [
  'from',
  'to',
  'tables',
  'dimensions',
  'filters',
  'format',
  'useDisplayNames',
  'filename',
  'description',
] as const;
const rowsKeys = ['exportId', 'pollInterval', 'maxPollInterval', 'maxWait', 'split', 'pageSize', 'tempDir'];
const longestTimer = 2 ** 31 - 1;

/** Validates a create query synchronously (InvalidOptionError naming the option). */
export function resolveQuery(given: Record<string, unknown>): ResolvedQuery {
  if (given.from === undefined) {
    throw new InvalidOptionError(
      'from',
      'the start of the window (a Date, an ISO-8601 string or epoch ms)',
      undefined,
    );
  }
  if (given.to === undefined) {
    throw new InvalidOptionError(
      'to',
      'the end of the window (a Date, an ISO-8601 string or epoch ms)',
      undefined,
    );
  }
  const from = toEpochMillis('from', given.from);
  const to = toEpochMillis('to', given.to);
  if (to <= from) {
    throw new InvalidOptionError('to', `after \`from\` (${new Date(from).toISOString()})`, given.to);
  }
  const filters = given.filters === undefined ? {} : objectOption('filters', given.filters);
  knownKeys('filters', filters, ['common', 'searches', 'customEvents']);
  const tables =
    given.tables === undefined
      ? undefined
      : stringList('tables', given.tables).map((table, index) =>
          oneOf(`tables[${index}]`, table, COVEO_TABLES),
        );
  const filename = optional('filename', given.filename);
  if (filename !== undefined && !/^[\x20-\x7e]+$/.test(filename)) {
    throw new InvalidOptionError('filename', 'a US-ASCII file name', filename);
  }
  return {
    from,
    to,
    tables: tables === undefined ? undefined : [...new Set(tables)],
    dimensions: given.dimensions === undefined ? undefined : stringList('dimensions', given.dimensions),
    filters: {
      common: listOrNothing('filters.common', filters.common),
      searches: listOrNothing('filters.searches', filters.searches),
      customEvents: listOrNothing('filters.customEvents', filters.customEvents),
    },
    format: given.format === undefined ? undefined : oneOf('format', given.format, COVEO_FORMATS),
    useDisplayNames:
      given.useDisplayNames === undefined
        ? undefined
        : booleanOption('useDisplayNames', given.useDisplayNames),
    filename,
    description: optional('description', given.description),
  };
}

/** Validates `exportRows` options synchronously; the cursor itself is checked by the source's cursor module. */
export function resolveRowsOptions(options: unknown): RowsPlan {
  const given = objectOption('options', options);
  knownKeys('options', given, [...STREAM_OPTION_NAMES, ...queryKeys, ...rowsKeys]);
  let query: ResolvedQuery | undefined;
  let exportId: string | undefined;
  if (given.exportId === undefined) {
    query = resolveQuery(given);
  } else {
    exportId = stringOption('exportId', given.exportId);
    const clash = queryKeys.find((key) => given[key] !== undefined);
    if (clash !== undefined) {
      throw new InvalidOptionError(
        clash,
        'left out with `exportId` (the export exists already)',
        given[clash],
      );
    }
  }
  const pollInterval = integerOption('pollInterval', given.pollInterval ?? 1000, 1, longestTimer);
  const maxPollInterval = integerOption(
    'maxPollInterval',
    given.maxPollInterval ?? Math.max(30_000, pollInterval),
    pollInterval,
    longestTimer,
  );
  const tempDir = given.tempDir === undefined ? tmpdir() : stringOption('tempDir', given.tempDir);
  if (!isAbsolute(tempDir)) {
    throw new InvalidOptionError('tempDir', 'an absolute directory path', tempDir);
  }
  return {
    query,
    exportId,
    fingerprint: fingerprint(query ?? {exportId}),
    pollInterval,
    maxPollInterval,
    maxWait: integerOption('maxWait', given.maxWait ?? 3_600_000, 0, Number.MAX_SAFE_INTEGER),
    split: given.split === undefined ? true : booleanOption('split', given.split),
    pageSize: integerOption(
      'pageSize',
      given.pageSize ?? COVEO_PAGE_SIZE.default,
      COVEO_PAGE_SIZE.min,
      COVEO_PAGE_SIZE.max,
    ),
    tempDir,
  };
}

/** A short digest of what decides the export's rows and their order. */
function fingerprint(shape: unknown): string {
  return createHash('sha256').update(JSON.stringify(shape)).digest('base64url').slice(0, 12);
}

function optional(name: string, value: unknown): string | undefined {
  return value === undefined ? undefined : stringOption(name, value);
}

function listOrNothing(name: string, value: unknown): readonly string[] | undefined {
  return value === undefined ? undefined : stringList(name, value);
}

function stringList(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidOptionError(name, 'a non-empty array of strings', value);
  }
  for (const [index, item] of value.entries()) {
    stringOption(`${name}[${index}]`, item);
  }
  return value as string[];
}

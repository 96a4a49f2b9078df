import {createHash} from 'node:crypto';
import {InvalidOptionError} from '../core/errors.js';
import type {ExportStreamOptions} from '../core/export-stream.js';
import {isPartitionCursor} from '../core/partition-cursor.js';
import {PARTITION_OPTION_NAMES, type PartitionOptions} from '../core/partition-options.js';
import {STREAM_OPTION_NAMES} from '../core/stream-options.js';
import {type TimeInput, timeWindow} from '../core/time.js';
import {integerOption, knownKeys, objectOption, stringOption} from '../core/validate.js';
import {decodeCursor, type PagingState} from './cursor.js';
import type {OpenPanelFilter, OpenPanelInclude} from './types.js';
import {OPENPANEL_FILTER_OPERATORS} from './types.js';

/** Options of {@link OpenPanelApi.exportEvents}. */
export type OpenPanelEventsOptions = ExportStreamOptions &
  PartitionOptions & {
    /**
     * The inclusive start of the window of `createdAt`: a `Date`, an ISO-8601 string, or seconds (below
     * 1e11) or milliseconds since the epoch. Sub-day precision is kept (filtered on the client). With a
     * `cursor` the cursor's window applies: a `start` later than the cursor's is refused.
     * @default undefined (from the first event)
     */
    readonly start?: TimeInput | undefined;
    /**
     * The exclusive end of the window, in the same forms; after `start`. It is frozen at "now" when the
     * export opens if it lies later (or is not given): events that arrive meanwhile are left to the next
     * run from the final cursor. With a `cursor`, an `end` other than the one the cursor was made with is
     * refused.
     * @default undefined (up to the moment the export opens)
     */
    readonly end?: TimeInput | undefined;
    /**
     * Only events with these names (sent as repeated `event` keys).
     * @default undefined (every name)
     */
    readonly events?: readonly string[] | undefined;
    /** Only the events of this profile, including its anonymous events from before identification. */
    readonly profileId?: string | undefined;
    /**
     * Optional event fields to add, e.g. `['properties', 'profile']`.
     * @default undefined (the default fields only; `properties` is not one of them)
     */
    readonly includes?: readonly (OpenPanelInclude | (string & {}))[] | undefined;
    /** Property filters, sent as JSON, e.g. `[{name: 'path', operator: 'startsWith', value: ['/blog']}]`. */
    readonly filters?: readonly OpenPanelFilter[] | undefined;
    /**
     * The project to export; overrides the configuration's.
     * @default the configuration's `projectId`, else the client's own project
     */
    readonly projectId?: string | undefined;
    /**
     * Events per request, from 1 to 1000 (OpenPanel's maximum).
     * @default 1000
     */
    readonly pageSize?: number | undefined;
  };

/** The validated form of the options that shape the requests. */
export type EventsQuery = {
  readonly events: readonly string[] | undefined;
  readonly profileId: string | undefined;
  readonly includes: readonly string[] | undefined;
  readonly filters: readonly OpenPanelFilter[] | undefined;
  readonly projectId: string | undefined;
  readonly pageSize: number;
  /** Where the export starts: a fresh state, or the one the `cursor` option holds. */
  readonly initial: PagingState;
};

/** OpenPanel's page-size rule, in one place: what the API accepts, and what the client asks by default. */
export const OPENPANEL_PAGE_SIZE = Object.freeze({min: 1, max: 1000, default: 1000});

const queryKeys = [
  'start',
  'end',
  'events',
  'profileId',
  'includes',
  'filters',
  'projectId',
  'pageSize',
] as const;
const operators: ReadonlySet<string> = new Set(OPENPANEL_FILTER_OPERATORS);

/**
 * Validates `exportEvents` options synchronously. With a `cursor`, the window comes from the cursor
 * (it moves on between incremental runs); the filters must be the ones the cursor was made with, and
 * a `start` or `end` given too must agree with the cursor's window (see {@link checkCursorWindow}).
 */
export function resolveEventsQuery(options: unknown, configuredProjectId: string | undefined): EventsQuery {
  const given = objectOption('options', options);
  knownKeys('options', given, [...STREAM_OPTION_NAMES, ...PARTITION_OPTION_NAMES, ...queryKeys]);
  const window = timeWindow(given.start, given.end);
  const events = given.events === undefined ? undefined : stringList('events', given.events, true);
  const profileId = optionalString('profileId', given.profileId);
  const includes = given.includes === undefined ? undefined : stringList('includes', given.includes, false);
  const filters = given.filters === undefined ? undefined : filtersOption(given.filters);
  const projectId = optionalString('projectId', given.projectId) ?? configuredProjectId;
  const pageSize = integerOption(
    'pageSize',
    given.pageSize ?? OPENPANEL_PAGE_SIZE.default,
    OPENPANEL_PAGE_SIZE.min,
    OPENPANEL_PAGE_SIZE.max,
  );
  const query = fingerprint(events, profileId, filters, projectId);
  let initial: PagingState = {
    query,
    start: window.start ?? 0,
    end: null,
    until: window.end ?? null,
    offset: 0,
    total: 0,
    last: null,
  };
  // A partitioned export's cursor holds one of these per chain: see resolveEventPartitions.
  if (given.cursor !== undefined && !isPartitionCursor(given.cursor)) {
    initial = decodeCursor(stringOption('cursor', given.cursor));
    if (initial.query !== query) {
      throw new InvalidOptionError(
        'cursor',
        'a cursor of an export with the same `events`, `profileId`, `filters` and `projectId`',
        given.cursor,
      );
    }
    checkCursorWindow(initial, window, given);
  }
  return {events, profileId, includes, filters, projectId, pageSize, initial};
}

/**
 * With a cursor, the window is the cursor's; a `start` or `end` given too must agree with it rather
 * than be ignored. The cursor's start moves on as the export (and each incremental run) advances, so
 * `start` may be at or before it (the original start passes); `end` must be the one the export was
 * made with (none, if it had none).
 */
function checkCursorWindow(
  cursor: PagingState,
  window: {readonly start?: number | undefined; readonly end?: number | undefined},
  given: Record<string, unknown>,
): void {
  if (window.start !== undefined && window.start > cursor.start) {
    throw new InvalidOptionError(
      'start',
      `the cursor's start (${new Date(cursor.start).toISOString()}) or earlier: a cursor resumes its own window`,
      given.start,
    );
  }
  if (given.end !== undefined && window.end !== cursor.until) {
    const end =
      cursor.until === null ? 'no `end` (the cursor runs up to "now")' : new Date(cursor.until).toISOString();
    throw new InvalidOptionError(
      'end',
      `the cursor's end, ${end}: a cursor resumes its own window`,
      given.end,
    );
  }
}

/** A short digest of what decides which events the server lists, and in which positions. */
function fingerprint(
  events: readonly string[] | undefined,
  profileId: string | undefined,
  filters: readonly OpenPanelFilter[] | undefined,
  projectId: string | undefined,
): string {
  const shape = JSON.stringify([events ?? null, profileId ?? null, filters ?? null, projectId ?? null]);
  return createHash('sha256').update(shape).digest('base64url').slice(0, 12);
}

function optionalString(name: string, value: unknown): string | undefined {
  return value === undefined ? undefined : stringOption(name, value);
}

function stringList(name: string, value: unknown, sorted: boolean): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidOptionError(name, 'a non-empty array of strings', value);
  }
  for (const [index, item] of value.entries()) {
    stringOption(`${name}[${index}]`, item);
  }
  const unique = [...new Set(value as string[])];
  // The server reads the names as a set (`name IN (...)`): their order must not change the cursor.
  return sorted ? unique.sort() : unique;
}

/** Validates an array of property filters (OpenPanel's `zChartEventFilter`); errors name it `option`. */
export function filtersOption(value: unknown, option = 'filters'): readonly OpenPanelFilter[] {
  if (!Array.isArray(value)) {
    throw new InvalidOptionError(option, 'an array of filters', value);
  }
  for (const [index, filter] of value.entries()) {
    const name = `${option}[${index}]`;
    const given = objectOption(name, filter);
    stringOption(`${name}.name`, given.name);
    if (!operators.has(given.operator as string)) {
      throw new InvalidOptionError(`${name}.operator`, `one of ${[...operators].join(', ')}`, given.operator);
    }
    if (!Array.isArray(given.value)) {
      throw new InvalidOptionError(`${name}.value`, 'an array of values', given.value);
    }
  }
  return value as OpenPanelFilter[];
}

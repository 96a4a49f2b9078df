import {InvalidOptionError} from '../core/errors.js';
import type {ExportStreamOptions} from '../core/export-stream.js';
import type {PageParser} from '../core/page-request.js';
import {PARTITION_OPTION_NAMES, type PartitionOptions} from '../core/partition-options.js';
import {STREAM_OPTION_NAMES} from '../core/stream-options.js';
import {type TimeInput, type TimeWindow, timeWindow} from '../core/time.js';
import {integerOption, knownKeys, objectOption} from '../core/validate.js';
import type {EventType} from './types.js';

/**
 * Options of {@link ExportApi.exportSessions} and {@link ExportApi.exportUsers}; `partitions` reads
 * the window as concurrent cursor chains (see {@link PartitionOptions}).
 */
export type ExportOptions = ExportStreamOptions &
  PartitionOptions & {
    /**
     * The inclusive start of the time window (events: event time; sessions: close time; users:
     * last-modified time). A `Date`, an ISO-8601 string, or seconds (below 1e11) or milliseconds.
     * @default undefined (from the beginning)
     */
    readonly start?: TimeInput | undefined;
    /**
     * The exclusive end of the time window, in the same forms as `start`; must come after it.
     * @default undefined (no upper bound)
     */
    readonly end?: TimeInput | undefined;
    /**
     * Items per page, from 1 to 1000. Large pages mean fewer requests for bulk exports.
     * @default 100
     */
    readonly pageSize?: number | undefined;
    /**
     * How page bodies are parsed; overrides the configuration's `parser`.
     * @default the configuration's `parser` ('json')
     */
    readonly parser?: PageParser | undefined;
  };

/** Options of {@link ExportApi.exportEvents}: {@link ExportOptions} plus the event-type filter. */
export type EventExportOptions = ExportOptions & {
  /**
   * Only events of these types. Unknown names are sent as given (the API's list grows) and the
   * server rejects the ones it does not know.
   * @default undefined (every type)
   */
  readonly events?: readonly (EventType | (string & {}))[] | undefined;
};

/** The validated, resolved form of the export options that shape the request. */
export type ResolvedQuery = {
  readonly window: TimeWindow;
  readonly pageSize: number;
  readonly events: readonly string[] | undefined;
  readonly parser: PageParser | undefined;
};

/** Croct's page-size rule, in one place: what the API accepts, and what the client asks by default. */
export const CROCT_PAGE_SIZE = Object.freeze({min: 1, max: 1000, default: 100});

const queryKeys = ['start', 'end', 'pageSize', 'parser'] as const;

/** Validates an export call's options synchronously; `withEvents` allows the `events` filter. */
export function resolveQuery(options: unknown, withEvents: boolean): ResolvedQuery {
  const given = objectOption('options', options);
  const known = [...STREAM_OPTION_NAMES, ...PARTITION_OPTION_NAMES, ...queryKeys];
  knownKeys('options', given, [...known, ...(withEvents ? ['events'] : [])]);
  const parser = given.parser;
  if (parser !== undefined && parser !== 'json' && parser !== 'incremental') {
    throw new InvalidOptionError('parser', "one of 'json', 'incremental'", parser);
  }
  return {
    window: timeWindow(given.start, given.end),
    pageSize: integerOption(
      'pageSize',
      given.pageSize ?? CROCT_PAGE_SIZE.default,
      CROCT_PAGE_SIZE.min,
      CROCT_PAGE_SIZE.max,
    ),
    events: given.events === undefined ? undefined : eventsOption(given.events),
    parser,
  };
}

function eventsOption(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidOptionError('events', 'a non-empty array of event types', value);
  }
  for (const [index, type] of value.entries()) {
    if (typeof type !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(type)) {
      throw new InvalidOptionError(`events[${index}]`, 'an event type name such as "productViewed"', type);
    }
  }
  return [...new Set(value as string[])];
}

import type {ErrorContext} from '../core/errors.js';
import {ExportStream} from '../core/export-stream.js';
import {type HttpSettings, send, withDeadline} from '../core/http.js';
import {parseJson, readText} from '../core/http-body.js';
import {newestFirst} from '../core/partition-axis.js';
import {PartitionSource} from '../core/partition-source.js';
import {withRetry} from '../core/retry.js';
import {pickStreamOptions} from '../core/stream-options.js';
import {knownKeys, objectOption, signalOption} from '../core/validate.js';
import {resolveChartQuery} from './chart-options.js';
import {
  httpSettings,
  OpenPanelConfiguration,
  type OpenPanelConfigurationParameters,
} from './configuration.js';
import type {PagingState} from './cursor.js';
import {OffsetEventSource} from './event-source.js';
import {eventsPageRequester} from './events-request.js';
import {type OpenPanelEventsOptions, resolveEventsQuery} from './export-options.js';
import {resolveEventPartitions} from './partitions.js';
import type {OpenPanelChartQuery, OpenPanelChartResponse, OpenPanelEvent} from './types.js';
import {chartUrl, eventsUrl} from './wire.js';

/** Options of {@link OpenPanelApi.exportChart}. */
export type OpenPanelChartOptions = {
  /** Aborting it cancels the request (and any retry wait) and rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
};

/**
 * OpenPanel's Export API. {@link exportEvents} streams raw events exactly once, even while new events
 * arrive; {@link exportChart} returns aggregated series. Every request of one client id in the process
 * shares one rate limiter (100 requests per 10 s by default).
 *
 * @example
 * ```ts
 * const api = new OpenPanelApi({clientId, clientSecret, projectId: 'my-app'});
 * for await (const event of api.exportEvents({start: '2026-11-01', end: '2026-11-24', events: ['screen_view']})) {
 *   console.log(event.createdAt, event.path);
 * }
 * ```
 */
export class OpenPanelApi {
  readonly configuration: OpenPanelConfiguration;
  readonly #settings: HttpSettings;

  constructor(configuration: OpenPanelConfigurationParameters | OpenPanelConfiguration) {
    this.configuration =
      configuration instanceof OpenPanelConfiguration
        ? configuration
        : new OpenPanelConfiguration(configuration);
    this.#settings = httpSettings(this.configuration);
  }

  /**
   * Streams the events of a window (`GET /export/events`), newest first, each exactly once.
   *
   * OpenPanel pages by offset over a live table, newest first, so an event that arrives during the
   * export shifts every later page. The stream keeps its position (the last event's `createdAt` and
   * the ids at that millisecond) in its cursor and drops what it passed already, so no event is
   * repeated and none is lost that existed when the export began, however many arrive between two
   * requests; a checkpoint's cursor resumes exactly, also after inserts. The window's end is frozen
   * when the export opens (at the first read), and the final cursor starts the next run there: an
   * incremental run picks up what arrived since without repeating anything.
   *
   * The limit: an event that arrives with a `createdAt` at or before the export's position (a late
   * event written into the part already read) is not delivered by this run, nor by an incremental run
   * whose window starts after it; a deletion during the export can make an event be skipped.
   *
   * The server filters whole UTC days; the stream keeps only events with `start <= createdAt < end`.
   *
   * `prefetch` > 1 reads pages ahead only over closed days: when the window's last UTC day is before
   * today's (UTC, when the export opens). OpenPanel answers a page's list and its `totalCount` with two
   * separate queries, so no check can tell a page read ahead from before an insert; a window that
   * includes today is read one page at a time. Over closed days, an event inserted into those past
   * days during the export can shift the offsets and be lost or repeated (the "events inserted into the
   * past" limit): where late data lands in past days, use `prefetch: 1`. A page whose `totalCount` is
   * lower than one seen before (events deleted, or a lagging replica) is asked again after the retry
   * policy's waits, then the export fails with a `ProtocolError`: resume from the last checkpoint later.
   *
   * Events tied at one millisecond are all listed in the cursor (by id): while the export is inside a
   * tie of n events (a bulk import at second precision can tie thousands), its cursors grow to about
   * 50·n characters. A cursor resumes with any `pageSize`.
   *
   * `partitions: N` (needs `start`) reads the window as up to N concurrent chains of whole UTC days,
   * each read newest first by offset, one page at a time; a busy chain is split at a UTC midnight when
   * a request slot is free. `ordered: true` delivers newest first, as one export does. Its cursor is
   * composite and resumes every chain (see docs/partitions.md#openpanel).
   *
   * @example
   * ```ts
   * const stream = api.exportEvents({start: '2026-11-24T06:00:00Z', includes: ['properties'], prefetch: 4});
   * stream.on('checkpoint', ({cursor}) => saveCursor(cursor));
   * for await (const event of stream) console.log(event.name, event.properties);
   * ```
   */
  exportEvents(options: OpenPanelEventsOptions = {}): ExportStream<OpenPanelEvent> {
    const query = resolveEventsQuery(options, this.configuration.projectId);
    const now = clocks.get(this) ?? Date.now;
    const partitions = resolveEventPartitions(options as Record<string, unknown>, query.initial.query, now());
    const method = 'exportEvents';
    const request = eventsPageRequester(
      (state) => eventsUrl(this.configuration.baseUrl, query, state),
      this.#settings,
      this.configuration.retry,
      method,
    );
    const context: ErrorContext = {method, path: '/export/events', httpMethod: 'GET'};
    // One chain's events: offset paging over `[start, end)`, newest first, `readAhead` pages ahead.
    const events = (initial: PagingState, readAhead: number) =>
      new OffsetEventSource(request, {
        initial,
        pageSize: query.pageSize,
        readAhead,
        limit: typeof options.limit === 'number' ? options.limit : Number.POSITIVE_INFINITY,
        now,
        retry: this.configuration.retry,
        context,
      });
    if (partitions !== undefined) {
      // Each chain reads `[window start, its own end)` and stops where the next chain starts (see
      // ChainState); the partitions are its only concurrency, so it reads no page ahead itself.
      const source = new PartitionSource<OpenPanelEvent>(
        {
          fetcher: (axis) => {
            const {start, end} = newestFirst.window(axis);
            return events({...query.initial, start, end, until: end}, 0).fetchPage;
          },
          timeOf: (event) => newestFirst.item(Date.parse(event.createdAt)),
          pageSize: query.pageSize,
          context,
        },
        partitions,
      );
      return new ExportStream<OpenPanelEvent>(source, source.streamOptions(options), context);
    }
    // The count that guards pages read ahead leaves out a profile's anonymous events: read in order.
    const prefetch = typeof options.prefetch === 'number' ? options.prefetch : 1;
    const source = events(query.initial, query.profileId === undefined ? Math.max(prefetch - 1, 0) : 0);
    return new ExportStream<OpenPanelEvent>(source, pickStreamOptions(options), {
      method,
      path: '/export/events',
    });
  }

  /**
   * Fetches an aggregated chart (`GET /export/charts`): one series per event name, with breakdowns.
   *
   * @example
   * ```ts
   * const chart = await api.exportChart({series: [{name: 'screen_view'}], range: '7d', interval: 'day'});
   * for (const point of chart.series[0]?.data ?? []) console.log(point.date, point.count);
   * ```
   *
   * @throws InvalidOptionError at the call (not as a rejected promise) for a query the server would
   * refuse or silently strip: an unknown key, an `interval`, `range` or `segment` outside OpenPanel's
   * enums, a series without a string `name`, a non-boolean `previous`, a non-string `projectId`.
   */
  exportChart(
    query: OpenPanelChartQuery,
    options: OpenPanelChartOptions = {},
  ): Promise<OpenPanelChartResponse> {
    const checked = resolveChartQuery(query);
    const given = objectOption('options', options);
    knownKeys('options', given, ['signal']);
    const signal =
      given.signal === undefined ? new AbortController().signal : signalOption('signal', given.signal);
    const url = chartUrl(
      this.configuration.baseUrl,
      checked,
      checked.projectId ?? this.configuration.projectId,
    );
    const context: ErrorContext = {method: 'exportChart', path: url.pathname + url.search, httpMethod: 'GET'};
    const settings = this.#settings;
    return withRetry(
      () =>
        withDeadline(settings, signal, context, async (deadline) => {
          const response = await send({url}, settings, deadline, context);
          return parseJson(
            await readText(response, settings, deadline, context),
            context,
          ) as OpenPanelChartResponse;
        }),
      this.configuration.retry,
      signal,
      () => {},
    );
  }
}

const clocks = new WeakMap<OpenPanelApi, () => number>();

/** Makes `api`'s exports freeze "now" from `now` instead of `Date.now`. Internal: for tests. */
export function setClock(api: OpenPanelApi, now: () => number): void {
  clocks.set(api, now);
}

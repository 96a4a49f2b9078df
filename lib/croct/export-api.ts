import {createHash} from 'node:crypto';
import {type ErrorContext, InvalidOptionError} from '../core/errors.js';
import {ExportStream} from '../core/export-stream.js';
import {send, withDeadline} from '../core/http.js';
import {parseJson, readText} from '../core/http-body.js';
import {httpPageFetcher} from '../core/page-request.js';
import {resolvePartitions} from '../core/partition-options.js';
import {PartitionSource} from '../core/partition-source.js';
import {withRetry} from '../core/retry.js';
import {pickStreamOptions} from '../core/stream-options.js';
import {signalOption} from '../core/validate.js';
import {Configuration, httpSettings} from './configuration.js';
import {type EventExportOptions, type ExportOptions, resolveQuery} from './export-options.js';
import {croctPageFormat} from './page-format.js';
import type {Event, Session, SingleEventResponse, User} from './types.js';
import {toWire} from './wire-time.js';

/** Options of the by-id methods. */
export type ByIdOptions = {
  /** Aborting it cancels the request (and any retry wait) and rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
};

/**
 * The Croct Export API. Each export method returns an {@link ExportStream} that fetches pages as
 * they are read; the by-id methods return promises. Method names follow the official client.
 *
 * @example
 * ```ts
 * const api = new ExportApi(new Configuration({apiKey}));
 * for await (const event of api.exportEvents({start: '2026-11-01', events: ['orderPlaced']})) {
 *   console.log(event.timestamp);
 * }
 * ```
 */
export class ExportApi {
  readonly configuration: Configuration;

  constructor(configuration: Configuration) {
    if (!(configuration instanceof Configuration)) {
      throw new InvalidOptionError('configuration', 'a Configuration instance', configuration);
    }
    this.configuration = configuration;
  }

  /**
   * Streams events (`GET /events`) in event-time order, optionally filtered by type.
   *
   * @example
   * ```ts
   * const orders = api.exportEvents({start: '2026-11-24', end: '2026-11-25', events: ['orderPlaced']});
   * for await (const event of orders) console.log(event.payload);
   * ```
   */
  exportEvents(options: EventExportOptions = {}): ExportStream<Event> {
    return this.#export<Event>('exportEvents', '/events', options, true, 'timestamp');
  }

  /**
   * Streams sessions (`GET /session`), windowed by close time.
   *
   * @example
   * ```ts
   * await pipeline(api.exportSessions({start: 1440990000}), toNdjson, createWriteStream('sessions.ndjson'));
   * ```
   */
  exportSessions(options: ExportOptions = {}): ExportStream<Session> {
    return this.#export<Session>('exportSessions', '/session', options, false, 'closeTime');
  }

  /**
   * Streams users (`GET /user`) of the key's workspace, windowed by last-modified time.
   *
   * @example
   * ```ts
   * const users = await api.exportUsers({start: new Date(Date.now() - 3_600_000), limit: 10}).toArray();
   * ```
   */
  exportUsers(options: ExportOptions = {}): ExportStream<User> {
    return this.#export<User>('exportUsers', '/user', options, false, 'lastModifiedTime');
  }

  /**
   * Fetches one event and its application's metadata (`GET /events/{id}`).
   *
   * @example
   * ```ts
   * const {event, metadata} = await api.exportEventById('6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10');
   * ```
   */
  exportEventById(eventId: string, options: ByIdOptions = {}): Promise<SingleEventResponse> {
    return this.#byId<SingleEventResponse>('exportEventById', '/events', 'eventId', eventId, options);
  }

  /**
   * Fetches one session (`GET /session/{sessionId}`).
   *
   * @example
   * ```ts
   * const session = await api.exportSessionById(event.sessionId, {signal: AbortSignal.timeout(5000)});
   * ```
   */
  exportSessionById(sessionId: string, options: ByIdOptions = {}): Promise<Session> {
    return this.#byId<Session>('exportSessionById', '/session', 'sessionId', sessionId, options);
  }

  /**
   * Fetches one user (`GET /user/{userId}`).
   *
   * @example
   * ```ts
   * const user = await api.exportUserById(event.userId);
   * ```
   */
  exportUserById(userId: string, options: ByIdOptions = {}): Promise<User> {
    return this.#byId<User>('exportUserById', '/user', 'userId', userId, options);
  }

  #export<T>(
    method: string,
    path: string,
    options: ExportOptions,
    withEvents: boolean,
    timeField: string,
  ): ExportStream<T> {
    const query = resolveQuery(options, withEvents);
    const {timeUnit} = this.configuration;
    const now = Date.now();
    // A partitioned export ends at "now" at the latest: its final cursor marks its whole window as read,
    // and the next run continues from there (events arriving later in a future `end` come then).
    const {start, end} = query.window;
    const partitions = resolvePartitions(
      options as Record<string, unknown>,
      {start, end: end === undefined ? undefined : Math.min(end, now)},
      now,
      {tag: partitionTag(path, query.events, timeUnit)},
    );
    const pageRequest = (cursor: string | undefined, window = query.window): {url: URL} => {
      const url = this.#url(path);
      // The official client's order: start, end, pageSize, cursor, then one `events` key per type.
      const {start, end} = window;
      if (start !== undefined) url.searchParams.set('start', String(toWire(start, timeUnit)));
      if (end !== undefined) url.searchParams.set('end', String(toWire(end, timeUnit)));
      url.searchParams.set('pageSize', String(query.pageSize));
      if (cursor !== undefined) url.searchParams.set('cursor', cursor);
      for (const type of query.events ?? []) url.searchParams.append('events', type);
      return {url};
    };
    const settings = {
      ...httpSettings(this.configuration),
      parser: query.parser ?? this.configuration.parser,
      retry: this.configuration.retry,
    };
    const context: ErrorContext = {method, path, httpMethod: 'GET'};
    if (partitions !== undefined) {
      // Each chain asks the server for its own sub-window; its cursors are bound to it.
      const source = new PartitionSource<T>(
        {
          fetcher: (window) =>
            // In seconds on the wire, a sub-window inside one second is empty there (the server
            // refuses `start` = `end`): its items belong to the window that holds that second.
            toWire(window.start, timeUnit) >= toWire(window.end, timeUnit)
              ? async () => ({items: [], last: true})
              : httpPageFetcher<T>(
                  (cursor) => pageRequest(cursor, window),
                  settings,
                  method,
                  croctPageFormat,
                ),
          timeOf: (item) => (item as Record<string, unknown>)[timeField] as number,
          pageSize: query.pageSize,
          context,
        },
        partitions,
      );
      return new ExportStream<T>(source, source.streamOptions(options), context);
    }
    return new ExportStream<T>(
      {fetchPage: httpPageFetcher<T>(pageRequest, settings, method, croctPageFormat)},
      pickStreamOptions(options),
      context,
    );
  }

  // Not async: a bad argument throws at the call, like everywhere else in the library.
  #byId<T>(method: string, path: string, name: string, id: unknown, options: ByIdOptions): Promise<T> {
    if (typeof id !== 'string' || id === '') {
      throw new InvalidOptionError(name, 'a non-empty string', id);
    }
    const signal =
      options.signal === undefined ? new AbortController().signal : signalOption('signal', options.signal);
    const url = this.#url(`${path}/${encodeURIComponent(id)}`);
    const context: ErrorContext = {method, path: url.pathname, httpMethod: 'GET'};
    const settings = httpSettings(this.configuration);
    return withRetry(
      () =>
        withDeadline(settings, signal, context, async (deadline) => {
          const response = await send({url}, settings, deadline, context);
          return parseJson(await readText(response, settings, deadline, context), context) as T;
        }),
      this.configuration.retry,
      signal,
      () => {},
    );
  }

  #url(path: string): URL {
    const url = new URL(this.configuration.baseUrl);
    url.pathname = url.pathname.replace(/\/$/, '') + path;
    return url;
  }
}

/**
 * What a partitioned export's cursor names, so that no other export resumes it: the resource, the
 * `events` filter (as a set) and the wire's time unit, which decides where chains meet.
 */
function partitionTag(path: string, events: readonly string[] | undefined, timeUnit: string): string {
  const shape = JSON.stringify([events === undefined ? null : [...new Set(events)].sort(), timeUnit]);
  return `croct${path}:${createHash('sha256').update(shape).digest('base64url').slice(0, 12)}`;
}

import {createServerCore} from '../core/exchange.js';
import type {FailNextOptions} from '../core/faults.js';
import {integer, object} from '../core/guards.js';
import type {FaultKind} from '../core/options.js';
import {listen} from '../core/server.js';
import type {SimulatorStats} from '../core/stats.js';
import type {Context} from './handle-request.js';
import {handle} from './handle-request.js';
import {EventTable} from './list-events.js';
import type {OpenPanelClient, OpenPanelSimulatorOptions} from './options.js';
import {RateLimiter} from './rate-limiter.js';
import {resolveOpenPanelOptions} from './resolve-options.js';

/** A running simulator of OpenPanel's Export API (`GET /export/events`, `GET /export/charts`). */
type OpenPanelSimulator = {
  /** The base URL, e.g. `http://127.0.0.1:40123`; append `/export/events`. */
  url: string;
  /** The default read client's id (`openpanel-client-id`), bound to {@link projectId}. */
  clientId: string;
  /** The default read client's secret (`openpanel-client-secret`). */
  clientSecret: string;
  /** The project that holds the events. */
  projectId: string;
  /**
   * The built-in clients, one per refusal path: `read` (the default one), `write` (401 "not allowed to
   * export"), `root` (reads every project of the organization), `unscoped` (a read client without a
   * project: 400 without `projectId`, 403 with one), `noSecret` (401 "has no secret").
   */
  clients: Readonly<Record<'read' | 'write' | 'root' | 'unscoped' | 'noSecret', OpenPanelClient>>;
  /** Live counters and request log. */
  stats: SimulatorStats;
  /** Zeroes the counters and empties the log. */
  resetStats(): void;
  /**
   * Inserts `count` events into the project: at the newest end by default (created now, or with the
   * newest time when that is later), or created at `at` (ms since epoch), e.g. in the past. Returns how
   * many events the project holds.
   */
  insertEvents(count: number, options?: {at?: number}): number;
  /** How many events the project holds now (base, inserted and live ones). */
  eventCount(): number;
  /** Makes the next export requests (`count`, default 1) that pass auth fail with `kind`. */
  failNext(kind: FaultKind, options?: FailNextOptions): void;
  /** Stops listening and destroys open connections; idempotent. */
  close(): Promise<void>;
};

/**
 * Starts a simulator of OpenPanel's Export API on loopback, with OpenPanel's query parsing, auth
 * messages, rate limit, newest-first OFFSET paging over a live table and its quirks. Options are
 * checked before anything listens: a bad one throws an `InvalidOptionError` synchronously.
 *
 * @example
 * const simulator = await createOpenPanelSimulator({events: 5000, latency: 150});
 * const response = await fetch(`${simulator.url}/export/events?start=2026-01-01&end=2026-01-31&limit=1000`, {
 *   headers: {'openpanel-client-id': simulator.clientId, 'openpanel-client-secret': simulator.clientSecret},
 * });
 * await simulator.close();
 */
function createOpenPanelSimulator(options: OpenPanelSimulatorOptions = {}): Promise<OpenPanelSimulator> {
  const createdAt = Date.now();
  const resolved = resolveOpenPanelOptions(options, createdAt);
  const table = new EventTable(resolved);
  const empty = new EventTable({seed: resolved.seed, events: 0, window: resolved.window});
  const {live} = resolved;
  let liveInserted = 0;
  const catchUp = (): void => {
    if (live === undefined) {
      return;
    }
    const due = Math.floor(((Date.now() - createdAt) * live.eventsPerSecond) / 1000);
    for (; liveInserted < due; liveInserted++) {
      const time = createdAt + Math.ceil((liveInserted * 1000) / live.eventsPerSecond);
      table.insert(Math.max(time, table.newest));
    }
  };
  const core = createServerCore(resolved);
  const context: Context = {
    core,
    options: resolved,
    population: {seed: resolved.seed, sessions: resolved.sessions, profiles: resolved.profiles},
    tableOf: (projectId) => {
      catchUp();
      return projectId === resolved.projectId ? table : empty;
    },
    limiter: resolved.rateLimit && new RateLimiter(resolved.rateLimit),
  };
  return listen(
    (request, response) => handle(context, request, response),
    resolved,
    () => core.recorder.idle(),
  ).then((listener) => ({
    url: listener.url,
    clientId: resolved.clients.read.clientId,
    clientSecret: resolved.clients.read.clientSecret as string,
    projectId: resolved.projectId,
    clients: resolved.clients,
    stats: core.recorder.stats,
    resetStats: () => core.recorder.reset(),
    insertEvents: (count, insertOptions = {}) => {
      integer('count', count, 0, 1_000_000);
      const at = object('options', insertOptions).at;
      catchUp();
      for (let i = 0; i < count; i++) {
        table.insert(at === undefined ? Math.max(Date.now(), table.newest) : integer('at', at, 0, 8.64e15));
      }
      return table.size;
    },
    eventCount: () => {
      catchUp();
      return table.size;
    },
    failNext: (kind, failOptions) => core.faults.failNext(kind, failOptions),
    close: () => listener.close(),
  }));
}

export type {OpenPanelSimulator};
export {createOpenPanelSimulator};

import {createServerCore} from '../core/exchange.js';
import type {FailNextOptions} from '../core/faults.js';
import {integer} from '../core/guards.js';
import type {FaultKind} from '../core/options.js';
import {listen} from '../core/server.js';
import type {SimulatorStats} from '../core/stats.js';
import {CursorCodec} from './cursor.js';
import type {Context} from './handle-request.js';
import {handle} from './handle-request.js';
import type {ResolvedOptions, SimulatorOptions} from './options.js';
import {MAX_ITEMS, resolveOptions} from './resolve-options.js';
import {createResources} from './resources.js';
import {Timeline} from './timeline.js';

/** A running simulator of the Croct Export API. */
type Simulator = {
  /** The base URL, e.g. `http://127.0.0.1:40123`; append `/events`, `/session` or `/user`. */
  url: string;
  /** The API key to send in `X-Api-Key`. */
  apiKey: string;
  /** Live counters and request log. */
  stats: SimulatorStats;
  /** Zeroes the counters and empties the log. */
  resetStats(): void;
  /** Appends `count` events timestamped now (after every existing one); returns the new event count. */
  addEvents(count: number): number;
  /** How many events exist now (including live and added ones). */
  eventCount(): number;
  /** Makes the next list requests (`count`, default 1) fail with `kind`. */
  failNext(kind: FaultKind, options?: FailNextOptions): void;
  /** Stops listening and destroys open connections; idempotent. */
  close(): Promise<void>;
};

async function start(options: ResolvedOptions): Promise<Simulator> {
  const timeline = new Timeline({...options, max: MAX_ITEMS, now: Date.now});
  const data = {
    seed: options.seed,
    timeline,
    sessions: options.sessions,
    users: options.users,
    v8: options.schemaVersion === '0.8.0',
  };
  const core = createServerCore(options);
  const context: Context = {
    core,
    options,
    resources: createResources(data),
    cursors: new CursorCodec(options.seed),
  };
  const listener = await listen(
    (request, response) => handle(context, request, response),
    options,
    () => core.recorder.idle(),
  );

  return {
    url: listener.url,
    apiKey: options.apiKey,
    stats: core.recorder.stats,
    resetStats: () => core.recorder.reset(),
    addEvents: (count) => timeline.addEvents(integer('count', count, 0)),
    eventCount: () => timeline.eventCount(),
    failNext: (kind, failOptions) => core.faults.failNext(kind, failOptions),
    close: () => listener.close(),
  };
}

/**
 * Starts a simulator of the Croct Export API on loopback. Options are checked before anything
 * listens: a bad one throws an `InvalidOptionError` synchronously.
 *
 * @example
 * const simulator = await createSimulator({events: 5000, faults: {rate: 0.1}});
 * const response = await fetch(`${simulator.url}/events?pageSize=1000`, {
 *   headers: {'X-Api-Key': simulator.apiKey, Accept: 'application/json'},
 * });
 * await simulator.close();
 */
function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return start(resolveOptions(options));
}

/** The Croct simulator under its provider's name: the same function as {@link createSimulator}. */
const createCroctSimulator = createSimulator;

export type {Simulator};
export {createCroctSimulator, createSimulator};

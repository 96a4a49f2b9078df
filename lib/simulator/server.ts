import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {CursorCodec} from './cursor.js';
import type {FailNextOptions} from './faults.js';
import {FaultPlanner} from './faults.js';
import type {Context} from './handle-request.js';
import {handle} from './handle-request.js';
import type {FaultKind, ResolvedOptions, SimulatorOptions} from './options.js';
import {PageCache} from './page-cache.js';
import {MAX_ITEMS, resolveOptions} from './resolve-options.js';
import {createResources} from './resources.js';
import {type SimulatorStats, StatsRecorder} from './stats.js';
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

function start(options: ResolvedOptions): Promise<Simulator> {
  const timeline = new Timeline({...options, max: MAX_ITEMS, now: Date.now});
  const data = {
    seed: options.seed,
    timeline,
    sessions: options.sessions,
    users: options.users,
    v8: options.schemaVersion === '0.8.0',
  };
  const context: Context = {
    options,
    resources: createResources(data),
    cursors: new CursorCodec(options.seed),
    faults: new FaultPlanner(options.seed, options.faults),
    recorder: new StatsRecorder(options.logLimit),
    pages: new PageCache(16),
  };
  const server: Server = createServer((request, response) => handle(context, request, response));
  let closing: Promise<void> | undefined;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const {address, port, family} = server.address() as AddressInfo;
      const host = family === 'IPv6' ? `[${address}]` : address;

      resolve({
        url: `http://${host}:${port}`,
        apiKey: options.apiKey,
        stats: context.recorder.stats,
        resetStats: () => context.recorder.reset(),
        addEvents: (count) => {
          if (!Number.isInteger(count) || count < 0) {
            throw new RangeError(`Expected \`count\` to be a non-negative integer, got ${String(count)}`);
          }

          return timeline.addEvents(count);
        },
        eventCount: () => timeline.eventCount(),
        failNext: (kind, failOptions) => context.faults.failNext(kind, failOptions),
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }).then(() => context.recorder.idle());

          return closing;
        },
      });
    });
  });
}

/**
 * Starts a simulator of the Croct Export API on loopback. Options are checked before anything
 * listens: a bad one throws a `TypeError` or `RangeError` synchronously.
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

export type {Simulator};
export {createSimulator};

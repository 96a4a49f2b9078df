import type {FaultKind} from './options.js';

/** One request as the simulator saw it. */
type RequestLogEntry = {
  method: string;
  /** The path without the query string. */
  path: string;
  /** The query parameters; repeated keys (like `events`) become arrays. */
  query: Record<string, string | string[]>;
  /** The status sent, or 0 when the connection was reset before any header. */
  status: number;
  /** When the request arrived, in milliseconds since epoch. */
  time: number;
  durationMs: number;
  fault?: FaultKind;
};

/** Counters and the request log; one live object, updated as requests complete. */
type SimulatorStats = {
  /** Requests completed. */
  requests: number;
  /** Completed requests per path; by-id requests count under a template such as `/events/{id}`. */
  byPath: Record<string, number>;
  /** Completed requests per status sent (resets before headers are not counted here). */
  byStatus: Record<number, number>;
  /** The most requests ever in flight at once. */
  peakConcurrent: number;
  /** Requests in flight now. */
  inFlight: number;
  /** Response body bytes written. */
  bytesSent: number;
  /** Faults injected. */
  faultsInjected: number;
  /** The newest requests, oldest first, at most `logLimit` of them. */
  log: RequestLogEntry[];
};

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};

  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);

    record[key] = values.length === 1 ? (values[0] as string) : values;
  }

  return record;
}

/** Keeps {@link SimulatorStats} up to date. */
class StatsRecorder {
  /** The live stats object handed to users. */
  readonly stats: SimulatorStats = {
    requests: 0,
    byPath: {},
    byStatus: {},
    peakConcurrent: 0,
    inFlight: 0,
    bytesSent: 0,
    faultsInjected: 0,
    log: [],
  };

  readonly #logLimit: number;
  readonly #idle: Array<() => void> = [];

  constructor(logLimit: number) {
    this.#logLimit = logLimit;
  }

  /** Counts a request in flight. */
  begin(): void {
    this.stats.inFlight += 1;
    this.stats.peakConcurrent = Math.max(this.stats.peakConcurrent, this.stats.inFlight);
  }

  /** Counts written body bytes. */
  sent(bytes: number): void {
    this.stats.bytesSent += bytes;
  }

  /** Records a finished request. */
  end(input: {
    method: string;
    path: string;
    template: string;
    params: URLSearchParams;
    status: number;
    time: number;
    fault: FaultKind | undefined;
  }): void {
    const {stats} = this;

    stats.inFlight -= 1;
    stats.requests += 1;

    if (stats.inFlight === 0) {
      for (const resolve of this.#idle.splice(0)) {
        resolve();
      }
    }

    stats.byPath[input.template] = (stats.byPath[input.template] ?? 0) + 1;

    if (input.status !== 0) {
      stats.byStatus[input.status] = (stats.byStatus[input.status] ?? 0) + 1;
    }

    if (input.fault !== undefined) {
      stats.faultsInjected += 1;
    }

    if (this.#logLimit === 0) {
      return;
    }

    stats.log.push({
      method: input.method,
      path: input.path,
      query: queryRecord(input.params),
      status: input.status,
      time: input.time,
      durationMs: Date.now() - input.time,
      ...(input.fault === undefined ? {} : {fault: input.fault}),
    });

    if (stats.log.length > this.#logLimit) {
      stats.log.shift();
    }
  }

  /** Resolves once no request is in flight (responses report their end just after their sockets close). */
  idle(): Promise<void> {
    if (this.stats.inFlight === 0) {
      return Promise.resolve();
    }

    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Zeroes the counters and empties the log, keeping the requests in flight. */
  reset(): void {
    const {stats} = this;

    stats.requests = 0;
    stats.byPath = {};
    stats.byStatus = {};
    stats.peakConcurrent = stats.inFlight;
    stats.bytesSent = 0;
    stats.faultsInjected = 0;
    stats.log = [];
  }
}

export type {RequestLogEntry, SimulatorStats};
export {StatsRecorder};

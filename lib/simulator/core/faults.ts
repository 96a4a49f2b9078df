import {retryAfter as checkRetryAfter, faultKind, integer} from './guards.js';
import type {FaultKind, ResolvedFaults, RetryAfter} from './options.js';
import {hash, Stream} from './random.js';

/** A fault chosen for one list request. */
type PlannedFault = {kind: FaultKind; retryAfter: RetryAfter};

/** The options of `simulator.failNext`. */
type FailNextOptions = {
  /** How many of the next list requests fail this way. @default 1 */
  count?: number;
  /** The `Retry-After` of a `'rate-limit'` fault. @default the `faults.retryAfter` option */
  retryAfter?: RetryAfter;
};

const TWO_32 = 4_294_967_296;

/**
 * Decides which list requests fail: first the faults queued by `failNext`, then the schedule, then the
 * seeded random rate. The same seed and request sequence always fail the same way.
 */
class FaultPlanner {
  readonly #seed: number;
  readonly #options: ResolvedFaults;
  readonly #queue: PlannedFault[] = [];
  #requests = 0;

  constructor(seed: number, options: ResolvedFaults) {
    this.#seed = seed;
    this.#options = options;
  }

  /** Queues `count` faults of `kind` for the next list requests. */
  failNext(kind: FaultKind, options: FailNextOptions = {}): void {
    faultKind('kind', kind);
    const count = integer('count', options.count ?? 1, 1);
    const retryAfter = checkRetryAfter('retryAfter', options.retryAfter ?? this.#options.retryAfter);

    for (let i = 0; i < count; i++) {
      this.#queue.push({kind, retryAfter});
    }
  }

  /** The fault for the next list request, if any. */
  next(): PlannedFault | undefined {
    this.#requests += 1;

    const queued = this.#queue.shift();

    if (queued !== undefined) {
      return queued;
    }

    const scheduled = this.#options.schedule.get(this.#requests);

    if (scheduled !== undefined) {
      return {kind: scheduled.kind, retryAfter: scheduled.retryAfter ?? this.#options.retryAfter};
    }

    const {rate, kinds} = this.#options;

    if (rate === 0 || hash(this.#seed, Stream.fault, this.#requests) / TWO_32 >= rate) {
      return undefined;
    }

    const kind = kinds[hash(this.#seed, Stream.fault, this.#requests, 1) % kinds.length] as FaultKind;

    return {kind, retryAfter: this.#options.retryAfter};
  }
}

/** The `Retry-After` header value: delta-seconds, or an HTTP-date one second from now. */
function retryAfterHeader(value: RetryAfter, now = Date.now()): string {
  return value === 'http-date' ? new Date(now + 1000).toUTCString() : String(value);
}

export type {FailNextOptions, PlannedFault};
export {FaultPlanner, retryAfterHeader};

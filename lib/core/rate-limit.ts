import {sleep} from './retry.js';
import {integerOption, knownKeys, numberOption, objectOption} from './validate.js';

/** The longest delay `setTimeout` can wait. */
const longestTimer = 2 ** 31 - 1;

/** A client-side rate limit: at most `requests` requests in any `interval` milliseconds. */
export type RateLimit = {
  /** Requests allowed per interval. */
  readonly requests: number;
  /** The interval, in milliseconds. */
  readonly interval: number;
};

/**
 * Keeps every request of one client under a rate limit, whatever issues them (pages read ahead,
 * retries, partitions): each request takes a slot first. The window slides, so a server counting
 * in fixed windows of the same length never sees more than the limit in one of them. A 429 answer
 * pauses every caller for the wait the server asked for.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({requests: 100, interval: 10_000});
 * await limiter.acquire(signal); // then send the request
 * ```
 */
export class RateLimiter {
  readonly limit: RateLimit;
  /** The longest pause a 429 can impose on every caller, in milliseconds. */
  readonly maxPause: number;
  /** When each of the latest `requests` slots was last used (performance.now()). */
  readonly #taken: {at: number}[] = [];
  #pausedUntil = 0;
  /** Callers waiting for a slot are served in order: a chain of their turns. */
  #queue: Promise<void> = Promise.resolve();

  /**
   * @param maxPause - the longest a 429's `Retry-After` may hold every caller back (the retry
   *   policy's `maxRetryAfter` is the natural value): a server asking for an hour must not stall
   *   every export of the client for an hour.
   */
  constructor(limit: RateLimit, maxPause = 60_000) {
    this.limit = rateLimitOption('rateLimit', limit);
    this.maxPause = Math.min(numberOption('maxPause', maxPause, 0), longestTimer);
  }

  /**
   * Resolves when a request may be sent now, with a function to call once its response has
   * arrived: the slot then counts from that moment, not from the send, so that a server counting
   * arrivals never sees more than the limit in one interval however the requests travel.
   * Rejects with the signal's reason on abort.
   */
  acquire(signal: AbortSignal): Promise<() => void> {
    // A caller that gives up while others are ahead of it leaves at once, and its turn is skipped.
    const turn = this.#queue.then(() => this.#take(signal));
    this.#queue = turn.then(
      () => {},
      () => {},
    );
    return untilAborted(turn, signal);
  }

  /** Holds every caller back for `ms` milliseconds from now (a 429's `Retry-After`), at most `maxPause`. */
  pause(ms: number): void {
    const wait = Math.min(Math.max(0, ms), this.maxPause);
    this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + wait);
  }

  async #take(signal: AbortSignal): Promise<() => void> {
    for (;;) {
      signal.throwIfAborted();
      const now = performance.now();
      const {requests, interval} = this.limit;
      const oldest = this.#oldest();
      const free = Math.max(this.#pausedUntil, this.#taken.length < requests ? 0 : oldest.at + interval);
      if (free <= now) {
        if (this.#taken.length >= requests) this.#taken.splice(this.#taken.indexOf(oldest), 1);
        const slot = {at: now};
        this.#taken.push(slot);
        return () => {
          slot.at = Math.max(slot.at, performance.now());
        };
      }
      await sleep(Math.min(Math.ceil(free - now), longestTimer), signal);
    }
  }

  /** The slot used longest ago (slots are re-stamped when their response arrives, so not the first). */
  #oldest(): {at: number} {
    let oldest = this.#taken[0] as {at: number};
    for (const slot of this.#taken) {
      if (slot.at < oldest.at) oldest = slot;
    }
    return oldest;
  }
}

/** Settles with `turn`, or rejects with the signal's reason as soon as it aborts (the turn then gives up itself). */
function untilAborted<R>(turn: Promise<R>, signal: AbortSignal): Promise<R> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, {once: true});
    turn.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Validates a `rateLimit` option: `{requests, interval}` with positive integers. */
export function rateLimitOption(name: string, value: unknown): RateLimit {
  const given = objectOption(name, value);
  knownKeys(name, given, ['requests', 'interval']);
  return Object.freeze({
    requests: integerOption(`${name}.requests`, given.requests, 1, 1_000_000),
    interval: integerOption(`${name}.interval`, given.interval, 1, 86_400_000),
  });
}

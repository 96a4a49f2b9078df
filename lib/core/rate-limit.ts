import {sleep} from './retry.js';
import {integerOption, knownKeys, objectOption} from './validate.js';

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
  /** When each of the latest `requests` slots was taken (performance.now()), oldest first. */
  readonly #taken: number[] = [];
  #pausedUntil = 0;
  /** Callers waiting for a slot are served in order: a chain of their turns. */
  #queue: Promise<void> = Promise.resolve();

  constructor(limit: RateLimit) {
    this.limit = rateLimitOption('rateLimit', limit);
  }

  /** Resolves when a request may be sent now; rejects with the signal's reason on abort. */
  acquire(signal: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#take(signal));
    // A caller that gave up (abort) must not block the ones behind it.
    this.#queue = turn.catch(() => {});
    return turn;
  }

  /** Holds every caller back for `ms` milliseconds from now (a 429's `Retry-After`). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + ms);
  }

  async #take(signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const now = performance.now();
      const {requests, interval} = this.limit;
      const oldest = this.#taken.length < requests ? undefined : this.#taken[0];
      const free = Math.max(this.#pausedUntil, oldest === undefined ? 0 : oldest + interval);
      if (free <= now) {
        if (oldest !== undefined) this.#taken.shift();
        this.#taken.push(now);
        return;
      }
      await sleep(Math.ceil(free - now), signal);
    }
  }
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

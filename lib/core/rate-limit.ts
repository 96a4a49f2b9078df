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
  /** When each of the latest `requests` slots was last used (performance.now()). */
  readonly #taken: {at: number}[] = [];
  #pausedUntil = 0;
  /** Callers waiting for a slot are served in order: a chain of their turns. */
  #queue: Promise<void> = Promise.resolve();

  constructor(limit: RateLimit) {
    this.limit = rateLimitOption('rateLimit', limit);
  }

  /**
   * Resolves when a request may be sent now, with a function to call once its response has
   * arrived: the slot then counts from that moment, not from the send, so that a server counting
   * arrivals never sees more than the limit in one interval however the requests travel.
   * Rejects with the signal's reason on abort.
   */
  acquire(signal: AbortSignal): Promise<() => void> {
    const turn = this.#queue.then(() => this.#take(signal));
    // A caller that gave up (abort) must not block the ones behind it.
    this.#queue = turn.then(
      () => {},
      () => {},
    );
    return turn;
  }

  /** Holds every caller back for `ms` milliseconds from now (a 429's `Retry-After`). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + ms);
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
      await sleep(Math.ceil(free - now), signal);
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

/** Validates a `rateLimit` option: `{requests, interval}` with positive integers. */
export function rateLimitOption(name: string, value: unknown): RateLimit {
  const given = objectOption(name, value);
  knownKeys(name, given, ['requests', 'interval']);
  return Object.freeze({
    requests: integerOption(`${name}.requests`, given.requests, 1, 1_000_000),
    interval: integerOption(`${name}.interval`, given.interval, 1, 86_400_000),
  });
}

/**
 * A fixed-window rate limit per token: at most `max` requests per window, the window starting at a
 * token's first request; refused requests count too. Coveo publishes no limits for its Read API, but
 * its own SDK retries every 429, so clients must cope with one.
 */
class TokenRateLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, {start: number; count: number}>();

  constructor(options: {max: number; windowMs: number}) {
    this.#max = options.max;
    this.#windowMs = options.windowMs;
  }

  /** Counts a request of `token`: the seconds to wait when it is over the limit, else `undefined`. */
  take(token: string, now = Date.now()): number | undefined {
    let window = this.#windows.get(token);
    if (window === undefined || now - window.start >= this.#windowMs) {
      window = {start: now, count: 0};
      this.#windows.set(token, window);
    }
    window.count += 1;
    return window.count > this.#max ? Math.ceil((window.start + this.#windowMs - now) / 1000) : undefined;
  }
}

export {TokenRateLimiter};

import type {IncomingMessage} from 'node:http';

/** The verdict on one request: the headers to send, and whether it is refused (429). */
type RateDecision = {limited: boolean; headers: Record<string, string>};

/**
 * `@fastify/rate-limit` as OpenPanel configures it: at most `max` requests per window per key, the
 * window starting at a key's first request; refused requests count too. The key is the
 * `openpanel-client-id` header, else `x-real-ip`, `x-client-ip`, `x-forwarded-for`, else the peer.
 */
class RateLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, {start: number; count: number}>();

  constructor(options: {max: number; windowMs: number}, now: () => number = Date.now) {
    this.#max = options.max;
    this.#windowMs = options.windowMs;
    this.#now = now;
  }

  /** Counts the request and decides. */
  take(request: IncomingMessage): RateDecision {
    const now = this.#now();
    const key = keyOf(request);
    let window = this.#windows.get(key);
    if (window === undefined || now - window.start >= this.#windowMs) {
      window = {start: now, count: 0};
      this.#windows.set(key, window);
    }
    window.count += 1;
    const reset = String(Math.ceil((window.start + this.#windowMs - now) / 1000));
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(this.#max),
      'x-ratelimit-remaining': String(Math.max(0, this.#max - window.count)),
      'x-ratelimit-reset': reset,
    };
    const limited = window.count > this.#max;
    if (limited) {
      headers['retry-after'] = reset;
    }
    return {limited, headers};
  }
}

function keyOf(request: IncomingMessage): string {
  const {headers} = request;
  for (const name of ['openpanel-client-id', 'x-real-ip', 'x-client-ip', 'x-forwarded-for']) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '') {
      return value;
    }
  }
  return `peer:${request.socket.remoteAddress}`;
}

export type {RateDecision};
export {RateLimiter};

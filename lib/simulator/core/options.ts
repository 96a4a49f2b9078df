/** Every fault the simulator can inject into a list request, whatever the provider. */
const FAULT_KINDS = [
  'rate-limit',
  'server-error',
  'bad-gateway',
  'unavailable',
  'gateway-timeout',
  'reset-before-headers',
  'reset-mid-body',
  'truncated-body',
] as const;

/**
 * A fault injected into a list response:
 * - `'rate-limit'`: 429 with a `Retry-After` header and the provider's 429 body;
 * - `'server-error'`, `'bad-gateway'`, `'unavailable'`, `'gateway-timeout'`: 500, 502, 503, 504 with the
 *   provider's body for that status;
 * - `'reset-before-headers'`: the socket is destroyed before anything is written;
 * - `'reset-mid-body'`: the headers (with the full `content-length`) and half the body are written, then
 *   the socket is destroyed;
 * - `'truncated-body'`: a chunked 200 whose JSON stops halfway, ended cleanly.
 */
type FaultKind = (typeof FAULT_KINDS)[number];

/** The fault kinds that answer with a status and a body chosen by the provider. */
type StatusFaultKind = 'rate-limit' | 'server-error' | 'bad-gateway' | 'unavailable' | 'gateway-timeout';

/** The status of each fault that answers with a body. */
const FAULT_STATUS: Readonly<Record<StatusFaultKind, number>> = {
  'rate-limit': 429,
  'server-error': 500,
  'bad-gateway': 502,
  unavailable: 503,
  'gateway-timeout': 504,
};

/** A `Retry-After` value: delta-seconds, or `'http-date'` for an HTTP-date one second from now. */
type RetryAfter = number | 'http-date';

/** A fault injected into the list request with the given 1-based number. */
type ScheduledFault = {request: number; kind: FaultKind; retryAfter?: RetryAfter};

/** Which list requests fail, and how. */
type FaultOptions = {
  /**
   * Probability that a list request fails, decided by the seed and the request number.
   * @default 0
   */
  rate?: number;
  /**
   * The kinds drawn from when `rate` triggers a fault.
   * @default every {@link FaultKind}
   */
  kinds?: readonly FaultKind[];
  /**
   * The `Retry-After` of 429 responses.
   * @default 1
   */
  retryAfter?: RetryAfter;
  /** Faults for given list request numbers (1-based, counting only list requests that passed auth). */
  schedule?: readonly ScheduledFault[];
};

/** The fault options with every default applied and every value checked. */
type ResolvedFaults = {
  rate: number;
  kinds: readonly FaultKind[];
  retryAfter: RetryAfter;
  schedule: ReadonlyMap<number, ScheduledFault>;
};

/** The options every provider's simulator shares: how it listens, paces, fails and logs. */
type ServerOptions = {
  /**
   * Seed of every generated item, id, secret and random fault.
   * @default 1
   */
  seed?: number;
  /** Delay before each list response, in milliseconds. @default 0 */
  latency?: number;
  /** Pace list response bodies at this many bytes per second. @default Infinity (no pacing) */
  bytesPerSecond?: number;
  /** Fault injection. @default no faults */
  faults?: FaultOptions;
  /** How many of the newest requests the log keeps. @default 10000 */
  logLimit?: number;
  /** The interface to listen on; only loopback unless `allowNonLoopback` is true. @default '127.0.0.1' */
  host?: string;
  /** The port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Allow a `host` outside loopback. @default false */
  allowNonLoopback?: boolean;
};

/** {@link ServerOptions} with every default applied and every value checked. */
type ResolvedServerOptions = {
  seed: number;
  latency: number;
  bytesPerSecond: number;
  faults: ResolvedFaults;
  logLimit: number;
  host: string;
  port: number;
};

export type {
  FaultKind,
  FaultOptions,
  ResolvedFaults,
  ResolvedServerOptions,
  RetryAfter,
  ScheduledFault,
  ServerOptions,
  StatusFaultKind,
};
export {FAULT_KINDS, FAULT_STATUS};

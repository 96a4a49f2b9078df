import type {EventResponseMetadata} from '../croct/types.js';

/** Every fault the simulator can inject into a list request. */
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
 * - `'rate-limit'`: 429 with a `Retry-After` header and a problem body;
 * - `'server-error'`, `'bad-gateway'`, `'unavailable'`, `'gateway-timeout'`: 500, 502, 503, 504 problems;
 * - `'reset-before-headers'`: the socket is destroyed before anything is written;
 * - `'reset-mid-body'`: the headers (with the full `content-length`) and half the body are written, then
 *   the socket is destroyed;
 * - `'truncated-body'`: a chunked 200 whose JSON stops halfway, ended cleanly.
 */
type FaultKind = (typeof FAULT_KINDS)[number];

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

/** A time span in milliseconds since epoch, `start` inclusive and `end` exclusive. */
type TimeWindow = {start: number; end: number};

/** The spelling of items: `'0.7.1'` (`id`, `'@type'`, `timezone`) or `'0.8.0'` (`eventId`, `type`, ...). */
type SchemaVersion = '0.7.1' | '0.8.0';

/** The unit of the `start` and `end` query parameters (response timestamps are always milliseconds). */
type TimeUnit = 'milliseconds' | 'seconds';

/** Live mode: events keep appearing at this rate, timestamped when they appear. */
type LiveOptions = {eventsPerSecond: number};

/** The options of {@link createSimulator}; every one is optional. */
type SimulatorOptions = {
  /**
   * Seed of every generated item, id, cursor secret and random fault.
   * @default 1
   */
  seed?: number;
  /**
   * The API key requests must send in `X-Api-Key` (a UUID v4).
   * @default a UUID v4 derived from the seed
   */
  apiKey?: string;
  /** More accepted API keys (UUID v4). @default [] */
  extraApiKeys?: readonly string[];
  /** How many events exist at start. @default 1000 */
  events?: number;
  /** How many sessions the events belong to, from 1 to `events`. @default max(1, floor(events / 10)) */
  sessions?: number;
  /** How many users the sessions belong to, from 1 to `sessions`. @default max(1, floor(sessions / 3)) */
  users?: number;
  /**
   * The span event timestamps are spread over, in non-decreasing order of index.
   * @default {start: 1440990000000, end: 1441076400000} (24 hours)
   */
  window?: TimeWindow;
  /** The unit of `start` and `end` on the wire. @default 'milliseconds' */
  timeUnit?: TimeUnit;
  /** The spelling of items. @default '0.7.1' */
  schemaVersion?: SchemaVersion;
  /** The `metadata` of events responses, merged over realistic defaults ("Acme", "Store", "Web"). */
  metadata?: Partial<EventResponseMetadata>;
  /** Live mode, or `false` for a fixed data set. @default false */
  live?: false | LiveOptions;
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

/** Defaults applied with `??`. */
const DEFAULTS = Object.freeze({
  seed: 1,
  events: 1000,
  window: Object.freeze({start: 1_440_990_000_000, end: 1_441_076_400_000}),
  timeUnit: 'milliseconds',
  schemaVersion: '0.7.1',
  metadata: Object.freeze({
    organizationName: 'Acme',
    organizationSlug: 'acme',
    workspaceName: 'Store',
    workspaceSlug: 'store',
    applicationName: 'Web',
    applicationSlug: 'web',
  }),
  latency: 0,
  bytesPerSecond: Number.POSITIVE_INFINITY,
  faultRate: 0,
  retryAfter: 1,
  logLimit: 10_000,
  host: '127.0.0.1',
  port: 0,
} as const);

/** The options with every default applied and every value checked. */
type ResolvedOptions = {
  seed: number;
  apiKeys: ReadonlySet<string>;
  apiKey: string;
  events: number;
  sessions: number;
  users: number;
  window: TimeWindow;
  timeUnit: TimeUnit;
  schemaVersion: SchemaVersion;
  metadata: EventResponseMetadata;
  live: LiveOptions | undefined;
  latency: number;
  bytesPerSecond: number;
  faults: {
    rate: number;
    kinds: readonly FaultKind[];
    retryAfter: RetryAfter;
    schedule: ReadonlyMap<number, ScheduledFault>;
  };
  logLimit: number;
  host: string;
  port: number;
};

export type {
  FaultKind,
  FaultOptions,
  LiveOptions,
  ResolvedOptions,
  RetryAfter,
  ScheduledFault,
  SchemaVersion,
  SimulatorOptions,
  TimeUnit,
  TimeWindow,
};
export {DEFAULTS, FAULT_KINDS};

import type {EventResponseMetadata} from '../../croct/types.js';
import type {ResolvedServerOptions, ServerOptions} from '../core/options.js';

/** A time span in milliseconds since epoch, `start` inclusive and `end` exclusive. */
type TimeWindow = {start: number; end: number};

/** The spelling of items: `'0.7.1'` (`id`, `'@type'`, `timezone`) or `'0.8.0'` (`eventId`, `type`, ...). */
type SchemaVersion = '0.7.1' | '0.8.0';

/** The unit of the `start` and `end` query parameters (response timestamps are always milliseconds). */
type TimeUnit = 'milliseconds' | 'seconds';

/**
 * Uneven data: `share` of the events (0 to 1, exclusive) lie in a burst covering `span` of the window
 * (0 to 1, exclusive) from `at` (a fraction of the window, default 0); the rest are spread evenly over
 * the other `1 - span`. `{share: 0.8, span: 0.1}` is a sale: 80% of the events in 10% of the time.
 */
type SkewOptions = {share: number; span: number; at?: number};

/** Live mode: events keep appearing at this rate, timestamped when they appear. */
type LiveOptions = {eventsPerSecond: number};

/**
 * The options of `createSimulator` (the Croct simulator); every one is optional. The shared ones
 * (`seed`, `latency`, `bytesPerSecond`, `faults`, `logLimit`, `host`, `port`, `allowNonLoopback`) are
 * described in {@link ServerOptions}.
 */
type SimulatorOptions = ServerOptions & {
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
  /** Crowd the events into a burst (see {@link SkewOptions}). @default undefined (evenly spread) */
  skew?: SkewOptions;
  /** The unit of `start` and `end` on the wire. @default 'milliseconds' */
  timeUnit?: TimeUnit;
  /** The spelling of items. @default '0.7.1' */
  schemaVersion?: SchemaVersion;
  /** The `metadata` of events responses, merged over realistic defaults ("Acme", "Store", "Web"). */
  metadata?: Partial<EventResponseMetadata>;
  /** Live mode, or `false` for a fixed data set. @default false */
  live?: false | LiveOptions;
};

/** Defaults applied with `??`. */
const DEFAULTS = Object.freeze({
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
} as const);

/** The options with every default applied and every value checked. */
type ResolvedOptions = ResolvedServerOptions & {
  apiKeys: ReadonlySet<string>;
  apiKey: string;
  events: number;
  sessions: number;
  users: number;
  window: TimeWindow;
  skew: Required<SkewOptions> | undefined;
  timeUnit: TimeUnit;
  schemaVersion: SchemaVersion;
  metadata: EventResponseMetadata;
  live: LiveOptions | undefined;
};

export type {
  LiveOptions,
  ResolvedOptions,
  SchemaVersion,
  SimulatorOptions,
  SkewOptions,
  TimeUnit,
  TimeWindow,
};
export {DEFAULTS};

import type {ResolvedServerOptions, ServerOptions} from '../core/options.js';

/** What an OpenPanel API client may do: `read` one project, `write` (ingest only), or `root` (its organization). */
type OpenPanelClientType = 'read' | 'write' | 'root';

/** An API client of the simulated OpenPanel organization. */
type OpenPanelClient = {
  /** Sent in `openpanel-client-id`: a lower-case UUID. */
  clientId: string;
  /** Sent in `openpanel-client-secret`; `null` for a client that has no secret. */
  clientSecret: string | null;
  type: OpenPanelClientType;
  /** The client's own project; `null` for a client bound to none. */
  projectId: string | null;
};

/** Live mode: events keep being inserted at the newest end at this rate. */
type OpenPanelLiveOptions = {eventsPerSecond: number};

/** The rate limit of the export routes: `max` requests per `windowMs` per client id. */
type OpenPanelRateLimit = {max?: number; windowMs?: number};

/**
 * The options of {@link createOpenPanelSimulator}; every one is optional. The shared ones (`seed`,
 * `latency`, `bytesPerSecond`, `faults`, `logLimit`, `host`, `port`, `allowNonLoopback`) are those of
 * every simulator.
 */
type OpenPanelSimulatorOptions = ServerOptions & {
  /** How many events the project holds at start (generated from their index, never stored). @default 10000 */
  events?: number;
  /**
   * The span event creation times are spread over (ms since epoch, `start` inclusive, `end` exclusive);
   * at least one millisecond per event.
   * @default the 30 days before the simulator starts
   */
  window?: {start: number; end: number};
  /** How many sessions the events belong to. @default max(1, floor(events / 4)) */
  sessions?: number;
  /** How many profiles the sessions belong to (three in five identified). @default max(1, floor(sessions / 3)) */
  profiles?: number;
  /** The id of the project that holds the events. @default 'demo' */
  projectId?: string;
  /** More projects of the organization; they exist but hold no events. @default ['other'] */
  otherProjects?: readonly string[];
  /** More API clients, besides the five built-in ones. @default [] */
  clients?: readonly OpenPanelClient[];
  /** The export routes' rate limit, or `false` for none. @default {max: 100, windowMs: 10000} */
  rateLimit?: false | OpenPanelRateLimit;
  /** Live mode, or `false` for a table that changes only through `insertEvents`. @default false */
  live?: false | OpenPanelLiveOptions;
};

/** The options with every default applied and every value checked. */
type ResolvedOpenPanelOptions = ResolvedServerOptions & {
  events: number;
  window: {start: number; end: number};
  sessions: number;
  profiles: number;
  projectId: string;
  projects: ReadonlySet<string>;
  clients: {
    read: OpenPanelClient;
    write: OpenPanelClient;
    root: OpenPanelClient;
    unscoped: OpenPanelClient;
    noSecret: OpenPanelClient;
  };
  allClients: ReadonlyMap<string, OpenPanelClient>;
  rateLimit: {max: number; windowMs: number} | undefined;
  live: OpenPanelLiveOptions | undefined;
};

export type {
  OpenPanelClient,
  OpenPanelClientType,
  OpenPanelLiveOptions,
  OpenPanelRateLimit,
  OpenPanelSimulatorOptions,
  ResolvedOpenPanelOptions,
};

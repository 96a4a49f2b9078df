import type {ResolvedServerOptions, ServerOptions} from '../core/options.js';

/** The tables of a Coveo Usage Analytics export, as the export object lists them (lower-case). */
const COVEO_TABLES = ['searches', 'clicks', 'custom_events', 'groups', 'keywords'] as const;

/** One table of a Coveo export: one CSV file in the zip. */
type CoveoTable = (typeof COVEO_TABLES)[number];

/**
 * How the CSV header names the columns: Coveo's camelCase API names (`searchId`), the snake_case
 * names of Coveo's database documentation (`search_id`), or display names (`Search ID`). Which one
 * real exports use is not documented; a client should read the header row.
 */
type CoveoHeaderStyle = 'camel' | 'snake' | 'display';

/** How timestamps are written: `'gmt'` is `2026-11-01 13:45:12.123`, `'iso'` is `2026-11-01T13:45:12.123Z`. */
type CoveoTimestampStyle = 'gmt' | 'iso';

/**
 * The shape of error bodies: `{message, type}` (the UA Write API's documented shape), `{errorCode,
 * message}`, or an HTML page (`text/html`, like a gateway's), so clients can be tested against each.
 */
type CoveoErrorStyle = 'message-type' | 'error-code' | 'html';

/** What `failExports` is asked about a newly created export. */
type CoveoExportInfo = {
  /** The export's creation number, from 1. */
  index: number;
  /** The window start, ms since epoch. */
  from: number;
  /** The window end (exclusive), ms since epoch. */
  to: number;
  /** The tables it holds, in order. */
  tables: readonly CoveoTable[];
};

/** The rate limit of the `/v15/*` routes: `max` requests per `windowMs` per token. */
type CoveoRateLimit = {
  /** @default 100 */
  max?: number;
  /** @default 10000 */
  windowMs?: number;
};

/**
 * The options of {@link createCoveoSimulator}; every one is optional. The shared ones (`seed`,
 * `latency`, `bytesPerSecond`, `faults`, `logLimit`, `host`, `port`, `allowNonLoopback`) are those of
 * every simulator; `latency` applies to every `/v15/*` answer and to storage downloads, and
 * `bytesPerSecond` paces storage downloads.
 */
type CoveoSimulatorOptions = ServerOptions & {
  /** The bearer token with the data-export privilege. @default `'xx'` + a UUID derived from the seed */
  accessToken?: string;
  /** The organization; a request's `org` parameter, when given, must equal it (else 403). @default 'simulatedorg' */
  organizationId?: string;
  /**
   * Rows per day on each table's timeline (0 to 10,000,000): one number for every table, or per table
   * (tables left out keep their default).
   * @default {searches: 1000, clicks: 600, custom_events: 300, groups: 800, keywords: 1500}
   */
  rowsPerDay?: number | Partial<Record<CoveoTable, number>>;
  /** The most rows an export holds (summed over its tables); larger exports are truncated. @default 1000000 */
  rowLimit?: number;
  /** An export becomes AVAILABLE (or FAILED) no sooner than this many ms after its creation. @default 0 */
  readyAfterMs?: number;
  /** …and no sooner than its Nth status read (`GET /v15/exports/{id}`). @default 1 */
  readyAfterPolls?: number;
  /**
   * The exports that end FAILED: their 1-based creation numbers, or a predicate.
   * @default []
   */
  failExports?: readonly number[] | ((info: CoveoExportInfo) => boolean);
  /** An AVAILABLE export turns EXPIRED this many ms after it became available. @default Infinity */
  expireAfterMs?: number;
  /** How long each minted storage link works, in ms. @default 60000 */
  linkTtlMs?: number;
  /** The status of `GET /v15/exports/{id}?redirect=true`. @default 303 */
  redirectStatus?: 302 | 303 | 307;
  /** The shape of API error bodies. @default 'message-type' */
  errorStyle?: CoveoErrorStyle;
  /** The CSV header names (a request's `useDisplayNames=true` forces `'display'`). @default 'camel' */
  headerStyle?: CoveoHeaderStyle;
  /** How timestamps are written (always GMT). @default 'gmt' */
  timestampStyle?: CoveoTimestampStyle;
  /** The zip member name of each table. @default `<table>.csv`, e.g. `custom_events.csv` */
  fileNames?: Partial<Record<CoveoTable, string>>;
  /** Deflate the zip members. @default true */
  compress?: boolean;
  /** A rate limit per token on `/v15/*`, or `false` for none. @default false */
  rateLimit?: false | CoveoRateLimit;
  /** The export object's `author`. @default 'simulator@example.com' */
  author?: string;
  /** The folder the simulator's own temporary folder (the zips) is made in. @default os.tmpdir() */
  tempDir?: string;
};

/** {@link CoveoSimulatorOptions} with every default applied and every value checked. */
type ResolvedCoveoOptions = ResolvedServerOptions & {
  accessToken: string;
  noPrivilegeToken: string;
  organizationId: string;
  rowsPerDay: Readonly<Record<CoveoTable, number>>;
  rowLimit: number;
  readyAfterMs: number;
  readyAfterPolls: number;
  failExports: (info: CoveoExportInfo) => boolean;
  expireAfterMs: number;
  linkTtlMs: number;
  redirectStatus: 302 | 303 | 307;
  errorStyle: CoveoErrorStyle;
  headerStyle: CoveoHeaderStyle;
  timestampStyle: CoveoTimestampStyle;
  fileNames: Readonly<Record<CoveoTable, string>>;
  compress: boolean;
  rateLimit: {max: number; windowMs: number} | undefined;
  author: string;
  tempDir: string;
};

export type {
  CoveoErrorStyle,
  CoveoExportInfo,
  CoveoHeaderStyle,
  CoveoRateLimit,
  CoveoSimulatorOptions,
  CoveoTable,
  CoveoTimestampStyle,
  ResolvedCoveoOptions,
};
export {COVEO_TABLES};

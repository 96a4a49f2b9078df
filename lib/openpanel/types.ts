/**
 * The data model of OpenPanel's Export API (wire protocol sections 5 and 7), as its `transformEvent`
 * and `ChartEngine` produce it. Events are delivered verbatim: fields OpenPanel adds later pass through.
 *
 * @module
 */

/** The filter operators of `filters` (OpenPanel's `operators` constant), declared once. */
const OPENPANEL_FILTER_OPERATORS = Object.freeze([
  'is',
  'isNot',
  'contains',
  'doesNotContain',
  'startsWith',
  'endsWith',
  'regex',
  'isNull',
  'isNotNull',
  'gt',
  'lt',
  'gte',
  'lte',
  'inCohort',
  'notInCohort',
] as const);

/** One of {@link OPENPANEL_FILTER_OPERATORS}. */
type OpenPanelFilterOperator = (typeof OPENPANEL_FILTER_OPERATORS)[number];

/** One property filter (OpenPanel's `zChartEventFilter`), e.g. `{name: 'path', operator: 'is', value: ['/']}`. */
type OpenPanelFilter = {
  readonly name: string;
  readonly operator: OpenPanelFilterOperator;
  readonly value: readonly (string | number | boolean | null)[];
  /** How the column and values are cast for equality and comparisons. */
  readonly type?: 'string' | 'number' | 'date' | 'datetime' | 'boolean';
  readonly id?: string;
  readonly cohortIds?: readonly string[];
};

/** The optional event fields that `includes` adds (any key of OpenPanel's `IServiceEvent`). */
type OpenPanelInclude =
  | 'properties'
  | 'profile'
  | 'meta'
  | 'region'
  | 'longitude'
  | 'latitude'
  | 'osVersion'
  | 'browserVersion'
  | 'device'
  | 'brand'
  | 'model'
  | 'origin'
  | 'referrer'
  | 'referrerName'
  | 'referrerType'
  | 'revenue'
  | 'importedAt'
  | 'sdkName'
  | 'sdkVersion';

/** The profile `includes: ['profile']` adds; events of anonymous devices get a stub with empty strings. */
type OpenPanelProfile = {
  id: string;
  email: string;
  avatar: string;
  firstName: string;
  lastName: string;
  createdAt: string;
  lastSeenAt?: string;
  isExternal: boolean;
  projectId: string;
  groups?: string[];
  properties: Record<string, unknown>;
  [field: string]: unknown;
};

/** The event-name metadata `includes: ['meta']` adds, when the project has a row for the name. */
type OpenPanelEventMeta = {
  id: string;
  name: string;
  conversion?: boolean | null;
  color?: string | null;
  icon?: string | null;
  projectId: string;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
};

/**
 * One event of `GET /export/events`. The first block is always present; the rest only when named in
 * `includes`. Undefined values are absent from the JSON. OpenPanel never returns `duration`.
 */
type OpenPanelEvent = {
  /** A UUID. */
  id: string;
  /** The event name, e.g. `screen_view`. */
  name: string;
  deviceId: string;
  /** Equals `deviceId` for anonymous events. */
  profileId: string;
  projectId: string;
  sessionId: string;
  /** ISO-8601 UTC with milliseconds, e.g. `2026-11-24T10:30:00.000Z`; the export orders and filters on it. */
  createdAt: string;
  path: string;
  city: string;
  /** A 2-letter country code. */
  country: string;
  os: string;
  browser: string;
  groups: string[];
  /** Flat, dotted keys with string values (`includes: ['properties']`). */
  properties?: Record<string, string>;
  profile?: OpenPanelProfile;
  meta?: OpenPanelEventMeta;
  region?: string;
  longitude?: number | null;
  latitude?: number | null;
  osVersion?: string;
  browserVersion?: string;
  device?: string;
  brand?: string;
  model?: string;
  origin?: string;
  referrer?: string;
  referrerName?: string;
  referrerType?: string;
  revenue?: number;
  importedAt?: string | null;
  sdkName?: string;
  sdkVersion?: string;
  [field: string]: unknown;
};

/** The body of `GET /export/events`. `totalCount` counts only `profile_id = X` rows under `profileId`. */
type OpenPanelEventsResponse = {
  meta: {count: number; totalCount: number; pages: number; current: number};
  data: OpenPanelEvent[];
};

/** A chart series: an event name with optional filters and aggregation. */
type OpenPanelChartSeries = {
  readonly name: string;
  readonly filters?: readonly OpenPanelFilter[];
  readonly segment?:
    | 'event'
    | 'user'
    | 'session'
    | 'group'
    | 'user_average'
    | 'one_event_per_user'
    | 'property_sum'
    | 'property_average'
    | 'property_max'
    | 'property_min';
  /** The property aggregated by the `property_*` segments. */
  readonly property?: string;
};

/** The query of `GET /export/charts` (OpenPanel's `chartSchemeFull`). */
type OpenPanelChartQuery = {
  readonly series: readonly OpenPanelChartSeries[];
  /** @default 'day' */
  readonly interval?: 'minute' | 'hour' | 'day' | 'week' | 'month';
  /** @default '30d' */
  readonly range?:
    | '30min'
    | 'lastHour'
    | 'last24h'
    | 'today'
    | 'yesterday'
    | '7d'
    | '30d'
    | '3m'
    | '6m'
    | '12m'
    | 'monthToDate'
    | 'lastMonth'
    | 'yearToDate'
    | 'lastYear'
    | 'custom';
  /** Property breakdowns, e.g. `[{name: 'country'}]`. @default [] */
  readonly breakdowns?: readonly {readonly name: string; readonly id?: string}[];
  /** Also compute the previous period. @default false */
  readonly previous?: boolean;
  /** A custom start, converted to the project's time zone by the server (overrides `range`). */
  readonly startDate?: string;
  readonly endDate?: string;
  /** @default the configuration's `projectId`, else the client's own project */
  readonly projectId?: string;
};

/** One aggregated value and its comparison with the previous period. */
type OpenPanelChartMetric = {
  sum: number;
  average: number;
  min: number;
  max: number;
  count: number;
  previous?: Record<string, {value: number; diff: number | null; state: string} | null>;
  [field: string]: unknown;
};

/** The body of `GET /export/charts` (OpenPanel's `FinalChart`). */
type OpenPanelChartResponse = {
  series: {
    id: string;
    names: string[];
    event: {id?: string; name: string; breakdowns?: Record<string, string>};
    metrics: OpenPanelChartMetric;
    data: {date: string; count: number; previous?: unknown}[];
    [field: string]: unknown;
  }[];
  metrics: OpenPanelChartMetric;
  [field: string]: unknown;
};

export type {
  OpenPanelChartMetric,
  OpenPanelChartQuery,
  OpenPanelChartResponse,
  OpenPanelChartSeries,
  OpenPanelEvent,
  OpenPanelEventMeta,
  OpenPanelEventsResponse,
  OpenPanelFilter,
  OpenPanelFilterOperator,
  OpenPanelInclude,
  OpenPanelProfile,
};

export {OPENPANEL_FILTER_OPERATORS};

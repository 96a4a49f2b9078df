import type {NotificationMessage} from '../notify/index.js';

/** The output formats of an export request (`xls` in a request file is read as `xlsx`). */
export const REQUEST_EXTENSIONS = Object.freeze(['csv', 'json', 'ndjson', 'xlsx', 'pdf'] as const);

/** One of {@link REQUEST_EXTENSIONS}. */
export type RequestExtension = (typeof REQUEST_EXTENSIONS)[number];

/** One output column: the dotted path(s) to read (`id|eventId`: the first present wins) and its header. */
export type RequestColumn = {
  /** A dotted path such as `payload.order.total`; alternatives separated by `|`. */
  readonly id: string;
  /** The header cell (or JSON key). @default the `id` */
  readonly label: string;
};

/** How each window's files are written. */
export type RequestFormat = {
  readonly extension: RequestExtension;
  /** The IANA zone of the windows and of the rendered timestamps. @default 'UTC' */
  readonly timezone: string;
  /** The columns, in order. @default undefined (csv/xlsx/pdf: the resource's default columns; json/ndjson: items verbatim) */
  readonly columns?: readonly RequestColumn[] | undefined;
  /** CSV only: the field delimiter, one character. @default ',' */
  readonly csvDelimiter?: string | undefined;
  /** CSV only: start with a UTF-8 byte order mark (what Excel needs to read UTF-8). @default false */
  readonly bom?: boolean | undefined;
  /** The first part of each file's name. @default the request's `name` */
  readonly filename?: string | undefined;
};

/** What every item may say besides its provider's filters. */
type ItemCommon = {
  /** The middle part of its files' names. @default `<provider>-<resource>` */
  readonly filename?: string | undefined;
  /** How summaries and notifications name it. @default its `filename` */
  readonly label?: string | undefined;
  /** The API's base URL (self-hosted, or a simulator). @default the provider library's */
  readonly baseUrl?: string | undefined;
  /** Items per request to the API. @default the provider library's */
  readonly pageSize?: number | undefined;
};

/** Croct events, sessions or users (credentials: `CROCT_API_KEY`). */
export type CroctItem = ItemCommon & {
  readonly provider: 'croct';
  readonly resource: 'events' | 'sessions' | 'users';
  /** Events only: only these event types. */
  readonly events?: readonly string[] | undefined;
};

/** OpenPanel events (credentials: `OPENPANEL_CLIENT_ID`, `OPENPANEL_CLIENT_SECRET`). */
export type OpenPanelItem = ItemCommon & {
  readonly provider: 'openpanel';
  readonly resource: 'events';
  readonly events?: readonly string[] | undefined;
  readonly includes?: readonly string[] | undefined;
  readonly profileId?: string | undefined;
  readonly projectId?: string | undefined;
  readonly filters?: readonly Readonly<Record<string, unknown>>[] | undefined;
};

/** Coveo Usage Analytics rows (credentials: `COVEO_ACCESS_TOKEN`, optional `COVEO_ORGANIZATION_ID`). */
export type CoveoItem = ItemCommon & {
  readonly provider: 'coveo';
  readonly resource: 'rows';
  /** The tables to export, e.g. `["SEARCHES", "CLICKS"]`. @default every table */
  readonly tables?: readonly string[] | undefined;
  readonly dimensions?: readonly string[] | undefined;
  readonly filters?: Readonly<Record<string, readonly string[]>> | undefined;
};

/** One thing to export in each window: a provider's resource with its filters. */
export type ExportItem = CroctItem | OpenPanelItem | CoveoItem;

/**
 * A validated export request (see `parseRequest`): frozen, times as `Date`s, durations as
 * normalized ISO 8601 strings, the notification as a list of messages.
 */
export type ExportRequest = {
  /** Names the files and the state; letters, digits, `.`, `_`, `-`. */
  readonly name: string;
  readonly type: 'oneTime' | 'recurring';
  /** Recurring: the length of each window, e.g. `P1D`. */
  readonly periodicity?: string | undefined;
  /** Recurring: the start of the first window. @default aligned to the first run (see docs/requests.md) */
  readonly periodStart?: Date | undefined;
  /** How long after a window closes it is exported (late data). @default 'PT0S' */
  readonly delay: string;
  /** One-time: the window's start. */
  readonly from?: Date | undefined;
  /** One-time: the window's end. @default the first run */
  readonly to?: Date | undefined;
  /** One-time: the window is this long and ends at the first run. */
  readonly period?: string | undefined;
  readonly format: RequestFormat;
  readonly items: readonly ExportItem[];
  readonly notification?: {readonly messages: readonly NotificationMessage[]} | undefined;
};

/** One window of a request: `[start, end)`. */
export type Window = {
  readonly start: Date;
  readonly end: Date;
  /** A stable id: the start instant in UTC without separators, e.g. `20261101T000000Z`. */
  readonly key: string;
};

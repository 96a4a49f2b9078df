/**
 * The tables an export can hold, as the create request names them (`tables=SEARCHES&tables=CLICKS`).
 * The zip holds one CSV per table, named after it in lower case (`searches.csv`, `custom_events.csv`).
 */
export const COVEO_TABLES = Object.freeze([
  'SEARCHES',
  'CLICKS',
  'CUSTOM_EVENTS',
  'KEYWORDS',
  'GROUPS',
  'ALL_EVENTS',
] as const);

/** One of {@link COVEO_TABLES}. */
export type CoveoTable = (typeof COVEO_TABLES)[number];

/**
 * The CSV dialects of an export: `EXCEL` (Excel-friendly CSV; the default) or `NO_NEWLINE` (line
 * breaks removed from values). The stream reads both.
 */
export const COVEO_FORMATS = Object.freeze(['EXCEL', 'NO_NEWLINE'] as const);

/** One of {@link COVEO_FORMATS}. */
export type CoveoFormat = (typeof COVEO_FORMATS)[number];

/** The states of an export job: `PENDING` until it is `AVAILABLE` (or `FAILED`); `EXPIRED` once its file is gone. */
export const COVEO_EXPORT_STATUSES = Object.freeze(['PENDING', 'AVAILABLE', 'FAILED', 'EXPIRED'] as const);

/** One of {@link COVEO_EXPORT_STATUSES}; a status this client does not know is passed through as a string. */
export type CoveoExportStatus = (typeof COVEO_EXPORT_STATUSES)[number] | (string & {});

/** An export job as `GET /v15/exports/{id}` returns it (`ExportResponseV15`). Times are epoch milliseconds. */
export type CoveoExport = {
  readonly id: string;
  readonly status: CoveoExportStatus;
  /** Who created it, e.g. an email address. */
  readonly author?: string;
  /** The API's download URL; present once the export is available. */
  readonly downloadLink?: string;
  /** When generation started. */
  readonly startDate?: number;
  readonly from?: number;
  readonly to?: number;
  readonly filters?: Readonly<Record<string, string>>;
  readonly description?: string | null;
  /** The zip's size in bytes. */
  readonly size?: number;
  /** The tables it holds, in lower case (`searches`, `custom_events`...). */
  readonly tables?: readonly string[];
  readonly downloadable?: boolean;
  readonly dimensions?: readonly string[];
  readonly replayable?: boolean;
  readonly usingDisplayNames?: boolean;
  readonly scheduleId?: string | null;
  readonly [extra: string]: unknown;
};

/**
 * One CSV row of an export: `table` (the file's name in lower case, e.g. `searches`) and one string per
 * column of that file's header row, named as the header names it (API names such as `searchId`, or
 * display names with `useDisplayNames`). Every value is the CSV's text; an empty cell is `''`.
 */
export type CoveoRow = {
  readonly table: string;
  readonly [column: string]: string;
};

/** The filters of an export, in Coveo's Read filter syntax (e.g. `"originLevel1=='Community'"`); several are ANDed. */
export type CoveoFilters = {
  /** Dimensions common to every event type (`f`). */
  readonly common?: readonly string[] | undefined;
  /** Search and click dimensions (`fs`). */
  readonly searches?: readonly string[] | undefined;
  /** Custom-event dimensions (`fc`). */
  readonly customEvents?: readonly string[] | undefined;
};

/** What `GET /v15/exports/estimate` answers: the rows of each event type in the window. */
export type CoveoEstimate = {
  readonly estimates: Readonly<Record<string, number>>;
};

/** The `'status'` event of a rows stream: the job's status at each poll (and when it is created). */
export type CoveoStatusEvent = {
  readonly exportId: string;
  readonly status: CoveoExportStatus;
  /** Time since the job was created or reopened, in milliseconds. */
  readonly elapsedMs: number;
  /** The sub-window this job covers, as ISO strings (see the row limit in `exportRows`). */
  readonly window?: {readonly from: string; readonly to: string} | undefined;
};

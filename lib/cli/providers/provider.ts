import type {ExportStream} from '../../index.js';
import type {TimestampFields} from '../../sinks/index.js';
import type {FlagSpecs, Flags} from '../arguments.js';

/**
 * One credential of a provider and where the CLI finds it: an environment variable, a file flag
 * (`-` reads stdin) and an inline flag. A secret given inline prints a warning (other users see it
 * in `ps`); a secret is never shown in a message.
 */
export type Credential = {
  /** The library's configuration option, e.g. `apiKey`: how its errors name it. */
  readonly option: string;
  /** How messages name it, e.g. `API key`. */
  readonly label: string;
  readonly article: 'a' | 'an';
  /** Its expected form for `--help`, e.g. `a UUID`. */
  readonly form?: string;
  /** The environment variable that holds it, e.g. `CROCT_API_KEY`. */
  readonly env: string;
  /** A flag naming a file that holds it, e.g. `api-key-file`. */
  readonly file?: string;
  /** A flag that takes it inline, e.g. `api-key`. */
  readonly flag?: string;
  readonly secret: boolean;
};

/** The page-size rule of a provider, as its library declares it. */
export type PageSizeRule = {readonly min: number; readonly max: number; readonly default: number};

/** What the CLI asks a resource's export for: provider-neutral, the rest is in `filters`. */
export type OpenRequest = {
  /** The window; `undefined`: open on that side. */
  readonly window: {readonly start: Date | undefined; readonly end: Date | undefined};
  readonly pageSize: number;
  /** The resource's filters, keyed by the library's option names (see {@link Resource.filters}). */
  readonly filters: Readonly<Record<string, unknown>>;
  /** Where to continue (a state file's cursor). */
  readonly cursor: string | undefined;
  readonly limit: number | undefined;
  /** Pages requested ahead (`--prefetch`); `undefined`: the library's default. */
  readonly prefetch: number | undefined;
  /** Concurrent cursor chains (`--partitions`); only for a resource with `partitioned`. */
  readonly partitions?: number | undefined;
  /** Window order with `partitions` (`--ordered`). */
  readonly ordered?: boolean | undefined;
  readonly signal: AbortSignal;
};

/** One resource of a provider: `export-stream <provider> <resource>`. */
export type Resource<Api> = {
  /** E.g. `events`. */
  readonly name: string;
  /** One line for `--help`, e.g. `Export events (windowed by event time) as NDJSON, CSV or a JSON array.` */
  readonly summary: string;
  /** Its own flags (filters), beside the export flags every resource has. */
  readonly flags: FlagSpecs;
  /** The library option each of its flags sets, e.g. `{events: 'types'}`: how errors name the flag. */
  readonly optionFlags: Readonly<Record<string, string>>;
  /** Its export takes `partitions` and `ordered` (a time-windowed export): `--partitions` applies. */
  readonly partitioned?: boolean;
  /**
   * How `--partition i/N` cuts the window, when not into equal parts in window order (the library's
   * `partitionWindow`), and the unit an empty shard lacked (e.g. `whole UTC days`).
   */
  readonly shards?: {
    readonly cut: (
      window: {start: number; end: number},
      index: number,
      count: number,
    ) => {start: number; end: number};
    readonly unit: string;
  };
  /** The CSV columns without `--columns`, as `--columns` takes them. */
  readonly columns: string;
  /** The fields `--timezone` renders (epoch milliseconds or ISO 8601 strings). */
  readonly timestampFields: TimestampFields;
  /** `--help` examples, after the provider's common ones. */
  readonly examples: readonly string[];
  /**
   * Reads its flags into the filters an export is opened with and identified by (JSON, canonical:
   * sorted lists, absent keys rather than `null`). Throws a `UsageError` for a malformed flag; what
   * the library checks is left to it.
   */
  filters(flags: Flags): Readonly<Record<string, unknown>>;
  /**
   * Opens the export stream. Synchronous and lazy: nothing is requested until it is read. An
   * asynchronous-job provider creates and polls its job in the stream source's `open`, on the first
   * read. Throws the library's `InvalidOptionError` for a bad option.
   */
  open(api: Api, request: OpenRequest): ExportStream<unknown>;
};

/**
 * Everything the CLI knows about one provider: `export-stream <provider> <resource>` is built from it.
 * `Api` is the library client the provider's resources open streams from.
 */
export type Provider<Api> = {
  /** The command-line name, e.g. `croct`. */
  readonly name: string;
  /** How help names it, e.g. `Croct`. */
  readonly title: string;
  readonly credentials: readonly Credential[];
  /** The library's default base URL, for `--help`. */
  readonly baseUrl: string;
  readonly pageSize: PageSizeRule;
  readonly resources: readonly Resource<Api>[];
  /**
   * Creates the client. Throws the library's `InvalidOptionError` for a bad credential or base URL;
   * `credentials` is keyed by {@link Credential.option}.
   */
  createApi(credentials: Readonly<Record<string, string>>, baseUrl: string | undefined): Api;
};

/** A provider whose client type is erased: what lists of providers hold. */
// Method syntax keeps `open(api: Api)` bivariant, so every provider fits.
export type AnyProvider = Provider<unknown>;
/** A resource whose client type is erased. */
export type AnyResource = Resource<unknown>;

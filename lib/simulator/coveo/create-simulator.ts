import {InvalidOptionError} from '../../core/errors.js';
import {createServerCore} from '../core/exchange.js';
import type {FailNextOptions} from '../core/faults.js';
import {integer, object, text} from '../core/guards.js';
import type {FaultKind} from '../core/options.js';
import {encodeId} from '../core/random.js';
import {listen} from '../core/server.js';
import type {SimulatorStats} from '../core/stats.js';
import type {CoveoContext, CoveoStorageStats} from './context.js';
import {emptyStorageStats} from './context.js';
import {tablesOf, windowOf} from './export-params.js';
import type {CoveoExportRecord} from './export-request.js';
import {ExportStore} from './export-store.js';
import {handle} from './handle-request.js';
import type {CoveoSimulatorOptions, CoveoTable} from './options.js';
import {COVEO_TABLES} from './options.js';
import {TokenRateLimiter} from './rate-limiter.js';
import {resolveCoveoOptions} from './resolve-options.js';
import {StorageLinks} from './storage-links.js';
import {Timeline} from './timeline.js';

/** A window for {@link CoveoSimulator.rowCount}: instants as ms since epoch, ISO-8601 strings or Dates. */
type CoveoWindow = {
  from: number | string | Date;
  to: number | string | Date;
  /** Upper-case table enums as in the API (`SEARCHES`, …, `ALL_EVENTS`). @default all five tables */
  tables?: readonly string[];
};

/** A running simulator of Coveo's Usage Analytics Read API exports (`/v15/exports…`) and its object storage. */
type CoveoSimulator = {
  /** The base URL, e.g. `http://127.0.0.1:40123`: a client's `baseUrl` (no `/rest/ua`); routes are `${url}/v15/exports…`. */
  url: string;
  /** The bearer token with the data-export privilege. */
  accessToken: string;
  /** A valid token without the export privilege: 403 on every export route. */
  noPrivilegeToken: string;
  /** The organization id; a request's `org` parameter, when given, must equal it. */
  organizationId: string;
  /** Live counters and request log of every route. */
  stats: SimulatorStats;
  /** Live counters of the storage route, e.g. whether a client ever sent its token there. */
  storage: CoveoStorageStats;
  /** Zeroes `stats` and `storage`. */
  resetStats(): void;
  /** Makes the next requests (`count`, default 1) that pass auth, on the API or to storage, fail with `kind`. */
  failNext(kind: FaultKind, options?: FailNextOptions): void;
  /** Makes the next `count` (default 1) created exports end FAILED. */
  failNextExport(count?: number): void;
  /** Turns an export EXPIRED now (its zip is deleted); false when the id is unknown. */
  expireExport(id: string): boolean;
  /** Ends every storage link minted so far (403 "Request has expired"). */
  expireLinks(): void;
  /** The rows per table of a window, keyed like the estimate endpoint (`SEARCHES`, …), untruncated. */
  rowCount(window: CoveoWindow): Record<string, number>;
  /** Every export, newest first, with the rows its zip holds. */
  exports(): CoveoExportRecord[];
  /** Stops listening, destroys open connections and deletes the zips; idempotent. */
  close(): Promise<void>;
};

const EXPORT_ID_STREAM = 40;

const WINDOW_EXPECTED = 'ISO-8601 instants with `from` before `to`, and upper-case table names';

function instant(name: string, value: unknown): string {
  if (typeof value === 'number') {
    return new Date(integer(name, value, 0, 253_402_300_799_999)).toISOString();
  }
  return value instanceof Date ? value.toISOString() : text(name, value);
}

/**
 * Starts a simulator of Coveo's Usage Analytics exports on loopback: creating exports (query or JSON
 * body), their PENDING → AVAILABLE | FAILED → EXPIRED lifecycle, estimates and the row limit, redirects
 * to expiring pre-signed storage links that refuse an `Authorization` header and serve byte ranges, and
 * zips of deterministic CSVs (one per table) written from a seed. Options are checked before anything
 * listens: a bad one throws an `InvalidOptionError` synchronously.
 *
 * @example
 * const simulator = await createCoveoSimulator({rowsPerDay: 500, readyAfterPolls: 2});
 * const created = await fetch(`${simulator.url}/v15/exports?from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z&tables=SEARCHES`, {
 *   method: 'POST',
 *   headers: {authorization: `Bearer ${simulator.accessToken}`},
 * });
 * await simulator.close();
 */
function createCoveoSimulator(options: CoveoSimulatorOptions = {}): Promise<CoveoSimulator> {
  const resolved = resolveCoveoOptions(options);
  const core = createServerCore(resolved);
  const timelines = Object.fromEntries(
    COVEO_TABLES.map((table) => [table, new Timeline(resolved.seed, table, resolved.rowsPerDay[table])]),
  ) as Record<CoveoTable, Timeline>;
  const source = {seed: resolved.seed, timelines, timestampStyle: resolved.timestampStyle};
  const store = new ExportStore(resolved, source, (index) =>
    encodeId(resolved.seed, EXPORT_ID_STREAM, index),
  );
  const context: CoveoContext = {
    core,
    options: resolved,
    store,
    links: new StorageLinks(resolved.seed, resolved.linkTtlMs),
    storage: emptyStorageStats(),
    limiter: resolved.rateLimit && new TokenRateLimiter(resolved.rateLimit),
    baseUrl: '',
  };
  return listen(
    (request, response) => handle(context, request, response),
    resolved,
    () => core.recorder.idle(),
  ).then((listener) => {
    context.baseUrl = listener.url;
    let closing: Promise<void> | undefined;
    return {
      url: listener.url,
      accessToken: resolved.accessToken,
      noPrivilegeToken: resolved.noPrivilegeToken,
      organizationId: resolved.organizationId,
      stats: core.recorder.stats,
      storage: context.storage,
      resetStats: () => {
        core.recorder.reset();
        Object.assign(context.storage, emptyStorageStats());
      },
      failNext: (kind, failOptions) => core.faults.failNext(kind, failOptions),
      failNextExport: (count = 1) => store.failNext(integer('count', count, 1)),
      expireExport: (id) => store.expire(id),
      expireLinks: () => context.links.expireAll(),
      rowCount: (window) => {
        const from = instant('window.from', object('window', window).from);
        const to = instant('window.to', window.to);
        try {
          const bounds = windowOf(from, to);
          return store.estimates(bounds.from, bounds.to, tablesOf(window.tables ?? []));
        } catch {
          // The API's own checks, reported in the library's shape.
          throw new InvalidOptionError('window', WINDOW_EXPECTED, {from, to, tables: window.tables});
        }
      },
      exports: () => store.records(),
      close: () => {
        closing ??= listener.close().then(() => store.close());
        return closing;
      },
    };
  });
}

export type {CoveoSimulator, CoveoWindow};
export {createCoveoSimulator};

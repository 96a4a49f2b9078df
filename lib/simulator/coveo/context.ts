import type {ServerCore} from '../core/exchange.js';
import type {ExportStore} from './export-store.js';
import type {ResolvedCoveoOptions} from './options.js';
import type {TokenRateLimiter} from './rate-limiter.js';
import type {StorageLinks} from './storage-links.js';

/** What the simulator counts on its storage route (live; zeroed by `resetStats()`). */
type CoveoStorageStats = {
  /** Requests to the storage route. */
  requests: number;
  /** Whether any storage request ever carried an `Authorization` header (a client leaking its token). */
  authorizationSeen: boolean;
  /** Storage requests refused for carrying an `Authorization` header. */
  rejectedAuthorization: number;
  /** Storage requests refused because their link had expired. */
  expiredLinks: number;
  /** Storage requests with a `Range` header. */
  rangeRequests: number;
  /** Zip bytes written. */
  bytesSent: number;
};

/** What request handling needs from a running Coveo simulator. */
type CoveoContext = {
  core: ServerCore;
  options: ResolvedCoveoOptions;
  store: ExportStore;
  links: StorageLinks;
  storage: CoveoStorageStats;
  limiter: TokenRateLimiter | undefined;
  /** The simulator's base URL, set once it listens. */
  baseUrl: string;
};

/** Zeroed storage counters. */
function emptyStorageStats(): CoveoStorageStats {
  return {
    requests: 0,
    authorizationSeen: false,
    rejectedAuthorization: 0,
    expiredLinks: 0,
    rangeRequests: 0,
    bytesSent: 0,
  };
}

export type {CoveoContext, CoveoStorageStats};
export {emptyStorageStats};

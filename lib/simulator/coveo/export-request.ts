import type {ExportFormat} from './csv-stream.js';
import type {CoveoTable} from './options.js';

/** An export request, from the query of `POST /v15/exports` or the body of `POST /v15/exports/create`. */
type ExportRequest = {
  /** ms since epoch, inclusive. */
  from: number;
  /** ms since epoch, exclusive. */
  to: number;
  /** Without duplicates, in the order asked. */
  tables: readonly CoveoTable[];
  /** camelCase dimension names; empty for all. */
  dimensions: readonly string[];
  /** The filters as given, ANDed: `f`, `fs`, `fc` (only those given). */
  filters: Readonly<Record<string, string>>;
  format: ExportFormat;
  filename: string | undefined;
  description: string | null;
  useDisplayNames: boolean;
};

/** The lifecycle states of an export, the complete enum of Coveo's API. */
type ExportStatus = 'PENDING' | 'AVAILABLE' | 'FAILED' | 'EXPIRED';

/** What the simulator reports about an export (`simulator.exports()`). */
type CoveoExportRecord = {
  id: string;
  status: ExportStatus;
  /** ms since epoch. */
  from: number;
  /** ms since epoch, exclusive. */
  to: number;
  tables: readonly CoveoTable[];
  /** The rows each table's CSV holds, after truncation to the row limit. */
  rows: Readonly<Partial<Record<CoveoTable, number>>>;
  /** Whether the row limit cut rows off. */
  truncated: boolean;
  /** The zip's size in bytes; 0 until AVAILABLE. */
  size: number;
};

export type {CoveoExportRecord, ExportRequest, ExportStatus};

import type {Writable} from 'node:stream';
import type {ExportStream} from '../index.js';
import type {Column} from '../sinks/index.js';
import type {CrashHook} from './crash-hook.js';
import type {ProgressTotals} from './progress.js';
import type {AnyProvider, AnyResource} from './providers/provider.js';
import type {ExportIdentity} from './state-types.js';

/** One export as the command line describes it, fully validated. */
export type ExportJob = {
  readonly provider: AnyProvider;
  readonly resource: AnyResource;
  /**
   * What the export is; a missing `pageSize` continues with the state's, or is the provider's default.
   */
  readonly identity: Omit<ExportIdentity, 'pageSize'> & {readonly pageSize: number | undefined};
  /**
   * Opens the export's stream (lazily: nothing is requested before it is read). A bad option (the
   * state's cursor, a filter the library refuses) throws a usage error before the output is touched.
   */
  readonly open: (identity: ExportIdentity, request: StreamRequest) => ExportStream<unknown>;
  readonly columns: readonly Column[] | undefined;
  readonly limit: number | undefined;
  /** Pages requested ahead (`--prefetch`). */
  readonly prefetch: number | undefined;
  /** Concurrent cursor chains (`--partitions`) and their order (`--ordered`). */
  readonly partitions?: number | undefined;
  readonly ordered?: boolean | undefined;
  /** A fresh output starts with the format's header (CSV: false for `--partition` shards after 0). */
  readonly header?: boolean | undefined;
  /** Absolute path of the output file; `undefined` writes to stdout. */
  readonly out: string | undefined;
  /** How the summary names the output, e.g. the path as the user typed it. */
  readonly outLabel: string;
  /** Absolute path of the state file (requires `out`). */
  readonly statePath: string | undefined;
  /** The command, for `--help` pointers, e.g. `openpanel events`. */
  readonly command: string;
  /** What progress and summary lines start with, e.g. `events`. */
  readonly label: string;
};

/** Where a run's stream starts and stops. */
export type StreamRequest = {
  readonly cursor: string | undefined;
  readonly limit: number | undefined;
  readonly prefetch: number | undefined;
  readonly partitions?: number | undefined;
  readonly ordered?: boolean | undefined;
  readonly signal: AbortSignal;
};

/** Where a job runs: the streams, the stop signal (its reason names the signal) and the test hook. */
export type JobContext = {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly tty: boolean;
  readonly signal: AbortSignal;
  readonly crash: CrashHook;
};

/** How a job ended. `error` is set when the export failed; `stopped` when a signal stopped it. */
export type ExportOutcome = {
  readonly totals: ProgressTotals;
  /** Items in the output across every run of this state file. */
  readonly total: number;
  /** Whether a state file records the output (`false`: none could be saved, or none was asked for). */
  readonly saved: boolean;
  readonly stopped: boolean;
  readonly error: unknown;
};

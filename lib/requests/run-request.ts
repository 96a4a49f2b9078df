import {mkdir} from 'node:fs/promises';
import {setTimeout as sleepFor} from 'node:timers/promises';
import {lockFile} from '../core/file-lock.js';
import {removeOrphans} from './atomic-file.js';
import {temporaryPrefixOf} from './file-names.js';
import {type Ledger, ledgerPath, readLedger, requestHash, writeLedger} from './ledger.js';
import {runWindow, type WindowResult} from './run-window.js';
import type {ExportRequest, Window} from './types.js';
import {dueWindows, nextWindowClose} from './windows.js';

/** What {@link runRequest} reports as it goes (the CLI draws progress and logs from these). */
export type RequestEvent =
  | {readonly type: 'start'; readonly name: string; readonly firstRunAt: Date; readonly first: boolean}
  | {readonly type: 'notice'; readonly name: string; readonly text: string}
  | {readonly type: 'window'; readonly name: string; readonly window: Window}
  | {
      readonly type: 'progress';
      readonly name: string;
      readonly window: Window;
      readonly item: number;
      readonly rows: number;
    }
  | {readonly type: 'windowDone'; readonly name: string; readonly result: WindowResult}
  | {readonly type: 'wait'; readonly name: string; readonly until: Date};

/** Options of {@link runRequest}. */
export type RunRequestOptions = {
  readonly outDir: string;
  /** Where the request's ledger (`<name>.state.json`) and its lock live. */
  readonly stateDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborting it abandons the window under way (no file, not recorded) and resolves with `stopped`. */
  readonly signal?: AbortSignal | undefined;
  /** Export what is due, then return (for cron); otherwise keep running until the request is done. @default false */
  readonly once?: boolean | undefined;
  /** The clock. @default () => new Date() */
  readonly now?: (() => Date) | undefined;
  /** How the daemon waits, for tests with a fake clock. @default an abortable `setTimeout` */
  readonly sleep?: ((milliseconds: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
  readonly onEvent?: ((event: RequestEvent) => void) | undefined;
};

/** What a run of a request did. */
export type RequestSummary = {
  readonly name: string;
  /** Windows exported (files in place, recorded). */
  readonly windows: number;
  /** Window attempts that failed (they stay due). */
  readonly failures: number;
  readonly rows: number;
  readonly files: number;
  /** The signal stopped it. */
  readonly stopped: boolean;
  /** The last failure's error. */
  readonly error?: unknown;
  /** When the next window becomes due; absent when the request is done. */
  readonly next?: Date;
};

/** The first wait after a failed window; it doubles up to {@link MAX_RETRY_WAIT}. */
const FIRST_RETRY_WAIT = 60_000;
const MAX_RETRY_WAIT = 3_600_000;
/** The longest single sleep: the daemon wakes at least hourly and looks again (clock changes, timers' range). */
const MAX_SLEEP = 3_600_000;

/**
 * Runs a request: under an exclusive lock of its ledger, exports every due window in order (missed
 * ones first) with {@link runWindow}, recording each once its files are in place; a failed window
 * ends the pass (it stays due, and later windows wait for it). With `once` it then returns;
 * otherwise it sleeps until the next window is due (after a failure: 1 minute, doubling up to an
 * hour) and goes on, until a one-time request is done or the signal aborts. Temporary files that a
 * killed run left in `outDir` are removed first.
 *
 * @example
 * ```ts
 * const summary = await runRequest(request, {outDir: 'exports', stateDir: 'state', env: process.env, once: true});
 * ```
 */
export async function runRequest(
  request: ExportRequest,
  options: RunRequestOptions,
): Promise<RequestSummary> {
  const {outDir, stateDir, env, signal, once = false, now = () => new Date(), onEvent} = options;
  const sleep =
    options.sleep ?? ((milliseconds, abort) => sleepFor(milliseconds, undefined, {signal: abort}));
  const name = request.name;
  await mkdir(stateDir, {recursive: true});
  await mkdir(outDir, {recursive: true});
  const path = ledgerPath(stateDir, request);
  const lock = await lockFile(path, {notify: (text) => onEvent?.({type: 'notice', name, text})});
  const totals = {windows: 0, failures: 0, rows: 0, files: 0};
  let error: unknown;
  let next: Date | undefined;
  try {
    for (const orphan of await removeOrphans(outDir, temporaryPrefixOf(request))) {
      onEvent?.({type: 'notice', name, text: `removed ${orphan}, left by a run that was killed`});
    }
    const found = await readLedger(path, request);
    let ledger: Ledger = found ?? {
      version: 1,
      name,
      requestHash: requestHash(request),
      firstRunAt: now().toISOString(),
      completed: [],
    };
    if (found === undefined) {
      await writeLedger(path, ledger);
    }
    const firstRunAt = new Date(ledger.firstRunAt);
    onEvent?.({type: 'start', name, firstRunAt, first: found === undefined});
    let retryWait = FIRST_RETRY_WAIT;
    for (;;) {
      let failed = false;
      const done = () => ({
        completed: new Set(ledger.completed),
        through: ledger.through === undefined ? undefined : new Date(ledger.through),
      });
      for (const window of dueWindows(request, {now: now(), firstRunAt, ...done()})) {
        signal?.throwIfAborted();
        onEvent?.({type: 'window', name, window});
        const result = await runWindow(request, window, {
          outDir,
          env,
          signal,
          onProgress: (item, rows) => onEvent?.({type: 'progress', name, window, item, rows}),
        });
        if (result.status === 'success') {
          // Windows run oldest first and a failure stops the run: every window up to this one is done.
          ledger = {...ledger, through: window.start.toISOString()};
          await writeLedger(path, ledger);
          totals.windows++;
          totals.rows += result.rows;
          totals.files += result.results.length;
          retryWait = FIRST_RETRY_WAIT;
        } else {
          totals.failures++;
          error = result.error;
          failed = true;
        }
        onEvent?.({type: 'windowDone', name, result});
        if (failed) {
          break;
        }
      }
      next = nextWindowClose(request, {now: now(), firstRunAt});
      const more =
        !failed && dueWindows(request, {now: now(), firstRunAt, maxWindows: 1, ...done()}).length > 0;
      if (more) {
        continue;
      }
      if (once || (next === undefined && !failed)) {
        break;
      }
      const until = failed ? new Date(now().getTime() + retryWait) : next!;
      if (failed) {
        retryWait = Math.min(retryWait * 2, MAX_RETRY_WAIT);
      }
      onEvent?.({type: 'wait', name, until});
      await sleep(Math.max(0, Math.min(until.getTime() - now().getTime(), MAX_SLEEP)), signal);
    }
  } catch (failure) {
    if (signal?.aborted !== true) {
      throw failure;
    }
    return {
      name,
      ...totals,
      stopped: true,
      ...(error === undefined ? {} : {error}),
      ...(next === undefined ? {} : {next}),
    };
  } finally {
    await lock.release();
  }
  return {
    name,
    ...totals,
    stopped: false,
    ...(error === undefined ? {} : {error}),
    ...(next === undefined ? {} : {next}),
  };
}

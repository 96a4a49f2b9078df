import {createHash} from 'node:crypto';
import {join} from 'node:path';
import {InvalidOptionError} from '../core/errors.js';
import {jsonFileText, readOptionalFile, writeFileAtomic} from '../core/json-file.js';
import type {ExportRequest} from './types.js';

/**
 * A request's ledger, one JSON file per request in the state directory (`<name>.state.json`): when
 * it first ran (the default anchor of its windows) and how far its windows are exported (`through`:
 * its size stays the same however long the request runs). A window counts only after its files are
 * in place, so a crash mid-window leaves it out: it is exported again, from scratch, by the next run.
 */
export type Ledger = {
  readonly version: 1;
  readonly name: string;
  /** A digest of the fields that define the windows: another definition has other windows. */
  readonly requestHash: string;
  /** ISO 8601. */
  readonly firstRunAt: string;
  /**
   * Every window starting at or before this instant (ISO 8601) is exported: windows are exported in
   * order, so the ledger needs no list of them. Absent before the first window.
   */
  readonly through?: string | undefined;
  /** The keys of windows exported, as ledgers written before `through` listed them (no longer added to). */
  readonly completed: readonly string[];
};

/** Where a request's ledger lives: `<stateDir>/<name>.state.json`. */
export function ledgerPath(stateDir: string, request: ExportRequest): string {
  return join(stateDir, `${request.name}.state.json`);
}

/** A digest of what defines a request's windows (not its format, items or notifications, which may change). */
export function requestHash(request: ExportRequest): string {
  const {type, periodicity, periodStart, from, to, period, format} = request;
  const windows = {type, periodicity, periodStart, from, to, period, timezone: format.timezone};
  return createHash('sha256').update(JSON.stringify(windows)).digest('hex').slice(0, 16);
}

/**
 * Reads a request's ledger; `undefined` when there is none yet. A file that is not a ledger of this
 * request's windows is an {@link InvalidOptionError} naming the file: its window keys would mean
 * other windows.
 */
export async function readLedger(path: string, request: ExportRequest): Promise<Ledger | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) {
    return undefined;
  }
  let ledger: Partial<Ledger> | undefined;
  try {
    ledger = JSON.parse(text) as Partial<Ledger>;
  } catch {
    ledger = undefined;
  }
  if (
    ledger?.version !== 1 ||
    typeof ledger.firstRunAt !== 'string' ||
    Number.isNaN(Date.parse(ledger.firstRunAt)) ||
    !Array.isArray(ledger.completed) ||
    !ledger.completed.every((key) => typeof key === 'string') ||
    (ledger.through !== undefined &&
      (typeof ledger.through !== 'string' || Number.isNaN(Date.parse(ledger.through))))
  ) {
    throw new InvalidOptionError(
      path,
      'a state file of export-stream requests (version 1); remove it to start over',
      text.slice(0, 200),
    );
  }
  if (ledger.requestHash !== requestHash(request) || ledger.name !== request.name) {
    throw new InvalidOptionError(
      path,
      `the state of request "${request.name}" with these windows (type, periodicity, periodStart, from, to, period, timezone); it records other windows: remove it to start over, or rename the request`,
      `${String(ledger.name)}/${String(ledger.requestHash)}`,
    );
  }
  return ledger as Ledger;
}

/**
 * Replaces a ledger atomically: written and fsynced under a temporary name of its own
 * (`.<name>.state.json.<pid>-<random>.tmp`), renamed over the old one, the directory fsynced. A
 * crash leaves the old ledger or the new one, never a mix.
 */
export async function writeLedger(path: string, ledger: Ledger): Promise<void> {
  await writeFileAtomic(path, jsonFileText(ledger));
}

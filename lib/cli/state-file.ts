import {open, readFile, rename} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import type {CrashHook} from './crash-hook.js';
import {UsageError} from './usage-error.js';

/** What makes two runs the same export: a state file only continues an export with equal identity. */
export type ExportIdentity = {
  readonly resource: 'events' | 'sessions' | 'users';
  /** The window in epoch milliseconds (`null`: open). */
  readonly start: number | null;
  readonly end: number | null;
  /** Event types, sorted (`null`: every type). */
  readonly types: readonly string[] | null;
  /** The API binds cursors to the page size, so it must not change between runs. */
  readonly pageSize: number;
  readonly format: 'ndjson' | 'csv' | 'json';
  readonly columns: string | null;
  readonly timezone: string | null;
};

/** A committed checkpoint: every item before `cursor` is in the first `bytes` bytes of the output. */
export type ExportState = ExportIdentity & {
  readonly version: 1;
  readonly cursor: string;
  readonly bytes: number;
  readonly items: number;
  readonly pages: number;
  readonly updatedAt: string;
};

const identityKeys = [
  'resource',
  'start',
  'end',
  'types',
  'pageSize',
  'format',
  'columns',
  'timezone',
] as const;

/** Reads a state file; `undefined` when it does not exist yet (the first run). */
export async function readState(path: string, command: string): Promise<ExportState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  let state: Partial<ExportState> | undefined;
  try {
    state = JSON.parse(text) as Partial<ExportState>;
  } catch {
    state = undefined;
  }
  const valid =
    state?.version === 1 &&
    typeof state.cursor === 'string' &&
    Number.isSafeInteger(state.bytes) &&
    Number.isSafeInteger(state.items) &&
    Number.isSafeInteger(state.pages);
  if (!valid) {
    throw new UsageError(
      `State file ${path} is not an export-stream state; remove it to start over`,
      command,
    );
  }
  return state as ExportState;
}

/** Throws a {@link UsageError} naming every difference when `state` belongs to another export. */
export function checkIdentity(
  state: ExportState,
  identity: ExportIdentity,
  path: string,
  command: string,
): void {
  const differences = identityKeys
    .filter((key) => JSON.stringify(state[key]) !== JSON.stringify(identity[key]))
    .map((key) => `${key} ${JSON.stringify(state[key])} there, ${JSON.stringify(identity[key])} here`);
  if (differences.length > 0) {
    throw new UsageError(
      `State file ${path} belongs to a different export (${differences.join('; ')}); use another --state file or remove it to start over`,
      command,
    );
  }
}

/**
 * Replaces the state file atomically: the new state is written and fsynced under a temporary name
 * in the same directory, renamed over the old one, and the directory is fsynced so that the rename
 * itself survives a power loss. A crash at any point leaves either the old or the new state.
 */
export async function writeState(path: string, state: ExportState, crash: CrashHook): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.tmp`);
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(`${JSON.stringify(state, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  crash('state-temp');
  await rename(temporary, path);
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
  crash('state');
}

import {randomBytes} from 'node:crypto';
import {basename, dirname, join} from 'node:path';
import {jsonFileText, readOptionalFile, replaceFile, syncDirectory} from '../core/json-file.js';
import {type CrashHook, raise} from './crash-hook.js';
import {FileError} from './output.js';
import type {ExportIdentity, ExportState} from './state-types.js';
import {validateState} from './state-validate.js';
import {UsageError} from './usage-error.js';

export type {ExportIdentity, ExportState} from './state-types.js';

/** The fields of an {@link ExportIdentity}, in the order messages name them. */
export const identityKeys = [
  'provider',
  'resource',
  'start',
  'end',
  'filters',
  'pageSize',
  'format',
  'columns',
  'timezone',
] as const;

/**
 * Reads and validates a state file; `undefined` when it does not exist yet (the first run). A file
 * that is not a valid state is a {@link UsageError} naming the file, the field, the expected form and
 * the value found, thrown before anything touches the output.
 */
export async function readState(path: string, command: string): Promise<ExportState | undefined> {
  const text = await readOptionalFile(path);
  return text === undefined ? undefined : validateState(text, path, command);
}

/** Throws a {@link UsageError} naming every difference when `state` belongs to another export. */
export function checkIdentity(
  state: ExportState,
  identity: ExportIdentity,
  path: string,
  command: string,
): void {
  const differences = identityKeys
    .filter((key) => canonical(state[key]) !== canonical(identity[key]))
    .map((key) => `${key} ${canonical(state[key])} there, ${canonical(identity[key])} here`);
  if (differences.length > 0) {
    throw new UsageError(
      `State file ${path} belongs to a different export (${differences.join('; ')}); use another --state file or remove it to start over`,
      command,
    );
  }
}

/** JSON with the keys of every object sorted: equal filters compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/**
 * Replaces the state file atomically: the new state is written and fsynced under a temporary name
 * of its own (two writers never share one) in the same directory, renamed over the old one, and the
 * directory is fsynced so that the rename itself survives a power loss. A crash at any point leaves
 * either the old or the new state. A failure is a {@link FileError} whose `replaced` tells whether
 * the new state was already in place.
 */
export async function writeState(path: string, state: ExportState, crash: CrashHook): Promise<void> {
  const temporary = join(
    dirname(path),
    `${temporaryPrefix(path)}${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await replaceFile(path, jsonFileText(state), {
      temporary,
      opened: () => raise(crash.fault('state-temp')),
      written: () => crash('state-temp'),
    });
  } catch (error) {
    throw new FileError('write the state file', path, error);
  }
  try {
    raise(crash.fault('state'));
    await syncDirectory(dirname(path));
  } catch (error) {
    throw new FileError('fsync the directory of the state file', path, error, true);
  }
  crash('state');
}

/** How the temporary files of a state file's writes begin, e.g. `.events.state.json.`. */
export function temporaryPrefix(path: string): string {
  return `.${basename(path)}.`;
}

import type {Stats} from 'node:fs';
import {stat} from 'node:fs/promises';
import type {CrashHook} from './crash-hook.js';
import {FileOutput, TAIL_BYTES} from './output.js';
import {count} from './progress.js';
import type {ExportState} from './state-file.js';
import {UsageError} from './usage-error.js';

/** The output of a run with a state file, and how to tell the user about it. */
export type StateOutput = {
  /** Absolute path of the output. */
  readonly path: string;
  /** Absolute path of the state file. */
  readonly statePath: string;
  /** The state read from it; `undefined` on the first run. */
  readonly state: ExportState | undefined;
  readonly command: string;
  readonly crash: CrashHook;
  /** Prints a notice on stderr. */
  readonly notify: (text: string) => void;
};

/**
 * Opens the output of a run with a state file. The first run creates (or empties) it. A later run
 * checks that the file is the one the state describes (it exists, is at least `bytes` long, and
 * its last 64 KiB before `bytes` have the recorded SHA-256), then truncates it back to `bytes`:
 * what lies past it was written after the last checkpoint and is exported again, which a notice
 * says with the byte count (except a JSON array's closing `]`, which every completed run leaves).
 * Anything else is a {@link UsageError} that leaves the file untouched.
 */
export async function openStateOutput(options: StateOutput): Promise<FileOutput> {
  const {path, statePath, state, command, crash} = options;
  const found = await statOf(path);
  // A directory is left to fail at open (EISDIR), like any file error.
  if (found !== undefined && !found.isFile() && !found.isDirectory()) {
    throw new UsageError(
      `\`--state\` needs \`--out\` to be a regular file, which it can truncate and fsync; ${path} is a FIFO, socket or device`,
      command,
    );
  }
  if (state === undefined) {
    return FileOutput.open(path, 'w+', crash);
  }
  if (found === undefined) {
    throw new UsageError(
      `State file ${statePath} records ${count(state.items)} items (${count(state.bytes)} bytes) in ${path}, which no longer exists; restore that file, or remove the state file to start over`,
      command,
    );
  }
  const output = await FileOutput.open(path, 'r+', crash);
  try {
    await resume(output, options, state);
    return output;
  } catch (error) {
    await output.close();
    throw error;
  }
}

async function resume(output: FileOutput, options: StateOutput, state: ExportState): Promise<void> {
  const {path, statePath, command} = options;
  const {bytes} = state;
  const size = await output.size();
  const start = `${path} has ${count(size)} bytes but state file ${statePath} records ${count(bytes)}`;
  if (size < bytes) {
    throw new UsageError(
      `${start}: it was cut short or replaced since; restore it, or remove the state file to start over`,
      command,
    );
  }
  if (state.tailSha256 !== undefined && (await output.digest(bytes)) !== state.tailSha256) {
    throw new UsageError(
      `${path} is not the output state file ${statePath} describes: its last ${count(Math.min(bytes, TAIL_BYTES))} bytes before byte ${count(bytes)} differ from those recorded (replaced or edited since?); pass the right --out, or remove the state file to start over`,
      command,
    );
  }
  const extra = size - bytes;
  if (extra > 0 && (await output.slice(bytes, size)).toString() !== closingOf(state)) {
    options.notify(
      `removing the last ${count(extra)} bytes of ${path}, written after the checkpoint its state records (${count(bytes)} bytes): an unfinished run's tail, or text added since; their items are exported again`,
    );
  }
  await output.rewind(bytes);
}

/** What a completed run leaves past the last checkpoint in a JSON array: its closing bracket. */
function closingOf(state: ExportState): string {
  if (state.format !== 'json') {
    return '';
  }
  return state.items === 0 ? ']\n' : '\n]\n';
}

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

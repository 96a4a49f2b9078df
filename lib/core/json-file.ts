import {randomBytes} from 'node:crypto';
import {open, readFile, rename, rm} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';

/**
 * Small JSON state files (a CLI state, a request's ledger, a service record): read when they may not
 * exist yet, and replaced so that a crash at any point leaves the old file or the new one, never a
 * part.
 */

/** The text of `path`, or `undefined` when it does not exist (ENOENT); any other failure is thrown as it came. */
async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/** How a state file is written: JSON indented by two spaces, with a final newline. */
function jsonFileText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * A temporary name of its own beside `path`, `.<name>.<pid>-<random>.tmp`: two writers never share
 * one, and the pid tells a crashed writer's.
 */
function temporaryPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Where {@link replaceFile} writes, and the points between its steps where a caller (a test's crash hook) acts. */
type ReplaceOptions = {
  /** The temporary file, in the directory of the target. @default {@link temporaryPathOf}(path) */
  readonly temporary?: string | undefined;
  /** Called once the temporary file is open, before anything is written; what it throws fails the write. */
  readonly opened?: (() => void) | undefined;
  /** Called once the temporary file is written, fsynced and closed, before the rename. */
  readonly written?: (() => void) | undefined;
};

/**
 * Puts `text` in place of `path`: written and fsynced under a new temporary file (created with
 * `wx`), closed, then renamed over `path`. On a failure the temporary file is removed and the error
 * thrown as it came; `path` is untouched. The rename survives a power loss only once the directory
 * is fsynced ({@link syncDirectory}).
 */
async function replaceFile(path: string, text: string, options: ReplaceOptions = {}): Promise<void> {
  const temporary = options.temporary ?? temporaryPathOf(path);
  try {
    const file = await open(temporary, 'wx');
    try {
      options.opened?.();
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    options.written?.();
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, {force: true});
    throw error;
  }
}

/** fsyncs a directory, so that a rename in it survives a power loss. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` atomically and durably: {@link replaceFile}, then the directory fsynced so that
 * the rename itself survives a power loss. A crash at any point leaves the old file or the new one.
 */
async function writeFileAtomic(path: string, text: string, temporary?: string): Promise<void> {
  await replaceFile(path, text, {temporary});
  await syncDirectory(dirname(path));
}

export type {ReplaceOptions};
export {jsonFileText, readOptionalFile, replaceFile, syncDirectory, temporaryPathOf, writeFileAtomic};

import {randomBytes} from 'node:crypto';
import {writeFileAtomic as replaceDurably} from '../core/json-file.js';

/**
 * Writes `text` to `path` so that a reader (or a restart after a crash) sees either the old file or
 * the new one, never a part: a temp file in the same directory (`<path>.<pid>.<random>.tmp`, which
 * the store removes when it opens), fsynced, renamed over the target, then the directory fsynced so
 * the rename itself survives a power cut.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await replaceDurably(path, text, `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

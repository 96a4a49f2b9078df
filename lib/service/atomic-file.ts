import {randomBytes} from 'node:crypto';
import {open, rename} from 'node:fs/promises';
import {dirname} from 'node:path';

/**
 * Writes `text` to `path` so that a reader (or a restart after a crash) sees either the old file or
 * the new one, never a part: a temp file in the same directory, fsynced, renamed over the target,
 * then the directory fsynced so the rename itself survives a power cut.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

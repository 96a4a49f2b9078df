import {open, readdir, rename, rm} from 'node:fs/promises';
import {join} from 'node:path';
import {syncDirectory, temporaryPathOf} from '../core/json-file.js';

/** A temporary name beside `path`'s final one: `.<name>.<pid>-<random>.tmp` (the pid tells a crashed writer's). */
export function temporaryPath(directory: string, fileName: string): string {
  return temporaryPathOf(join(directory, fileName));
}

/** Makes a written file durable, then gives it its final name and makes the rename durable too. */
export async function commitFile(temporary: string, directory: string, fileName: string): Promise<void> {
  const file = await open(temporary, 'r');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, join(directory, fileName));
  await syncDirectory(directory);
}

/**
 * Removes the temporary files starting with `prefix` that a process of this host left when it died
 * (SIGKILL, power loss): those whose pid no longer runs. A live writer's file is left alone.
 */
export async function removeOrphans(directory: string, prefix: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(directory)) {
    const pid = name.startsWith(prefix) ? /\.(\d+)-[0-9a-f]{8}\.tmp$/.exec(name)?.[1] : undefined;
    if (pid !== undefined && !isRunning(Number(pid))) {
      await rm(join(directory, name), {force: true});
      removed.push(name);
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

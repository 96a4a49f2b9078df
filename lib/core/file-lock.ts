import {randomBytes} from 'node:crypto';
import {link, open, readdir, readFile, rename, rm} from 'node:fs/promises';
import {hostname} from 'node:os';
import {basename, dirname, join} from 'node:path';
import {FileError} from './file-error.js';

/** Who holds a state file's lock, as written into `<state>.lock`. */
export type LockHolder = {readonly pid: number; readonly hostname: string; readonly startedAt: string};

/** A held lock; `release()` removes it (every exit path of a run calls it). */
export type StateLock = {release(): Promise<void>};

/** Options of {@link lockFile}. */
export type LockFileOptions = {
  /** Told when a stale lock is taken over, in a sentence naming its holder. */
  readonly notify: (text: string) => void;
  /**
   * A test hook, asked before the holder is written into a new lock file: the error that write
   * must fail with, if any (the CLI's crash-safety tests inject `ENOSPC` there).
   */
  readonly fault?: (() => Error | undefined) | undefined;
};

/**
 * Another run holds the state file's lock (exit code 1). `holder` is `undefined` when the lock file
 * names no process (empty or unreadable).
 */
export class StateLockedError extends Error {
  override name = 'StateLockedError';
  readonly code = 'ERR_STATE_LOCKED';
  readonly holder: LockHolder | undefined;

  constructor(statePath: string, lockPath: string, holder: LockHolder | undefined) {
    super(
      holder === undefined
        ? `State file ${statePath} is locked by ${lockPath}, which names no process (empty or unreadable); if no other export is running, remove ${lockPath}`
        : `State file ${statePath} is in use by another export: pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}; wait for it to finish (if that process is gone, remove ${lockPath})`,
    );
    this.holder = holder;
  }
}

/**
 * Takes the exclusive lock of a state file: `<state>.lock`, created with `O_EXCL` and holding this
 * process's pid, host name and start time. A lock whose holder is a dead process of this host (a
 * run that was SIGKILLed or hard-exited) is stale: it is taken over, and `notify` says so. Any
 * other existing lock is a {@link StateLockedError}; a lock that cannot be created or written is a
 * {@link FileError}. With the lock held, the temporary files that crashed writers of this state
 * left beside it (`.<state name>.*.tmp`) are removed.
 *
 * @example
 * ```ts
 * const lock = await lockFile('exports/events.state.json', {notify: console.error});
 * try { ... } finally { await lock.release(); }
 * ```
 */
export async function lockFile(statePath: string, options: LockFileOptions): Promise<StateLock> {
  const path = `${statePath}.lock`;
  const me: LockHolder = {pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString()};
  await acquire({statePath, path, me, ...options}, true);
  const directory = dirname(statePath);
  const prefix = `.${basename(statePath)}.`;
  for (const name of await readdir(directory)) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) {
      await rm(join(directory, name), {force: true});
    }
  }
  return {release: () => rm(path, {force: true})};
}

type Attempt = LockFileOptions & {
  readonly statePath: string;
  readonly path: string;
  readonly me: LockHolder;
};

async function acquire(attempt: Attempt, takeover: boolean): Promise<void> {
  const {statePath, path, notify} = attempt;
  if (await create(attempt)) {
    return;
  }
  // Unreadable (a directory, or removed meanwhile) counts as a lock naming no process.
  const seen = await readFile(path, 'utf8').catch(() => '');
  const holder = parseHolder(seen);
  // One takeover only: a lock that is there again afterwards was created by a live run.
  if (!takeover || holder === undefined || !isStale(holder)) {
    throw new StateLockedError(statePath, path, holder);
  }
  notify(
    `removing the stale lock ${path} of pid ${holder.pid} (started ${holder.startedAt}), which is no longer running`,
  );
  await takeOver(path, seen);
  await acquire(attempt, false);
}

/** Creates the lock file; `false` when it exists. */
async function create({path, me, fault}: Attempt): Promise<boolean> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw new FileError('create the lock file', path, error);
  }
  try {
    const failure = fault?.();
    if (failure !== undefined) {
      throw failure;
    }
    await file.writeFile(`${JSON.stringify(me)}\n`);
  } catch (error) {
    await rm(path, {force: true});
    throw new FileError('write the lock file', path, error);
  } finally {
    await file.close();
  }
  return true;
}

/**
 * Removes a stale lock whose content was `seen`, without ever removing a live one: the lock is first
 * renamed aside (atomic), and put back if it turns out to be another run's fresh lock.
 */
export async function takeOver(path: string, seen: string): Promise<void> {
  const aside = join(
    dirname(path),
    `.${basename(path)}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await rename(path, aside);
  } catch {
    // Gone already: released or taken over by another run; creating it again decides.
    return;
  }
  try {
    if ((await readFile(aside, 'utf8')) !== seen) {
      await link(aside, path);
    }
  } finally {
    await rm(aside, {force: true});
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as Partial<LockHolder> | null;
    return Number.isSafeInteger(holder?.pid) &&
      (holder?.pid as number) > 0 &&
      typeof holder?.hostname === 'string'
      ? {pid: holder.pid as number, hostname: holder.hostname, startedAt: String(holder.startedAt)}
      : undefined;
  } catch {
    return undefined;
  }
}

/** A holder on this host whose process no longer exists (`EPERM`: it exists, as another user). */
function isStale(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) {
    return false;
  }
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

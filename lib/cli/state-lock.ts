import {lockFile, type StateLock} from '../core/file-lock.js';
import type {CrashHook} from './crash-hook.js';

export type {LockHolder, StateLock} from '../core/file-lock.js';
export {StateLockedError, takeOver} from '../core/file-lock.js';

/**
 * Takes the exclusive lock of `--state`'s file (see {@link lockFile}: `<state>.lock`, a dead run's
 * lock taken over, a live one a `StateLockedError`), with the crash-safety tests' `lock` fault point.
 */
export function lockState(
  statePath: string,
  crash: CrashHook,
  notify: (text: string) => void,
): Promise<StateLock> {
  return lockFile(statePath, {notify, fault: () => crash.fault('lock')});
}

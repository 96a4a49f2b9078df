/** The moments of a checkpoint at which a test can make the CLI kill itself. */
export type CrashPhase = 'write' | 'sync' | 'state-temp' | 'state';

/**
 * The file operations a test can make fail: `write` (a batch of the output), `sync` (the output's
 * fsync), `state-temp` (writing the new state under its temporary name, before the rename) and
 * `state` (the directory fsync after the rename: the new state is already in place) and `lock`
 * (writing the holder into a new lock file).
 */
export type FaultPoint = 'write' | 'sync' | 'state-temp' | 'state' | 'lock';

/**
 * The test hook of the crash-safety tests. Called after each {@link CrashPhase} (it may kill the
 * process there); its `fault` is asked before each {@link FaultPoint} and returns the error that
 * operation must fail with, if any. `data` is the batch about to be written.
 */
export type CrashHook = {
  (phase: CrashPhase): void;
  fault(point: FaultPoint, data?: Buffer): Error | undefined;
};

/** The environment variable that arms the kill, e.g. `EXPORT_STREAM_CRASH_AT=state-temp:3`. */
export const CRASH_VARIABLE = 'EXPORT_STREAM_CRASH_AT';

/** The environment variable that arms a fault, e.g. `EXPORT_STREAM_FAIL_AT=write:2:ENOSPC`. */
export const FAULT_VARIABLE = 'EXPORT_STREAM_FAIL_AT';

const points = 'write|sync|state-temp|state|lock';

/**
 * A test hook for the crash-safety tests: with `EXPORT_STREAM_CRASH_AT=<phase>:<n>` the process
 * SIGKILLs itself right after the n-th `write` (data written, not yet fsynced), `sync` (data
 * fsynced, state not yet written), `state-temp` (new state fsynced under its temporary name, not
 * yet renamed) or `state` (state renamed into place), by calling `kill` (the bin passes a SIGKILL
 * of its own process). With `EXPORT_STREAM_FAIL_AT=<point>:<n>[:<CODE>]` the n-th operation at
 * that {@link FaultPoint} fails with an error of that code (default `ENOSPC`), as a full disk
 * would: a failing `write` first writes half of its batch. Without the variables it does nothing.
 */
export function crashHook(env: Readonly<Record<string, string | undefined>>, kill: () => void): CrashHook {
  const crash = armed(env[CRASH_VARIABLE]);
  const fault = armed(env[FAULT_VARIABLE]);
  return Object.assign(
    (phase: CrashPhase) => {
      if (crash?.hit(phase) === true) {
        kill();
      }
    },
    {
      fault: (point: FaultPoint) =>
        fault?.hit(point) === true ? injectedError(fault.code ?? 'ENOSPC', point) : undefined,
    },
  );
}

/** An error shaped like the one `fs` raises, e.g. `ENOSPC: no space left on device (injected), write`. */
export function injectedError(code: string, point: FaultPoint): NodeJS.ErrnoException {
  const syscall = point === 'sync' || point === 'state' ? 'fsync' : 'write';
  const text = code === 'ENOSPC' ? 'no space left on device' : 'injected failure';
  return Object.assign(new Error(`${code}: ${text} (injected), ${syscall}`), {code, syscall});
}

/** Throws `failure` when the hook injected one (see {@link CrashHook}'s `fault`). */
export function raise(failure: Error | undefined): void {
  if (failure !== undefined) {
    throw failure;
  }
}

function armed(spec: string | undefined) {
  const match = new RegExp(`^(${points}):(\\d+)(?::([A-Z]+))?$`).exec(spec ?? '');
  if (match === null) {
    return undefined;
  }
  let remaining = Number(match[2]);
  return {code: match[3], hit: (at: string) => at === match[1] && --remaining === 0};
}

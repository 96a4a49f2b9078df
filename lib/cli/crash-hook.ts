/** The moments of a checkpoint at which a test can make the CLI kill itself. */
export type CrashPhase = 'write' | 'sync' | 'state-temp' | 'state';

/** Called after each phase; kills the process at the configured occurrence. */
export type CrashHook = (phase: CrashPhase) => void;

/** The environment variable that arms the hook, e.g. `EXPORT_STREAM_CRASH_AT=state-temp:3`. */
export const CRASH_VARIABLE = 'EXPORT_STREAM_CRASH_AT';

/**
 * A test hook for the crash-safety tests: with `EXPORT_STREAM_CRASH_AT=<phase>:<n>` the process
 * SIGKILLs itself right after the n-th `write` (data written, not yet fsynced), `sync` (data
 * fsynced, state not yet written), `state-temp` (new state fsynced under its temporary name, not
 * yet renamed) or `state` (state renamed into place), by calling `kill` (the bin passes a SIGKILL
 * of its own process). Without the variable it does nothing.
 */
export function crashHook(env: Readonly<Record<string, string | undefined>>, kill: () => void): CrashHook {
  const match = /^(write|sync|state-temp|state):(\d+)$/.exec(env[CRASH_VARIABLE] ?? '');
  if (match === null) {
    return () => {};
  }
  const phase = match[1] as CrashPhase;
  let remaining = Number(match[2]);
  return (at) => {
    if (at === phase && --remaining === 0) {
      kill();
    }
  };
}

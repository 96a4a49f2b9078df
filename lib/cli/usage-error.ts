/**
 * A bad command line: an unknown flag, a malformed value, a state file from another export.
 * The CLI prints it on one line with a pointer to `--help` and exits with 2.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly code = 'ERR_USAGE';
  /** The command whose `--help` explains the fix, e.g. `events`; `undefined` for the top level. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

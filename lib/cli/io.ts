import type {Readable, Writable} from 'node:stream';

/**
 * Everything a command touches outside itself, injected so that tests run commands in-process.
 */
export type CliIo = {
  /** Where `--api-key-file -` reads the key from. @default process.stdin */
  readonly stdin?: Readable;
  readonly stdout: Writable;
  /** Progress lines are drawn only when `isTTY` is true. */
  readonly stderr: Writable & {readonly isTTY?: boolean};
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths are resolved against it. */
  readonly cwd: string;
  /** Aborted with `'SIGINT'` or `'SIGTERM'` as its reason to stop gracefully. */
  readonly signal: AbortSignal;
  /** What the crash test hook calls to die (see `crashHook`): the bin SIGKILLs itself. */
  readonly kill: () => void;
};

/** A command: its flags and help, and what it does. Returns the exit code. */
export type Command = {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly flags: import('./arguments.js').FlagSpecs;
  readonly examples: readonly string[];
  /** `export-stream <provider> <resource>`: the commands named `<provider> <resource>`, one per resource. */
  readonly subcommands?: readonly Command[];
  /** Its `--help` text when it is not built from the flags (a provider's). */
  readonly help?: () => string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
};

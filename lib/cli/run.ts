import {InvalidOptionError} from '../index.js';
import {demoCommand} from './demo-command.js';
import {exportCommand} from './export-command.js';
import {commandHelp, mainHelp} from './help.js';
import type {CliIo, Command} from './io.js';
import {shown} from './secret.js';
import {simulateCommand} from './simulate-command.js';
import {UsageError} from './usage-error.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = Object.freeze([
  exportCommand('events'),
  exportCommand('sessions'),
  exportCommand('users'),
  simulateCommand,
  demoCommand,
]);

/**
 * Runs the CLI in-process and resolves to its exit code: 0 done, 1 an API or runtime error,
 * 2 a usage error, 130/143 stopped by SIGINT/SIGTERM (through `io.signal`). Data goes to
 * `io.stdout`; progress, summaries and errors to `io.stderr`.
 *
 * @example
 * ```ts
 * const code = await run(['events', '--limit', '10'], {stdout, stderr, env: process.env, cwd: process.cwd()});
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error: the help goes to stderr, where errors go.
    io.stderr.write(mainHelp(COMMANDS));
    return 2;
  }
  if (name === '--help' || name === '-h') {
    io.stdout.write(mainHelp(COMMANDS));
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (command === undefined) {
      // Shown only when it cannot be a secret: a key pasted first would otherwise be echoed.
      throw new UsageError(
        `Unknown command ${shown(name, [io.env.CROCT_API_KEY ?? ''])}; expected one of ${COMMANDS.map((c) => c.name).join(', ')}`,
      );
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    return report(error, command?.name, io);
  }
}

/** Prints an error as `Name [CODE]: message` (plus a `--help` pointer for usage errors); returns the exit code. */
export function report(error: unknown, command: string | undefined, io: CliIo): number {
  const usage = error instanceof UsageError || error instanceof InvalidOptionError;
  const {name, code, message} =
    error instanceof Error ? (error as Error & {code?: unknown}) : describe(error);
  io.stderr.write(`${name}${code === undefined ? '' : ` [${String(code)}]`}: ${message}\n`);
  if (usage) {
    io.stderr.write(`Run \`export-stream ${command === undefined ? '' : `${command} `}--help\` for usage.\n`);
    return 2;
  }
  return 1;
}

function describe(value: unknown): {name: string; code: undefined; message: string} {
  return {name: 'Error', code: undefined, message: String(value)};
}

import {InvalidOptionError} from '../index.js';
import {demoCommand} from './demo-command.js';
import {exportCommand} from './export-command.js';
import {commandHelp, mainHelp} from './help.js';
import type {CliIo, Command} from './io.js';
import {providerCommand} from './provider-command.js';
import {croct} from './providers/croct.js';
import {PROVIDERS} from './providers/registry.js';
import {runCommand} from './run-command.js';
import {shown} from './secret.js';
import {environmentSecrets} from './secret-credentials.js';
import {serveCommand} from './serve-command.js';
import {simulateCommand} from './simulate-command.js';
import {UsageError} from './usage-error.js';
import {validateCommand} from './validate-command.js';
import {workerCommand} from './worker-command.js';

/**
 * Every command, in the order `--help` lists them: Croct's resources as shorthands
 * (`export-stream events` is `export-stream croct events`), one command per provider, then the rest.
 */
export const COMMANDS: readonly Command[] = Object.freeze([
  ...croct.resources.map((resource) => exportCommand(croct, resource, resource.name)),
  ...PROVIDERS.map(providerCommand),
  runCommand,
  validateCommand,
  simulateCommand,
  demoCommand,
  serveCommand,
  workerCommand,
]);

/**
 * Runs the CLI in-process and resolves to its exit code: 0 done, 1 an API or runtime error,
 * 2 a usage error, 130/143 stopped by SIGINT/SIGTERM (through `io.signal`). Data goes to
 * `io.stdout`; progress, summaries and errors to `io.stderr`.
 *
 * @example
 * ```ts
 * const code = await run(['openpanel', 'events', '--limit', '10'], {stdout, stderr, env: process.env, cwd: process.cwd()});
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error: the help goes to stderr, where errors go.
    io.stderr.write(mainHelp(COMMANDS, PROVIDERS));
    return 2;
  }
  if (name === '--help' || name === '-h') {
    io.stdout.write(mainHelp(COMMANDS, PROVIDERS));
    return 0;
  }
  // Shown only when it cannot be a secret: a key pasted first would otherwise be echoed.
  const secrets = PROVIDERS.flatMap((provider) => environmentSecrets(provider.credentials, io.env));
  let command = COMMANDS.find((candidate) => candidate.name === name);
  let args = rest;
  try {
    if (command === undefined) {
      throw new UsageError(
        `Unknown command ${shown(name, secrets)}; expected one of ${COMMANDS.map((c) => c.name).join(', ')}`,
      );
    }
    // `<provider> <resource>`: the resource picks the subcommand, unless help is asked first.
    const [resource, ...after] = args;
    const {subcommands} = command;
    if (subcommands !== undefined && resource !== undefined && !/^-/.test(resource)) {
      const parent: Command = command;
      command = subcommands.find((candidate) => candidate.name === `${parent.name} ${resource}`);
      if (command === undefined) {
        const names = subcommands.map((candidate) => candidate.name.slice(parent.name.length + 1));
        command = parent;
        throw new UsageError(
          `Unknown ${parent.name} resource ${shown(resource, secrets)}; expected one of ${names.join(', ')}`,
          parent.name,
        );
      }
      args = after;
    }
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(args, io);
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

import {resolve} from 'node:path';
import {type FlagSpecs, type Flags, integerFlag, parseFlags, stringFlag} from './arguments.js';
import type {CliIo, Command} from './io.js';
import {UsageError} from './usage-error.js';

const FLAGS: FlagSpecs = Object.freeze({
  'data-dir': {
    type: 'string',
    value: 'DIR',
    description: 'requests, jobs, ledger and files (shared with the workers); required',
  },
  port: {type: 'string', value: 'N', description: 'port to listen on, 0 for any free one; default: 8080'},
  host: {type: 'string', value: 'HOST', description: 'interface to listen on; default: 127.0.0.1'},
  tokens: {
    type: 'string',
    value: 'FILE',
    description: 'users: {users: [{id, tokenSha256, env}]}; default: EXPORT_SERVICE_TOKENS',
  },
  queue: {
    type: 'string',
    value: 'URL',
    description: 'redis://HOST:PORT: run jobs on BullMQ workers (`export-stream worker`)',
  },
  concurrency: {type: 'string', value: 'N', description: 'embedded mode: jobs run at once; default: 2'},
  'max-queued': {
    type: 'string',
    value: 'N',
    description: 'requests with an unfinished job per user; default: 100',
  },
  retention: {
    type: 'string',
    value: 'AGE',
    description: 'how long files are kept: 30m, 12h, 7d…; default: 7d',
  },
  help: {type: 'boolean', short: 'h', description: 'show this help'},
});

/** `export-stream serve`: the export service's API, scheduler and (embedded mode) workers until SIGINT/SIGTERM. */
export const serveCommand: Command = {
  name: 'serve',
  usage: 'export-stream serve --data-dir DIR [--queue redis://HOST:PORT] [options]',
  summary: 'Run the export service: HTTP API, scheduler and, unless --queue is given, the workers.',
  flags: FLAGS,
  examples: [
    'EXPORT_SERVICE_TOKENS="$(cat tokens.json)" export-stream serve --data-dir ./exports',
    'export-stream serve --data-dir /mnt/exports --tokens tokens.json --queue redis://127.0.0.1:6379',
  ],
  run: async (argv, io) => {
    const values = parseFlags(argv, FLAGS, 'serve');
    const flags: Flags = {values, command: 'serve', secrets: []};
    const dataDir = requiredPath(flags, 'data-dir', io);
    const queueUrl = stringFlag(values, 'queue');
    const tokens = stringFlag(values, 'tokens');
    const port = integerFlag(flags, 'port', 0, 65_535) ?? 8080;
    const concurrency = integerFlag(flags, 'concurrency', 1, 64);
    const maxQueued = integerFlag(flags, 'max-queued', 1) ?? 100;
    const retention = durationFlag(flags, 'retention');
    const log = (line: string) => io.stderr.write(`${line}\n`);
    // Loaded here: the other commands never need the service (nor BullMQ).
    const {createService, createBullmqQueue, loadTokens} = await import('../service/index.js');
    const users = await loadTokens(tokens === undefined ? undefined : resolve(io.cwd, tokens), io.env);
    const service = await createService({
      dataDir,
      users,
      port,
      host: stringFlag(values, 'host') ?? '127.0.0.1',
      maxQueued,
      env: io.env,
      log,
      ...(retention === undefined ? {} : {retention}),
      ...(concurrency === undefined ? {} : {concurrency}),
      ...(queueUrl === undefined ? {} : {queue: createBullmqQueue({url: queueUrl})}),
    });
    (await import('../web/index.js')).mountWebPage(service);
    const mode = queueUrl === undefined ? 'embedded workers' : `BullMQ on ${redisHost(queueUrl)}`;
    io.stdout.write(`Export service listening on ${service.url} (${mode}, ${users.length} users)\n`);
    log('Press Ctrl+C to stop.');
    await untilAborted(io.signal);
    await service.close();
    return 0;
  },
};

/** A required directory flag, resolved against the working directory. */
export function requiredPath(flags: Flags, name: string, io: CliIo): string {
  const value = stringFlag(flags.values, name);
  if (value === undefined) {
    throw new UsageError(`Missing \`--${name}\`: write \`--${name} DIR\``, flags.command);
  }
  return resolve(io.cwd, value);
}

const UNITS: Readonly<Record<string, number>> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

/** A duration flag (`500ms`, `30s`, `15m`, `12h`, `7d`) in milliseconds. */
export function durationFlag(flags: Flags, name: string): number | undefined {
  const text = stringFlag(flags.values, name);
  if (text === undefined) {
    return undefined;
  }
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(text);
  if (match === null || Number(match[1]) === 0) {
    throw new UsageError(
      `Expected \`--${name}\` to be a positive duration such as 30m, 12h or 7d, got ${JSON.stringify(text)}`,
      flags.command,
    );
  }
  return Number(match[1]) * UNITS[match[2]!]!;
}

/** The host and port of a Redis URL (already checked by the queue): never its password. */
export function redisHost(url: string): string {
  const {hostname, port} = new URL(url);
  return `${hostname}:${port || 6379}`;
}

/** Resolves when the CLI is asked to stop (SIGINT/SIGTERM). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
    }
    signal.addEventListener('abort', () => resolve(), {once: true});
  });
}

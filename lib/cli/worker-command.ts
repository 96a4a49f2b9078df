import {resolve} from 'node:path';
import {type FlagSpecs, type Flags, integerFlag, parseFlags, stringFlag} from './arguments.js';
import type {Command} from './io.js';
import {durationFlag, redisHost, requiredPath, untilAborted} from './serve-command.js';
import {UsageError} from './usage-error.js';

const FLAGS: FlagSpecs = Object.freeze({
  queue: {
    type: 'string',
    value: 'URL',
    description: 'redis://HOST:PORT, as given to `serve --queue`; required',
  },
  'data-dir': {
    type: 'string',
    value: 'DIR',
    description: 'the data directory shared with `serve` (files go to DIR/files); required',
  },
  tokens: {
    type: 'string',
    value: 'FILE',
    description: 'the same users file as `serve`; default: EXPORT_SERVICE_TOKENS',
  },
  concurrency: {type: 'string', value: 'N', description: 'jobs run at once per provider; default: 1'},
  'lock-duration': {
    type: 'string',
    value: 'AGE',
    description: "a killed worker's job goes to another after this; default: 30s",
  },
  'stalled-interval': {
    type: 'string',
    value: 'AGE',
    description: 'how often to look for such jobs; default: 30s',
  },
  help: {type: 'boolean', short: 'h', description: 'show this help'},
});

/** `export-stream worker`: runs the service's BullMQ jobs until SIGINT/SIGTERM (then finishes the running ones). */
export const workerCommand: Command = {
  name: 'worker',
  usage: 'export-stream worker --queue redis://HOST:PORT --data-dir DIR [options]',
  summary: 'Run export jobs queued by `export-stream serve --queue` (any number of workers, on any machine).',
  flags: FLAGS,
  examples: [
    'export-stream worker --queue redis://127.0.0.1:6379 --data-dir /mnt/exports --tokens tokens.json',
    'export-stream worker --queue redis://10.0.0.5:6379 --data-dir /mnt/exports --concurrency 4',
  ],
  run: async (argv, io) => {
    const values = parseFlags(argv, FLAGS, 'worker');
    const flags: Flags = {values, command: 'worker', secrets: []};
    const url = stringFlag(values, 'queue');
    if (url === undefined) {
      throw new UsageError('Missing `--queue`: write `--queue redis://HOST:PORT`', 'worker');
    }
    const dataDir = requiredPath(flags, 'data-dir', io);
    const tokens = stringFlag(values, 'tokens');
    const concurrency = integerFlag(flags, 'concurrency', 1, 64) ?? 1;
    const lockDuration = durationFlag(flags, 'lock-duration');
    const stalledInterval = durationFlag(flags, 'stalled-interval');
    const {startBullmqWorker, loadTokens} = await import('../service/index.js');
    const {notificationEnv} = await import('../service/service.js');
    const users = await loadTokens(tokens === undefined ? undefined : resolve(io.cwd, tokens), io.env);
    const worker = await startBullmqWorker({
      url,
      dataDir,
      users,
      concurrency,
      env: notificationEnv(io.env),
      ...(lockDuration === undefined ? {} : {lockDuration}),
      ...(stalledInterval === undefined ? {} : {stalledInterval}),
    });
    io.stdout.write(`Export worker ready on ${redisHost(url)} (concurrency ${concurrency} per provider)\n`);
    await untilAborted(io.signal);
    await worker.close();
    return 0;
  },
};

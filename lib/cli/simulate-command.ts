import {InvalidOptionError} from '../index.js';
import type {Simulator, SimulatorOptions} from '../simulator/index.js';
import {type FlagSpecs, type Flags, integerFlag, parseFlags, received, stringFlag} from './arguments.js';
import type {CliIo, Command} from './io.js';
import {looksLikeSecret} from './secret.js';
import {UsageError} from './usage-error.js';

const FLAGS: FlagSpecs = Object.freeze({
  port: {type: 'string', value: 'N', description: 'port to listen on, 0 for any free one; default: 4000'},
  host: {type: 'string', value: 'HOST', description: 'loopback interface to listen on; default: 127.0.0.1'},
  seed: {type: 'string', value: 'N', description: 'seed of the data, ids, cursors and faults; default: 1'},
  events: {type: 'string', value: 'N', description: 'events at start; default: 1000'},
  sessions: {type: 'string', value: 'N', description: 'sessions they belong to; default: events / 10'},
  users: {type: 'string', value: 'N', description: 'users the sessions belong to; default: sessions / 3'},
  live: {type: 'string', value: 'N', description: 'keep adding N events per second'},
  latency: {type: 'string', value: 'MS', description: 'delay before each list response; default: 0'},
  'fault-rate': {
    type: 'string',
    value: 'P',
    description: 'share of list requests that fail (0 to 1); default: 0',
  },
  'api-key': {
    type: 'string',
    value: 'KEY',
    description: 'the accepted API key (a UUID v4); default: derived from the seed',
  },
  help: {type: 'boolean', short: 'h', description: 'show this help'},
});

/** `export-stream simulate`: the simulator in the foreground until SIGINT or SIGTERM. */
export const simulateCommand: Command = {
  name: 'simulate',
  usage: 'export-stream simulate [options]',
  summary: 'Run a local simulator of the Croct Export API and print its URL and API key.',
  flags: FLAGS,
  examples: [
    'export-stream simulate --events 100000 --live 50',
    'export-stream simulate --port 0 --fault-rate 0.2 --latency 30',
  ],
  run: async (argv, io) => {
    const secrets = [io.env.CROCT_API_KEY ?? ''];
    const values = parseFlags(argv, FLAGS, 'simulate', secrets);
    const options = simulatorOptions({
      values,
      command: 'simulate',
      secrets: [...secrets, stringFlag(values, 'api-key') ?? ''],
    });
    let simulator: Simulator;
    try {
      // Loaded here, not at start-up: the export commands never need the simulator (about 50 ms).
      const {createSimulator} = await import('../simulator/index.js');
      simulator = await createSimulator(options);
    } catch (error) {
      // Bad options throw before anything listens; listen failures are runtime errors.
      if (error instanceof InvalidOptionError) {
        throw simulatorUsageError(error);
      }
      throw error;
    }
    io.stdout.write(
      `Croct Export API simulator listening on ${simulator.url}\nAPI key: ${simulator.apiKey}\n` +
        `Try: CROCT_API_KEY=${simulator.apiKey} export-stream events --base-url ${simulator.url} --limit 5\n`,
    );
    io.stderr.write('Press Ctrl+C to stop.\n');
    await untilAborted(io);
    await simulator.close();
    io.stderr.write(`Simulator stopped after ${simulator.stats.requests} requests.\n`);
    return 0;
  },
};

function simulatorOptions(flags: Flags): SimulatorOptions {
  const {values} = flags;
  const integer = (name: string, min: number, max?: number) => integerFlag(flags, name, min, max);
  const options: SimulatorOptions = {port: integer('port', 0, 65_535) ?? 4000};
  const set = <K extends keyof SimulatorOptions>(key: K, value: SimulatorOptions[K] | undefined) => {
    if (value !== undefined) {
      options[key] = value;
    }
  };
  set('host', hostFlag(flags));
  set('seed', integer('seed', 0));
  set('events', integer('events', 1));
  set('sessions', integer('sessions', 1));
  set('users', integer('users', 1));
  const live = decimal(flags, 'live');
  set('live', live === undefined ? undefined : {eventsPerSecond: live});
  set('latency', integer('latency', 0, 60_000));
  const faultRate = decimal(flags, 'fault-rate');
  set('faults', faultRate === undefined ? undefined : {rate: faultRate});
  set('apiKey', stringFlag(values, 'api-key'));
  return options;
}

/**
 * The simulator quotes a host it refuses; one that looks like a secret is refused here, unquoted.
 * Such a value is never a loopback address (those are short, or dotted, or without digits).
 */
function hostFlag(flags: Flags): string | undefined {
  const host = stringFlag(flags.values, 'host');
  if (host !== undefined && looksLikeSecret(host, flags.secrets)) {
    throw new UsageError(
      `Expected \`--host\` to be ${flagExpectations.host}, got ${received(flags, host)}`,
      'simulate',
    );
  }
  return host;
}

function decimal(flags: Flags, name: string): number | undefined {
  const text = stringFlag(flags.values, name);
  if (text === undefined) {
    return undefined;
  }
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new UsageError(
      `Expected \`--${name}\` to be a non-negative number, got ${received(flags, text)}`,
      'simulate',
    );
  }
  return Number(text);
}

function untilAborted({signal}: CliIo): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
    }
    signal.addEventListener('abort', () => resolve(), {once: true});
  });
}

/** The simulator options the command line sets, as the flags that set them. */
const flagNames: Readonly<Record<string, string>> = {
  host: '--host',
  port: '--port',
  seed: '--seed',
  events: '--events',
  sessions: '--sessions',
  users: '--users',
  'live.eventsPerSecond': '--live',
  latency: '--latency',
  'faults.rate': '--fault-rate',
  apiKey: '--api-key',
};

/** What a flag takes where the library's wording names a setting the command line does not have. */
const flagExpectations: Readonly<Record<string, string>> = {
  host: 'a loopback address such as 127.0.0.1 or localhost (the command line serves loopback only)',
};

/**
 * The simulator's {@link InvalidOptionError} as a usage error naming the flag, built from the
 * error's fields. Its `received` never shows a key (the simulator describes keys by length) nor
 * a host that looks like a secret (refused before, unquoted).
 */
export function simulatorUsageError(error: InvalidOptionError): UsageError {
  const name = flagNames[error.option] ?? error.option;
  const expected = flagExpectations[error.option] ?? error.expected;
  return new UsageError(`Expected \`${name}\` to be ${expected}, got ${error.received}`, 'simulate');
}

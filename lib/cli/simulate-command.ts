import type {Simulator, SimulatorOptions} from '../simulator/index.js';
import {type FlagSpecs, type FlagValues, integerFlag, parseFlags, stringFlag} from './arguments.js';
import type {CliIo, Command} from './io.js';
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
    const options = simulatorOptions(parseFlags(argv, FLAGS, 'simulate'));
    let simulator: Simulator;
    try {
      // Loaded here, not at start-up: the export commands never need the simulator (about 50 ms).
      const {createSimulator} = await import('../simulator/index.js');
      simulator = await createSimulator(options);
    } catch (error) {
      // Bad options throw TypeError/RangeError before anything listens; listen failures are runtime errors.
      if (error instanceof TypeError || error instanceof RangeError) {
        throw new UsageError(asFlags(error.message), 'simulate');
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

function simulatorOptions(values: FlagValues): SimulatorOptions {
  const integer = (name: string, min: number, max?: number) =>
    integerFlag(values, name, 'simulate', min, max);
  const options: SimulatorOptions = {port: integer('port', 0, 65_535) ?? 4000};
  const set = <K extends keyof SimulatorOptions>(key: K, value: SimulatorOptions[K] | undefined) => {
    if (value !== undefined) {
      options[key] = value;
    }
  };
  set('host', stringFlag(values, 'host'));
  set('seed', integer('seed', 0));
  set('events', integer('events', 1));
  set('sessions', integer('sessions', 1));
  set('users', integer('users', 1));
  const live = decimal(values, 'live');
  set('live', live === undefined ? undefined : {eventsPerSecond: live});
  set('latency', integer('latency', 0, 60_000));
  const faultRate = decimal(values, 'fault-rate');
  set('faults', faultRate === undefined ? undefined : {rate: faultRate});
  set('apiKey', stringFlag(values, 'api-key'));
  return options;
}

function decimal(values: FlagValues, name: string): number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) {
    return undefined;
  }
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new UsageError(
      `Expected \`--${name}\` to be a non-negative number, got ${JSON.stringify(text)}`,
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

/** The simulator's option names in its messages, as the flags that set them. */
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

const optionPattern = new RegExp(`\`(${Object.keys(flagNames).join('|').replaceAll('.', '\\.')})\``, 'g');

function asFlags(message: string): string {
  return message
    .replace(' unless `allowNonLoopback` is true', ' (the command line serves loopback only)')
    .replace(optionPattern, (_whole, name: string) => `\`${flagNames[name]}\``);
}

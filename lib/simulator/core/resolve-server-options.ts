import {isIP} from 'node:net';
import {InvalidOptionError} from '../../core/errors.js';
import {faultKind, integer, list, numberIn, object, retryAfter} from './guards.js';
import type {ResolvedFaults, ResolvedServerOptions, ScheduledFault, ServerOptions} from './options.js';
import {FAULT_KINDS} from './options.js';

/** The defaults of {@link ServerOptions}. */
const SERVER_DEFAULTS = Object.freeze({
  seed: 1,
  latency: 0,
  bytesPerSecond: Number.POSITIVE_INFINITY,
  faultRate: 0,
  retryAfter: 1,
  logLimit: 10_000,
  host: '127.0.0.1',
  port: 0,
} as const);

function resolveSchedule(value: unknown): Map<number, ScheduledFault> {
  const schedule = new Map<number, ScheduledFault>();

  for (const [index, entry] of list('faults.schedule', value).entries()) {
    const name = `faults.schedule[${index}]`;
    const item = object(name, entry) as Partial<ScheduledFault>;
    const request = integer(`${name}.request`, item.request, 1);
    const fault: ScheduledFault = {request, kind: faultKind(`${name}.kind`, item.kind)};

    if (item.retryAfter !== undefined) {
      fault.retryAfter = retryAfter(`${name}.retryAfter`, item.retryAfter);
    }

    schedule.set(request, fault);
  }

  return schedule;
}

/** Checks the `faults` option and applies its defaults. */
function resolveFaults(value: unknown): ResolvedFaults {
  const faults = object('faults', value ?? {});
  const kinds = list('faults.kinds', faults.kinds ?? FAULT_KINDS).map((kind, index) =>
    faultKind(`faults.kinds[${index}]`, kind),
  );

  if (kinds.length === 0) {
    throw new InvalidOptionError('faults.kinds', 'a non-empty array', []);
  }

  return {
    rate: numberIn('faults.rate', faults.rate ?? SERVER_DEFAULTS.faultRate, 0, 1),
    kinds,
    retryAfter: retryAfter('faults.retryAfter', faults.retryAfter ?? SERVER_DEFAULTS.retryAfter),
    schedule: resolveSchedule(faults.schedule ?? []),
  };
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') {
    return true;
  }

  return isIP(host) === 4 && host.startsWith('127.');
}

function resolveHost(options: ServerOptions): string {
  const host = options.host ?? SERVER_DEFAULTS.host;

  if (typeof host !== 'string' || host === '') {
    throw new InvalidOptionError('host', 'a host name or IP address', host);
  }

  if (!isLoopback(host) && options.allowNonLoopback !== true) {
    throw new InvalidOptionError('host', 'a loopback address unless `allowNonLoopback` is true', host);
  }

  return host;
}

/** The options every simulator shares: each simulator accepts these and its own, nothing else. */
const SERVER_OPTION_NAMES = Object.freeze([
  'seed',
  'latency',
  'bytesPerSecond',
  'faults',
  'logLimit',
  'host',
  'port',
  'allowNonLoopback',
]);

/**
 * Checks the options every simulator shares and applies their defaults, throwing an
 * `InvalidOptionError` shaped "Expected `latency` to be a number from 0 to 60000, got -1 (number)".
 */
function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  return {
    seed: integer('seed', options.seed ?? SERVER_DEFAULTS.seed, 0),
    latency: numberIn('latency', options.latency ?? SERVER_DEFAULTS.latency, 0, 60_000),
    bytesPerSecond: numberIn(
      'bytesPerSecond',
      options.bytesPerSecond ?? SERVER_DEFAULTS.bytesPerSecond,
      1,
      Number.POSITIVE_INFINITY,
    ),
    faults: resolveFaults(options.faults),
    logLimit: integer('logLimit', options.logLimit ?? SERVER_DEFAULTS.logLimit, 0),
    host: resolveHost(options),
    port: integer('port', options.port ?? SERVER_DEFAULTS.port, 0, 65_535),
  };
}

export {resolveFaults, resolveServerOptions, SERVER_DEFAULTS, SERVER_OPTION_NAMES};

import {isIP} from 'node:net';
import {inspect} from 'node:util';
import type {FaultKind, ResolvedOptions, RetryAfter, ScheduledFault, SimulatorOptions} from './options.js';
import {DEFAULTS, FAULT_KINDS} from './options.js';
import {encodeId, isUuidV4, Stream} from './random.js';

/** The largest item count: ids encode the index in 32 bits. */
const MAX_ITEMS = 4_294_967_295;

type ErrorClass = new (message: string) => Error;

function fail(ErrorType: ErrorClass, name: string, expected: string, received: string): never {
  throw new ErrorType(`Expected \`${name}\` to be ${expected}, got ${received}`);
}

function show(value: unknown): string {
  return inspect(value, {depth: 1, breakLength: Number.POSITIVE_INFINITY});
}

function integer(name: string, value: unknown, min: number, max: number): number {
  const expected = `an integer from ${min} to ${max}`;

  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(TypeError, name, expected, show(value));
  }

  if (value < min || value > max) {
    fail(RangeError, name, expected, show(value));
  }

  return value;
}

function number(name: string, value: unknown, expected: string, valid: (value: number) => boolean): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    fail(TypeError, name, expected, show(value));
  }

  if (!valid(value)) {
    fail(RangeError, name, expected, show(value));
  }

  return value;
}

function apiKey(name: string, value: unknown): string {
  // The key itself is a secret: describe what was received without echoing it.
  if (typeof value !== 'string') {
    fail(TypeError, name, 'a UUID v4 string', typeof value);
  }

  if (!isUuidV4(value)) {
    fail(TypeError, name, 'a UUID v4 string', `a string of ${value.length} characters that is not one`);
  }

  return value.toLowerCase();
}

function retryAfter(name: string, value: unknown): RetryAfter {
  if (value === 'http-date') {
    return value;
  }

  return integer(name, value, 0, 86_400);
}

function faultKind(name: string, value: unknown): FaultKind {
  if (!(FAULT_KINDS as readonly unknown[]).includes(value)) {
    fail(TypeError, name, `one of ${FAULT_KINDS.map((kind) => `'${kind}'`).join(', ')}`, show(value));
  }

  return value as FaultKind;
}

function list(name: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) {
    fail(TypeError, name, 'an array', show(value));
  }

  return value;
}

function resolveFaults(options: SimulatorOptions['faults']): ResolvedOptions['faults'] {
  const faults = options ?? {};
  const schedule = new Map<number, ScheduledFault>();

  for (const [index, entry] of list('faults.schedule', faults.schedule ?? []).entries()) {
    const item = (entry ?? {}) as Partial<ScheduledFault>;
    const request = integer(`faults.schedule[${index}].request`, item.request, 1, Number.MAX_SAFE_INTEGER);
    const kind = faultKind(`faults.schedule[${index}].kind`, item.kind);
    const fault: ScheduledFault = {request, kind};

    if (item.retryAfter !== undefined) {
      fault.retryAfter = retryAfter(`faults.schedule[${index}].retryAfter`, item.retryAfter);
    }

    schedule.set(request, fault);
  }

  const kinds = list('faults.kinds', faults.kinds ?? FAULT_KINDS).map((kind, index) =>
    faultKind(`faults.kinds[${index}]`, kind),
  );

  if (kinds.length === 0) {
    fail(RangeError, 'faults.kinds', 'a non-empty array', '[]');
  }

  return {
    rate: number(
      'faults.rate',
      faults.rate ?? DEFAULTS.faultRate,
      'a number from 0 to 1',
      (v) => v >= 0 && v <= 1,
    ),
    kinds,
    retryAfter: retryAfter('faults.retryAfter', faults.retryAfter ?? DEFAULTS.retryAfter),
    schedule,
  };
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') {
    return true;
  }

  return isIP(host) === 4 && host.startsWith('127.');
}

function resolveHost(options: SimulatorOptions): string {
  const host = options.host ?? DEFAULTS.host;

  if (typeof host !== 'string' || host === '') {
    fail(TypeError, 'host', 'a host name or IP address', show(host));
  }

  if (!isLoopback(host) && options.allowNonLoopback !== true) {
    fail(RangeError, 'host', 'a loopback address unless `allowNonLoopback` is true', show(host));
  }

  return host;
}

function resolveMetadata(options: SimulatorOptions): ResolvedOptions['metadata'] {
  const metadata = {...DEFAULTS.metadata, ...options.metadata};

  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      fail(TypeError, `metadata.${key}`, 'a string', show(value));
    }
  }

  return metadata;
}

/**
 * Applies the defaults to the options of `createSimulator` and checks every value, throwing a
 * `TypeError` or `RangeError` shaped "Expected `pageSize` to be an integer from 1 to 1000, got 0".
 */
function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    fail(TypeError, 'options', 'an object', show(options));
  }

  const seed = integer('seed', options.seed ?? DEFAULTS.seed, 0, Number.MAX_SAFE_INTEGER);
  const events = integer('events', options.events ?? DEFAULTS.events, 1, MAX_ITEMS);
  const sessions = integer('sessions', options.sessions ?? Math.max(1, Math.floor(events / 10)), 1, events);
  const users = integer('users', options.users ?? Math.max(1, Math.floor(sessions / 3)), 1, sessions);
  const window = options.window ?? DEFAULTS.window;
  const start = integer('window.start', window.start, 0, Number.MAX_SAFE_INTEGER - 1);
  const end = integer('window.end', window.end, start + 1, Number.MAX_SAFE_INTEGER);
  const key = apiKey('apiKey', options.apiKey ?? encodeId(seed, Stream.apiKey, 0));
  const extra = list('extraApiKeys', options.extraApiKeys ?? []).map((k, i) =>
    apiKey(`extraApiKeys[${i}]`, k),
  );
  const timeUnit = options.timeUnit ?? DEFAULTS.timeUnit;
  const schemaVersion = options.schemaVersion ?? DEFAULTS.schemaVersion;
  const live = options.live ?? false;

  if (timeUnit !== 'milliseconds' && timeUnit !== 'seconds') {
    fail(TypeError, 'timeUnit', "'milliseconds' or 'seconds'", show(timeUnit));
  }

  if (schemaVersion !== '0.7.1' && schemaVersion !== '0.8.0') {
    fail(TypeError, 'schemaVersion', "'0.7.1' or '0.8.0'", show(schemaVersion));
  }

  if (live !== false && (typeof live !== 'object' || live === null)) {
    fail(TypeError, 'live', 'false or {eventsPerSecond}', show(live));
  }

  return {
    seed,
    apiKey: key,
    apiKeys: new Set([key, ...extra]),
    events,
    sessions,
    users,
    window: {start, end},
    timeUnit,
    schemaVersion,
    metadata: resolveMetadata(options),
    live:
      live === false
        ? undefined
        : {
            eventsPerSecond: number(
              'live.eventsPerSecond',
              live.eventsPerSecond,
              'a number above 0 and at most 1000000',
              (v) => v > 0 && v <= 1_000_000,
            ),
          },
    latency: number(
      'latency',
      options.latency ?? DEFAULTS.latency,
      'a number from 0 to 60000',
      (v) => v >= 0 && v <= 60_000,
    ),
    bytesPerSecond: number(
      'bytesPerSecond',
      options.bytesPerSecond ?? DEFAULTS.bytesPerSecond,
      'a number of at least 1',
      (v) => v >= 1,
    ),
    faults: resolveFaults(options.faults),
    logLimit: integer('logLimit', options.logLimit ?? DEFAULTS.logLimit, 0, Number.MAX_SAFE_INTEGER),
    host: resolveHost(options),
    port: integer('port', options.port ?? DEFAULTS.port, 0, 65_535),
  };
}

export {MAX_ITEMS, resolveOptions};

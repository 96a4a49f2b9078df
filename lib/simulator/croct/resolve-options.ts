import {InvalidOptionError} from '../../core/errors.js';
import {knownKeys} from '../../core/validate.js';
import {integer, list, numberIn, object, oneOf, text} from '../core/guards.js';
import {encodeId, isUuidV4, Stream} from '../core/random.js';
import {resolveServerOptions, SERVER_OPTION_NAMES} from '../core/resolve-server-options.js';
import type {ResolvedOptions, SimulatorOptions} from './options.js';
import {DEFAULTS} from './options.js';

/** The largest item count: ids encode the index in 32 bits. */
const MAX_ITEMS = 4_294_967_295;

function apiKey(name: string, value: unknown): string {
  // The key itself is a secret: the message says only its type and length.
  if (typeof value !== 'string' || !isUuidV4(value)) {
    throw new InvalidOptionError(name, 'a UUID v4 string', value, true);
  }

  return value.toLowerCase();
}

function resolveMetadata(options: SimulatorOptions): ResolvedOptions['metadata'] {
  const metadata = {...DEFAULTS.metadata, ...options.metadata};

  for (const [key, value] of Object.entries(metadata)) {
    text(`metadata.${key}`, value, {allowEmpty: true});
  }

  return metadata;
}

function resolveLive(value: unknown): ResolvedOptions['live'] {
  if (value === false) {
    return undefined;
  }

  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionError('live', 'false or {eventsPerSecond}', value);
  }

  const {eventsPerSecond} = value as {eventsPerSecond?: unknown};

  return {
    eventsPerSecond: numberIn(
      'live.eventsPerSecond',
      eventsPerSecond,
      Number.MIN_VALUE,
      1_000_000,
      'a number above 0 and at most 1000000',
    ),
  };
}

function resolveSkew(value: unknown): ResolvedOptions['skew'] {
  if (value === undefined) {
    return undefined;
  }
  const given = object('skew', value) as {share?: unknown; span?: unknown; at?: unknown};
  const inside = 'a number above 0 and below 1';
  const share = numberIn('skew.share', given.share, Number.MIN_VALUE, 1 - Number.EPSILON, inside);
  const span = numberIn('skew.span', given.span, Number.MIN_VALUE, 1 - Number.EPSILON, inside);
  const at = numberIn('skew.at', given.at ?? 0, 0, 1 - span, `a number from 0 to ${1 - span} (1 - span)`);
  return {share, span, at};
}

/**
 * Applies the defaults to the options of `createSimulator` and checks every value, throwing an
 * `InvalidOptionError` shaped "Expected `events` to be an integer from 1 to 4294967295, got 0 (number)".
 */
function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  object('options', options);
  // A misspelt option would otherwise be ignored without a word.
  knownKeys('options', options as Record<string, unknown>, [
    ...SERVER_OPTION_NAMES,
    'apiKey',
    'events',
    'extraApiKeys',
    'live',
    'metadata',
    'schemaVersion',
    'sessions',
    'skew',
    'timeUnit',
    'users',
    'window',
  ]);

  const shared = resolveServerOptions(options);
  const events = integer('events', options.events ?? DEFAULTS.events, 1, MAX_ITEMS);
  const sessions = integer('sessions', options.sessions ?? Math.max(1, Math.floor(events / 10)), 1, events);
  const users = integer('users', options.users ?? Math.max(1, Math.floor(sessions / 3)), 1, sessions);
  const window = object('window', options.window ?? DEFAULTS.window);
  const start = integer('window.start', window.start, 0, Number.MAX_SAFE_INTEGER - 1);
  const end = integer('window.end', window.end, start + 1, Number.MAX_SAFE_INTEGER);
  const key = apiKey('apiKey', options.apiKey ?? encodeId(shared.seed, Stream.apiKey, 0));
  const extra = list('extraApiKeys', options.extraApiKeys ?? []).map((k, i) =>
    apiKey(`extraApiKeys[${i}]`, k),
  );

  return {
    ...shared,
    apiKey: key,
    apiKeys: new Set([key, ...extra]),
    events,
    sessions,
    users,
    window: {start, end},
    skew: resolveSkew(options.skew),
    timeUnit: oneOf('timeUnit', options.timeUnit ?? DEFAULTS.timeUnit, ['milliseconds', 'seconds'] as const),
    schemaVersion: oneOf('schemaVersion', options.schemaVersion ?? DEFAULTS.schemaVersion, [
      '0.7.1',
      '0.8.0',
    ] as const),
    metadata: resolveMetadata(options),
    live: resolveLive(options.live ?? false),
  };
}

export {MAX_ITEMS, resolveOptions};

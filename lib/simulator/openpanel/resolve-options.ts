import {InvalidOptionError} from '../../core/errors.js';
import {knownKeys} from '../../core/validate.js';
import {integer, list, numberIn, object, oneOf, text} from '../core/guards.js';
import {encodeId, hash} from '../core/random.js';
import {resolveServerOptions, SERVER_OPTION_NAMES} from '../core/resolve-server-options.js';
import type {OpenPanelClient, OpenPanelSimulatorOptions, ResolvedOpenPanelOptions} from './options.js';

const DAY = 86_400_000;

/** Room left for inserted events: virtual indexes stay below 2^32. */
const MAX_EVENTS = 4_000_000_000;

const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function builtInClients(seed: number, projectId: string): ResolvedOpenPanelOptions['clients'] {
  const make = (n: number, type: OpenPanelClient['type'], project: string | null, secret = true) => ({
    clientId: encodeId(seed, 26, n),
    clientSecret: secret
      ? `sec_${hash(seed, 27, n).toString(16).padStart(8, '0')}${encodeId(seed, 27, n).slice(0, 8)}`
      : null,
    type,
    projectId: project,
  });
  return {
    read: make(0, 'read', projectId),
    write: make(1, 'write', projectId),
    root: make(2, 'root', projectId),
    unscoped: make(3, 'read', null),
    noSecret: make(4, 'read', projectId, false),
  };
}

function resolveClient(name: string, value: unknown): OpenPanelClient {
  const client = object(name, value);
  const clientId = text(`${name}.clientId`, client.clientId);
  if (!CLIENT_ID.test(clientId)) {
    throw new InvalidOptionError(`${name}.clientId`, 'a lower-case UUID', clientId);
  }
  const secret = client.clientSecret ?? null;
  return {
    clientId,
    // The secret itself never appears in a message: only its type and length.
    clientSecret: secret === null ? null : text(`${name}.clientSecret`, secret, {secret: true}),
    type: oneOf(`${name}.type`, client.type, ['read', 'write', 'root'] as const),
    projectId:
      client.projectId === null || client.projectId === undefined
        ? null
        : text(`${name}.projectId`, client.projectId),
  };
}

function resolveRateLimit(value: unknown): ResolvedOpenPanelOptions['rateLimit'] {
  if (value === false) {
    return undefined;
  }
  const limit = object('rateLimit', value);
  return {
    max: integer('rateLimit.max', limit.max ?? 100, 1),
    windowMs: integer('rateLimit.windowMs', limit.windowMs ?? 10_000, 1, 3_600_000),
  };
}

function resolveLive(value: unknown): ResolvedOpenPanelOptions['live'] {
  if (value === false) {
    return undefined;
  }
  const live = object('live', value);
  return {eventsPerSecond: numberIn('live.eventsPerSecond', live.eventsPerSecond, 0.001, 100_000)};
}

/**
 * Applies the defaults to the options of `createOpenPanelSimulator` and checks every value, throwing an
 * `InvalidOptionError` shaped "Expected `events` to be an integer from 0 to 4000000000, got -1 (number)".
 */
function resolveOpenPanelOptions(
  options: OpenPanelSimulatorOptions = {},
  now = Date.now(),
): ResolvedOpenPanelOptions {
  object('options', options);
  // A misspelt option would otherwise be ignored without a word.
  knownKeys('options', options as Record<string, unknown>, [
    ...SERVER_OPTION_NAMES,
    'clients',
    'events',
    'live',
    'otherProjects',
    'profiles',
    'projectId',
    'rateLimit',
    'sessions',
    'window',
  ]);
  const shared = resolveServerOptions(options);
  const events = integer('events', options.events ?? 10_000, 0, MAX_EVENTS);
  const window = object('window', options.window ?? {start: now - 30 * DAY, end: now});
  const start = integer('window.start', window.start, 0, 8_640_000_000_000_000 - 1);
  const end = integer('window.end', window.end, start + Math.max(1, events), 8_640_000_000_000_000);
  const sessions = integer('sessions', options.sessions ?? Math.max(1, Math.floor(events / 4)), 1);
  const profiles = integer(
    'profiles',
    options.profiles ?? Math.max(1, Math.floor(sessions / 3)),
    1,
    sessions,
  );
  const projectId = text('projectId', options.projectId ?? 'demo');
  const others = list('otherProjects', options.otherProjects ?? ['other']).map((p, i) =>
    text(`otherProjects[${i}]`, p),
  );
  const clients = builtInClients(shared.seed, projectId);
  const extra = list('clients', options.clients ?? []).map((c, i) => resolveClient(`clients[${i}]`, c));
  return {
    ...shared,
    events,
    window: {start, end},
    sessions,
    profiles,
    projectId,
    projects: new Set([projectId, ...others]),
    clients,
    allClients: new Map([...Object.values(clients), ...extra].map((client) => [client.clientId, client])),
    rateLimit: resolveRateLimit(options.rateLimit ?? {}),
    live: resolveLive(options.live ?? false),
  };
}

export {resolveOpenPanelOptions};

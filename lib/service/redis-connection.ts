import {Redis, type RedisOptions} from 'ioredis';
import {InvalidOptionError} from '../core/errors.js';

/**
 * ioredis's options from `redis://[user:password@]host[:port][/db]` (or `rediss://` for
 * TLS). The URL may hold a password: an error shows its form, never the URL.
 */
export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidOptionError('queue', 'a Redis URL such as redis://127.0.0.1:6379', url, true);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InvalidOptionError('queue', 'a Redis URL such as redis://127.0.0.1:6379', url, true);
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db: Number.isInteger(db) ? db : 0,
    ...(parsed.username === '' ? {} : {username: decodeURIComponent(parsed.username)}),
    ...(parsed.password === '' ? {} : {password: decodeURIComponent(parsed.password)}),
    ...(parsed.protocol === 'rediss:' ? {tls: {}} : {}),
    // Workers block on Redis: BullMQ requires this to be null for them.
    maxRetriesPerRequest: null,
  };
}

/**
 * A new connection for one BullMQ Queue, QueueEvents or Worker. BullMQ 6 no longer loads ioredis
 * itself under native ESM (it needs `require`): it takes a client instance, which it does not close.
 */
export function connect(options: RedisOptions): Redis {
  return new Redis(options);
}

/** The providers whose jobs have a queue each, so that one's 429 pauses only its own jobs. */
export const PROVIDER_QUEUES = Object.freeze(['croct', 'openpanel', 'coveo'] as const);

/** The BullMQ queue of a provider's jobs. */
export function queueName(prefix: string, provider: string): string {
  return `${prefix}-${provider}`;
}

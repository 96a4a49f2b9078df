import type {RetryPolicy} from '../core/retry.js';

/** How every attempt of every message is made, resolved once per {@link sendNotifications} call. */
export type DeliverySettings = {
  readonly signal: AbortSignal;
  /** The longest one attempt may take, in milliseconds. */
  readonly timeout: number;
  readonly policy: RetryPolicy;
};

/** Counts the attempts of one message, also when the last one fails. */
export type AttemptCounter = {count: number};

/**
 * The retry policy of notifications: a few retries with a short backoff; a service's own wait
 * (Retry-After, Discord's `retry_after`, Telegram's `parameters.retry_after`) is honoured up to a
 * minute, and one message never spends more than two minutes retrying.
 */
export const notificationRetryPolicy: RetryPolicy = Object.freeze({
  retries: 3,
  minDelay: 500,
  maxDelay: 10_000,
  factor: 2,
  maxRetryAfter: 60_000,
  maxRetryTime: 120_000,
});

/** The default of `timeout`: ten seconds per attempt. */
export const DEFAULT_NOTIFICATION_TIMEOUT = 10_000;

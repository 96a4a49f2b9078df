import pRetry from 'p-retry';
import {ExportError, HttpError} from './errors.js';
import type {RetryEvent} from './types.js';

/** How page requests are retried. Every field is in milliseconds except `retries` and `factor`. */
export type RetryPolicy = {
  /**
   * Retries after the first attempt of one page request (`0` disables retrying).
   * @default 5
   */
  readonly retries: number;
  /**
   * The delay before the first retry, doubled (by `factor`) at each further retry.
   * @default 500
   */
  readonly minDelay: number;
  /**
   * The longest backoff delay.
   * @default 30000
   */
  readonly maxDelay: number;
  /**
   * The growth of the delay between retries.
   * @default 2
   */
  readonly factor: number;
  /**
   * The longest `Retry-After` honoured; a longer one is waited for this long.
   * @default 60000
   */
  readonly maxRetryAfter: number;
  /**
   * The most time spent retrying one page, waits included; past it the last error is thrown.
   * @default 300000
   */
  readonly maxRetryTime: number;
};

/** The defaults of {@link RetryPolicy}. */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  retries: 5,
  minDelay: 500,
  maxDelay: 30_000,
  factor: 2,
  maxRetryAfter: 60_000,
  maxRetryTime: 300_000,
});

/** setTimeout fires at once (with a warning) for longer delays, which would turn a wait into a storm. */
const longestTimer = 2 ** 31 - 1;

const transientStatuses = new Set([408, 429, 500, 502, 503, 504]);
const transientCodes = new Set(['ERR_EXPORT_NETWORK', 'ERR_EXPORT_TIMEOUT', 'ERR_EXPORT_BAD_RESPONSE']);

/** True for failures that another attempt may fix: network, timeouts, bad bodies, 408, 429 and 5xx gateways. */
export function isTransient(error: unknown): boolean {
  if (error instanceof HttpError) {
    return transientStatuses.has(error.status);
  }
  return error instanceof ExportError && transientCodes.has(error.code);
}

/**
 * The wait before retry number `retry` (from 1): the server's `Retry-After` when it sent one (capped
 * at `maxRetryAfter`), otherwise exponential backoff capped at `maxDelay` with "equal jitter"
 * (between half and all of the step) so that many clients do not retry in lockstep.
 */
export function retryDelay(retry: number, policy: RetryPolicy, error: unknown, random = Math.random): number {
  if (error instanceof HttpError && error.retryAfter !== undefined) {
    return Math.min(error.retryAfter, policy.maxRetryAfter, longestTimer);
  }
  const step = Math.min(policy.maxDelay, policy.minDelay * policy.factor ** (retry - 1), longestTimer);
  return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * Parses a `Retry-After` header, delta-seconds or HTTP-date, into milliseconds from `now`.
 * Returns `undefined` for a missing or unparsable value; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') {
    return undefined;
  }
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  // Every HTTP-date form starts with a day name; Date.parse alone would also accept "-1" or "2026".
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms` on the global timers (so tests can mock them); rejects with the signal's reason on abort. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, {once: true});
  });
}

/**
 * Runs `attempt` until it succeeds, a terminal error occurs, or the policy's budget is spent.
 * p-retry counts the attempts and enforces `retries` and `maxRetryTime`; the waiting is ours,
 * because p-retry has no notion of `Retry-After` (its own delay is set to 0).
 */
export function withRetry<R>(
  attempt: (attemptNumber: number) => Promise<R>,
  policy: RetryPolicy,
  signal: AbortSignal,
  onRetry: (event: Omit<RetryEvent, 'cursor'>) => void,
): Promise<R> {
  const started = performance.now();
  return pRetry(attempt, {
    retries: policy.retries,
    maxRetryTime: policy.maxRetryTime,
    minTimeout: 0,
    signal,
    shouldRetry: ({error}) => isTransient(error),
    onFailedAttempt: async ({error, attemptNumber, retriesLeft}) => {
      signal.throwIfAborted();
      if (!isTransient(error) || retriesLeft <= 0) {
        return;
      }
      const delay = retryDelay(attemptNumber, policy, error);
      if (performance.now() - started + delay > policy.maxRetryTime) {
        // Waiting would outlast the retry budget: fail now rather than sleep only to give up.
        throw error;
      }
      onRetry({attempt: attemptNumber, delay, error});
      await sleep(delay, signal);
    },
  });
}

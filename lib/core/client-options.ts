import type {Dispatcher} from 'undici';
import {InvalidOptionError} from './errors.js';
import type {HttpSettings} from './http.js';
import {type RateLimit, RateLimiter, rateLimitOption} from './rate-limit.js';
import {defaultRetryPolicy, type RetryPolicy} from './retry.js';
import {integerOption, knownKeys, numberOption, objectOption, stringOption} from './validate.js';

/**
 * Guards for the settings every provider's client shares (base URL, timeouts, retry policy,
 * dispatcher), so that each provider validates them the same way, with one message shape.
 */

/** The longest delay `setTimeout` can wait. */
const longestTimer = 2 ** 31 - 1;

/** An absolute http(s) URL without credentials, query or fragment; a URL with credentials is not quoted. */
function baseUrlOption(name: string, value: unknown): URL {
  const text = stringOption(name, value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidOptionError(name, 'an absolute http(s) URL', value);
  }
  if (url.username !== '' || url.password !== '') {
    // The password is a secret: the message describes the value without it.
    throw new InvalidOptionError(name, 'an absolute http(s) URL without credentials', text, true);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError(name, 'an absolute http(s) URL without credentials', value);
  }
  url.search = '';
  url.hash = '';
  return url;
}

/** A timeout in milliseconds, from 1 to what a timer can wait. */
function timeoutOption(name: string, value: unknown): number {
  return integerOption(name, value, 1, longestTimer);
}

/** A retry policy: each field falls back to {@link defaultRetryPolicy}; unknown fields are errors. */
function retryOption(value: unknown): RetryPolicy {
  const given = objectOption('retry', value);
  knownKeys('retry', given, Object.keys(defaultRetryPolicy));
  const policy = {...defaultRetryPolicy, ...given};
  return Object.freeze({
    retries: integerOption('retry.retries', policy.retries, 0, 1000),
    minDelay: numberOption('retry.minDelay', policy.minDelay, 0),
    maxDelay: numberOption('retry.maxDelay', policy.maxDelay, 0),
    factor: numberOption('retry.factor', policy.factor, 1),
    maxRetryAfter: numberOption('retry.maxRetryAfter', policy.maxRetryAfter, 0),
    maxRetryTime: numberOption('retry.maxRetryTime', policy.maxRetryTime, 0),
  });
}

/** An undici Dispatcher (Agent, Pool, MockAgent...), or undefined for undici's global one. */
function dispatcherOption(value: unknown): Dispatcher | undefined {
  if (value !== undefined && (typeof value !== 'object' || value === null || !('dispatch' in value))) {
    throw new InvalidOptionError('dispatcher', 'an undici Dispatcher', value);
  }
  return value as Dispatcher | undefined;
}

/** One of a fixed set of strings. */
function oneOf<V extends string>(name: string, value: unknown, allowed: readonly V[]): V {
  if (!allowed.includes(value as V)) {
    throw new InvalidOptionError(name, `one of ${allowed.map((v) => `'${v}'`).join(', ')}`, value);
  }
  return value as V;
}

/**
 * The HTTP settings every provider's client accepts, with the defaults they share; each provider's
 * parameters type extends it (and replaces a field whose default differs, such as Coveo's
 * `requestTimeout`).
 */
type HttpClientParameters = {
  /** How requests are retried (429, 5xx, network failures); each field falls back to {@link defaultRetryPolicy}. */
  readonly retry?: Partial<RetryPolicy> | undefined;
  /**
   * How long to wait for a response's headers, in milliseconds.
   * @default 30000
   */
  readonly headersTimeout?: number | undefined;
  /**
   * The longest silence while a body is arriving, in milliseconds.
   * @default 30000
   */
  readonly bodyTimeout?: number | undefined;
  /**
   * The longest one attempt of a request may take in total, headers and whole body, in
   * milliseconds. A server dripping a byte now and then never trips `bodyTimeout`; this ends the
   * attempt, and it is retried like any timeout.
   * @default 300000
   */
  readonly requestTimeout?: number | undefined;
  /** An undici `Dispatcher` (Agent, Pool, ProxyAgent, MockAgent...) for every request. @default undici's global dispatcher */
  readonly dispatcher?: Dispatcher | undefined;
  /**
   * The `User-Agent` header.
   * @default 'export-stream'
   */
  readonly userAgent?: string | undefined;
};

/** The defaults of the {@link HttpClientParameters} a provider may set otherwise. */
type HttpClientDefaults = {
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
  readonly requestTimeout: number;
  readonly userAgent: string;
};

/** The {@link HttpClientParameters} validated, each absent one replaced by its default. */
type HttpClientOptions = {
  readonly retry: RetryPolicy;
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
  readonly requestTimeout: number;
  readonly dispatcher: Dispatcher | undefined;
  readonly userAgent: string;
};

/**
 * Validates the {@link HttpClientParameters} of a provider's configuration (`given`, already known
 * to be an object), in this order: `retry`, `headersTimeout`, `bodyTimeout`, `requestTimeout`,
 * `dispatcher`, `userAgent`. The first invalid one is an {@link InvalidOptionError} naming it.
 */
function httpClientOptions(
  given: Readonly<Record<string, unknown>>,
  defaults: HttpClientDefaults,
): HttpClientOptions {
  return {
    retry: retryOption(given.retry ?? {}),
    headersTimeout: timeoutOption('headersTimeout', given.headersTimeout ?? defaults.headersTimeout),
    bodyTimeout: timeoutOption('bodyTimeout', given.bodyTimeout ?? defaults.bodyTimeout),
    requestTimeout: timeoutOption('requestTimeout', given.requestTimeout ?? defaults.requestTimeout),
    dispatcher: dispatcherOption(given.dispatcher),
    userAgent: stringOption('userAgent', given.userAgent ?? defaults.userAgent),
  };
}

/** The `rateLimit` option: `false` (no client-side limit) or a {@link RateLimit}. */
function rateLimitSetting(value: unknown): RateLimit | false {
  return value === false ? false : rateLimitOption('rateLimit', value);
}

/** What a provider's HTTP settings add to its {@link HttpClientOptions} and credential headers. */
type HttpSettingsRest = Omit<
  HttpSettings,
  'dispatcher' | 'headers' | 'headersTimeout' | 'bodyTimeout' | 'requestTimeout'
> & {
  /** Sent after the others. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
};

/**
 * A provider client's {@link HttpSettings}: the dispatcher and timeouts of its options, and the
 * headers `credentials`, `accept: application/json`, its `user-agent` and then `rest.headers`.
 */
function clientHttpSettings(
  options: HttpClientOptions,
  credentials: Readonly<Record<string, string>>,
  rest: HttpSettingsRest,
): HttpSettings {
  const {headers, ...settings} = rest;
  return {
    dispatcher: options.dispatcher,
    headers: {...credentials, accept: 'application/json', 'user-agent': options.userAgent, ...headers},
    headersTimeout: options.headersTimeout,
    bodyTimeout: options.bodyTimeout,
    requestTimeout: options.requestTimeout,
    ...settings,
  };
}

/** What {@link limiterRegistry}'s limiters are keyed by, besides the credential. */
type LimitedClient = {
  readonly baseUrl: URL;
  readonly rateLimit: RateLimit | false;
  readonly retry: RetryPolicy;
};

/**
 * A provider's shared rate limiters: the returned function gives the limiter of a client, one per
 * API host, credential and limit (as a server counts), so that every client of one credential in
 * the process shares it; `undefined` when the client's `rateLimit` is `false`. A 429 holds every
 * export of the credential back, but never longer than a retry would wait (`retry.maxRetryAfter`).
 * The map never leaves the registry.
 */
function limiterRegistry(): (client: LimitedClient, credential: string) => RateLimiter | undefined {
  const limiters = new Map<string, RateLimiter>();
  return ({baseUrl, rateLimit, retry}, credential) => {
    if (rateLimit === false) {
      return undefined;
    }
    const key = `${baseUrl.host} ${credential} ${rateLimit.requests}/${rateLimit.interval}`;
    let limiter = limiters.get(key);
    if (limiter === undefined) {
      limiter = new RateLimiter(rateLimit, retry.maxRetryAfter);
      limiters.set(key, limiter);
    }
    return limiter;
  };
}

export type {HttpClientDefaults, HttpClientOptions, HttpClientParameters};
export {
  baseUrlOption,
  clientHttpSettings,
  dispatcherOption,
  httpClientOptions,
  limiterRegistry,
  oneOf,
  rateLimitSetting,
  retryOption,
  timeoutOption,
};

import type {Dispatcher} from 'undici';
import {
  baseUrlOption,
  clientHttpSettings,
  type HttpClientParameters,
  httpClientOptions,
  limiterRegistry,
  rateLimitSetting,
} from '../core/client-options.js';
import {InvalidOptionError} from '../core/errors.js';
import type {HttpSettings} from '../core/http.js';
import type {RateLimit} from '../core/rate-limit.js';
import type {RetryPolicy} from '../core/retry.js';
import {knownKeys, objectOption, stringOption} from '../core/validate.js';
import {describeCoveoProblem} from './problem.js';

/** What {@link CoveoConfiguration} (and `new CoveoApi(...)`) accepts. */
export type CoveoConfigurationParameters = Omit<HttpClientParameters, 'requestTimeout'> & {
  /**
   * An API key or OAuth2 access token, sent as `Authorization: Bearer …` to the API (never to the
   * storage the download redirects to). Creating exports needs the "Analytics - Data exports - Edit"
   * privilege. Never kept on the object, never in an error.
   */
  readonly accessToken: string;
  /**
   * The organization, sent as `org` with every request.
   * @default undefined (Coveo takes it from the API key)
   */
  readonly organizationId?: string | undefined;
  /**
   * The Usage Analytics Read API root; `/v15/exports` is appended to its path.
   * @default 'https://analytics.cloud.coveo.com/rest/ua'
   */
  readonly baseUrl?: string | undefined;
  /**
   * A client-side limit that every request of this token in the process shares, or `false` to send
   * unthrottled. Coveo publishes no rate limit for the Read API; a 429 is honoured through its
   * `Retry-After` and retried whatever this says.
   * @default false
   */
  readonly rateLimit?: RateLimit | false | undefined;
  /**
   * The longest one attempt of a request may take, the download of an export's zip included, in
   * milliseconds; past it the attempt fails as a timeout and is retried.
   * @default 1800000 (30 minutes: a zip can be hundreds of MB)
   */
  readonly requestTimeout?: number | undefined;
};

const defaults = Object.freeze({
  baseUrl: 'https://analytics.cloud.coveo.com/rest/ua',
  headersTimeout: 30_000,
  bodyTimeout: 30_000,
  requestTimeout: 1_800_000,
  userAgent: 'export-stream',
});

const knownParameters = [
  'accessToken',
  'organizationId',
  'baseUrl',
  'rateLimit',
  'retry',
  'headersTimeout',
  'bodyTimeout',
  'requestTimeout',
  'dispatcher',
  'userAgent',
] as const;

/**
 * The Coveo client's settings, validated once. The token is not kept on the object: it is not printed
 * by `console.log` or `JSON.stringify`, and never part of an error.
 *
 * @example
 * ```ts
 * const configuration = new CoveoConfiguration({accessToken, organizationId: 'myorg'});
 * const api = new CoveoApi(configuration);
 * ```
 */
export class CoveoConfiguration {
  readonly organizationId: string | undefined;
  readonly baseUrl: URL;
  readonly rateLimit: RateLimit | false;
  // Set by Object.assign from the shared HTTP options, in the constructor.
  readonly retry!: RetryPolicy;
  readonly headersTimeout!: number;
  readonly bodyTimeout!: number;
  readonly requestTimeout!: number;
  readonly dispatcher!: Dispatcher | undefined;
  readonly userAgent!: string;

  constructor(parameters: CoveoConfigurationParameters) {
    const given = objectOption('configuration', parameters);
    knownKeys('configuration', given, knownParameters);
    tokens.set(this, accessTokenOption(given.accessToken));
    this.organizationId =
      given.organizationId === undefined ? undefined : stringOption('organizationId', given.organizationId);
    this.baseUrl = baseUrlOption('baseUrl', given.baseUrl ?? defaults.baseUrl);
    this.rateLimit = rateLimitSetting(given.rateLimit ?? false);
    Object.assign(this, httpClientOptions(given, defaults));
    Object.freeze(this);
  }
}

// Outside the object, so that no inspection, serialization or spread of a configuration can reach it.
const tokens = new WeakMap<CoveoConfiguration, string>();

// One limiter per token and host, as a server counts.
const sharedLimiter = limiterRegistry();

/** The HTTP settings of every API request, the token and the shared rate limiter included. Internal. */
export function httpSettings(configuration: CoveoConfiguration): HttpSettings {
  const token = tokens.get(configuration)!;
  return clientHttpSettings(
    configuration,
    {authorization: `Bearer ${token}`},
    {secrets: [token], limiter: sharedLimiter(configuration, token), describe: describeCoveoProblem},
  );
}

function accessTokenOption(value: unknown): string {
  // A header value cannot hold control characters or spaces: undici would throw a confusing error later.
  if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value)) {
    throw new InvalidOptionError(
      'accessToken',
      'a non-empty string of printable ASCII without spaces (an API key or OAuth2 token)',
      value,
      true,
    );
  }
  return value;
}

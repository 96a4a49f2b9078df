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
import {describeOpenPanelProblem} from './problem.js';

/** What {@link OpenPanelConfiguration} (and `new OpenPanelApi(...)`) accepts. */
export type OpenPanelConfigurationParameters = HttpClientParameters & {
  /** The client id of a `read` or `root` API client: a lower-case UUID. Sent as `openpanel-client-id`. */
  readonly clientId: string;
  /** The client's secret. Sent as `openpanel-client-secret`; never kept on the object, never in an error. */
  readonly clientSecret: string;
  /**
   * The API host (OpenPanel Cloud, or your self-hosted API); `/export/events` and `/export/charts` are
   * appended to its path.
   * @default 'https://api.openpanel.dev'
   */
  readonly baseUrl?: string | undefined;
  /**
   * The project to export. A `read` client may only name its own project; a `root` client any project
   * of its organization.
   * @default undefined (the client's own project)
   */
  readonly projectId?: string | undefined;
  /**
   * A client-side limit that every request of this client id in the process shares (pages read ahead
   * and retries included), or `false` to send unthrottled. OpenPanel allows 100 requests per 10 s per
   * client id; a 429 is still honoured through its `Retry-After`.
   * @default {requests: 100, interval: 10000}
   */
  readonly rateLimit?: RateLimit | false | undefined;
};

const defaults = Object.freeze({
  baseUrl: 'https://api.openpanel.dev',
  rateLimit: Object.freeze({requests: 100, interval: 10_000}),
  headersTimeout: 30_000,
  bodyTimeout: 30_000,
  requestTimeout: 300_000,
  userAgent: 'export-stream',
});

const knownParameters = [
  'clientId',
  'clientSecret',
  'baseUrl',
  'projectId',
  'rateLimit',
  'retry',
  'headersTimeout',
  'bodyTimeout',
  'requestTimeout',
  'dispatcher',
  'userAgent',
] as const;

// OpenPanel's own check (validateExportRequest): lower-case hex only.
const clientIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The OpenPanel client's settings, validated once. The secret is not kept on the object: it is not
 * printed by `console.log` or `JSON.stringify`, and never part of an error.
 *
 * @example
 * ```ts
 * const configuration = new OpenPanelConfiguration({clientId, clientSecret, rateLimit: false});
 * const api = new OpenPanelApi(configuration);
 * ```
 */
export class OpenPanelConfiguration {
  readonly clientId: string;
  readonly baseUrl: URL;
  readonly projectId: string | undefined;
  readonly rateLimit: RateLimit | false;
  // Set by Object.assign from the shared HTTP options, in the constructor.
  readonly retry!: RetryPolicy;
  readonly headersTimeout!: number;
  readonly bodyTimeout!: number;
  readonly requestTimeout!: number;
  readonly dispatcher!: Dispatcher | undefined;
  readonly userAgent!: string;

  constructor(parameters: OpenPanelConfigurationParameters) {
    const given = objectOption('configuration', parameters);
    knownKeys('configuration', given, knownParameters);
    this.clientId = clientIdOption(given.clientId);
    secrets.set(this, clientSecretOption(given.clientSecret));
    this.baseUrl = baseUrlOption('baseUrl', given.baseUrl ?? defaults.baseUrl);
    this.projectId = given.projectId === undefined ? undefined : stringOption('projectId', given.projectId);
    this.rateLimit = rateLimitSetting(given.rateLimit ?? defaults.rateLimit);
    Object.assign(this, httpClientOptions(given, defaults));
    Object.freeze(this);
  }
}

// Outside the object, so that no inspection, serialization or spread of a configuration can reach it.
const secrets = new WeakMap<OpenPanelConfiguration, string>();

// OpenPanel counts requests per client id, so every client of one id in this process shares a limiter.
const sharedLimiter = limiterRegistry();

/** The HTTP settings of every request, credentials and rate limiter included. Internal. */
export function httpSettings(configuration: OpenPanelConfiguration): HttpSettings {
  const secret = secrets.get(configuration)!;
  return clientHttpSettings(
    configuration,
    {'openpanel-client-id': configuration.clientId, 'openpanel-client-secret': secret},
    {
      secrets: [secret],
      limiter: sharedLimiter(configuration, configuration.clientId),
      describe: describeOpenPanelProblem,
      largeBodyAdvice: 'lower `pageSize` (at most 1000 events make a page)',
    },
  );
}

function clientIdOption(value: unknown): string {
  if (
    typeof value === 'string' &&
    clientIdPattern.test(value.toLowerCase()) &&
    !clientIdPattern.test(value)
  ) {
    throw new InvalidOptionError('clientId', 'a lower-case UUID (OpenPanel rejects upper-case hex)', value);
  }
  if (typeof value !== 'string' || !clientIdPattern.test(value)) {
    throw new InvalidOptionError('clientId', 'a UUID such as 00000000-0000-4000-8000-000000000000', value);
  }
  return value;
}

function clientSecretOption(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidOptionError('clientSecret', 'a non-empty string', value, true);
  }
  return value;
}

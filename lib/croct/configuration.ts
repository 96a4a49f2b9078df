import type {Dispatcher} from 'undici';
import {
  baseUrlOption,
  clientHttpSettings,
  type HttpClientParameters,
  httpClientOptions,
  oneOf,
} from '../core/client-options.js';
import {InvalidOptionError} from '../core/errors.js';
import type {HttpSettings} from '../core/http.js';
import type {PageParser} from '../core/page-request.js';
import type {RetryPolicy} from '../core/retry.js';
import {booleanOption, knownKeys, objectOption} from '../core/validate.js';
import {describeCroctProblem} from './page-format.js';
import type {TimeUnit} from './wire-time.js';

/** What {@link Configuration} accepts. Only `apiKey` is required. */
export type ConfigurationParameters = HttpClientParameters & {
  /** The application's API key with the `data_export` permission: a UUID. Sent as `X-Api-Key`. */
  readonly apiKey: string;
  /**
   * The API's base URL; the endpoints' paths are appended to it.
   * @default 'https://api.croct.io/export'
   */
  readonly baseUrl?: string | undefined;
  /** The official client's name for `baseUrl`, accepted so that its users can keep their settings. */
  readonly basePath?: string | undefined;
  /**
   * The unit of `start` and `end` on the wire. Current docs say milliseconds; older deployments
   * documented seconds.
   * @default 'milliseconds'
   */
  readonly timeUnit?: TimeUnit | undefined;
  /**
   * How page bodies are parsed (see {@link PageParser}); each export can override it.
   * @default 'json'
   */
  readonly parser?: PageParser | undefined;
  /**
   * Ask for compressed bodies (`Accept-Encoding: br, gzip, deflate`); they are decoded as they
   * arrive. A 1000-event page is about 10x smaller compressed: faster on any real network (see the
   * compression benchmark), a little more client CPU.
   * @default true
   */
  readonly compression?: boolean | undefined;
};

const defaults = Object.freeze({
  baseUrl: 'https://api.croct.io/export',
  timeUnit: 'milliseconds' as TimeUnit,
  headersTimeout: 30_000,
  bodyTimeout: 30_000,
  requestTimeout: 300_000,
  parser: 'json' as PageParser,
  userAgent: 'export-stream',
  compression: true,
});

const knownParameters = [
  'apiKey',
  'baseUrl',
  'basePath',
  'timeUnit',
  'headersTimeout',
  'bodyTimeout',
  'requestTimeout',
  'retry',
  'parser',
  'dispatcher',
  'userAgent',
  'compression',
] as const;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The client's settings, validated once. The API key is not kept on the object: it is not
 * printed by `console.log` or `JSON.stringify`, and never part of an error.
 *
 * @example
 * ```ts
 * const configuration = new Configuration({apiKey: process.env.CROCT_API_KEY!, retry: {retries: 8}});
 * ```
 */
export class Configuration {
  readonly baseUrl: URL;
  readonly timeUnit: TimeUnit;
  // Set by Object.assign from the shared HTTP options, in the constructor.
  readonly headersTimeout!: number;
  readonly bodyTimeout!: number;
  readonly requestTimeout!: number;
  readonly retry!: RetryPolicy;
  readonly parser: PageParser;
  readonly dispatcher!: Dispatcher | undefined;
  readonly userAgent!: string;
  readonly compression: boolean;

  constructor(parameters: ConfigurationParameters) {
    const given = objectOption('configuration', parameters);
    knownKeys('configuration', given, knownParameters);
    if (typeof parameters.apiKey !== 'string' || !uuidPattern.test(parameters.apiKey)) {
      throw new InvalidOptionError(
        'apiKey',
        'a UUID such as 00000000-0000-4000-8000-000000000000',
        parameters.apiKey,
        true,
      );
    }
    apiKeys.set(this, parameters.apiKey);
    this.baseUrl = baseUrlOption('baseUrl', parameters.baseUrl ?? parameters.basePath ?? defaults.baseUrl);
    this.timeUnit = oneOf('timeUnit', parameters.timeUnit ?? defaults.timeUnit, ['milliseconds', 'seconds']);
    Object.assign(this, httpClientOptions(given, defaults));
    this.parser = oneOf('parser', parameters.parser ?? defaults.parser, ['json', 'incremental']);
    this.compression = booleanOption('compression', parameters.compression ?? defaults.compression);
    Object.freeze(this);
  }
}

// Outside the object, so that no inspection, serialization or spread of a Configuration can reach it.
const apiKeys = new WeakMap<Configuration, string>();

/** The HTTP settings of every request, credentials included. Internal: not exported by the package. */
export function httpSettings(configuration: Configuration): HttpSettings {
  const apiKey = apiKeys.get(configuration)!;
  return clientHttpSettings(
    configuration,
    {'x-api-key': apiKey},
    {
      headers: configuration.compression ? {'accept-encoding': 'br, gzip, deflate'} : {},
      secrets: [apiKey],
      describe: describeCroctProblem,
    },
  );
}

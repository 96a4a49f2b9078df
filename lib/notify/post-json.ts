import {describeProblem, type ErrorContext, HttpError, type Problem} from '../core/errors.js';
import {type HttpSettings, send, withDeadline} from '../core/http.js';
import {withRetry} from '../core/retry.js';
import type {AttemptCounter, DeliverySettings} from './delivery-settings.js';

/** One JSON POST to a chat service (Slack, Discord, Telegram). */
export type JsonPost = {
  /** Names the sender in errors, e.g. `slack`. */
  readonly service: string;
  readonly url: URL;
  /** The URL as errors show it: redacted. */
  readonly shownUrl: string;
  readonly body: unknown;
  /** Redacted from every text the service sends back. */
  readonly secrets: readonly string[];
  /** The wait a 429/5xx answer's body asks for, in milliseconds (Retry-After is read anyway). */
  readonly waitOf?: ((problem: Problem) => number | undefined) | undefined;
  /** Reads the service's error body into one line; the generic reading when absent. */
  readonly describe?: ((problem: Problem) => string) | undefined;
};

/**
 * The one HTTP helper of the webhook mediums: POSTs `post.body` as JSON with undici through the
 * core's `send()`, each attempt under `settings.timeout`, retried with the core's policy (network
 * errors, timeouts, 408, 429, 500, 502, 503, 504; never another 4xx), waiting what the service
 * asked for. Resolves when a 2xx arrived; rejects with the last error otherwise.
 */
export async function postJson(post: JsonPost, settings: DeliverySettings, attempts: AttemptCounter) {
  const context: ErrorContext = {method: post.service, path: post.shownUrl, httpMethod: 'POST'};
  const http: HttpSettings = {
    dispatcher: undefined,
    headers: {'content-type': 'application/json; charset=utf-8'},
    headersTimeout: settings.timeout,
    bodyTimeout: settings.timeout,
    requestTimeout: settings.timeout,
    secrets: post.secrets,
    describe: post.describe,
  };
  const payload = JSON.stringify(post.body);
  await withRetry(
    async () => {
      attempts.count += 1;
      await withDeadline(http, settings.signal, context, async (signal) => {
        try {
          const response = await send({url: post.url, method: 'POST', body: payload}, http, signal, context);
          await response.body.dump();
        } catch (error) {
          throw withServiceWait(error, post, context);
        }
      });
    },
    settings.policy,
    settings.signal,
    () => {},
  );
}

/** The same error, carrying the wait the service put in its body (more precise than Retry-After). */
function withServiceWait(error: unknown, post: JsonPost, context: ErrorContext): unknown {
  if (!(error instanceof HttpError) || error.problem === undefined || post.waitOf === undefined) {
    return error;
  }
  const wait = post.waitOf(error.problem);
  if (wait === undefined) {
    return error;
  }
  const summary = post.describe === undefined ? describeProblem(error.problem) : post.describe(error.problem);
  return new HttpError(context, error.status, error.problem, wait, summary);
}

/** A wait given in seconds (a fraction allowed), as milliseconds; undefined unless a finite number ≥ 0. */
export function secondsToWait(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.ceil(value * 1000)
    : undefined;
}

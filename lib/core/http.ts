import {type Dispatcher, request} from 'undici';
import {type ErrorContext, ExportError, HttpError, type Problem, RequestError} from './errors.js';
import type {RateLimiter} from './rate-limit.js';
import {redact, redactValues} from './redact.js';
import {parseRetryAfter} from './retry.js';

/** How one client makes HTTP requests. Resolved once per client; the headers hold the credentials. */
export type HttpSettings = {
  readonly dispatcher: Dispatcher | undefined;
  /** Sent with every request whose `credentials` is not false (the API's own host). */
  readonly headers: Readonly<Record<string, string>>;
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
  /** The longest one attempt may take, from sending to the body's last byte, in milliseconds. */
  readonly requestTimeout: number;
  /** Values that must never appear in an error (credentials): redacted from every server text. */
  readonly secrets: readonly string[];
  /** Every request of the client takes a slot of it first, when set. */
  readonly limiter?: RateLimiter | undefined;
  /** Reads a provider's error body into one line; the generic reading when absent. */
  readonly describe?: ((problem: Problem) => string) | undefined;
  /** Bodies read as text larger than this fail with `ERR_EXPORT_TOO_LARGE`. @default 256 MiB */
  readonly maxTextBytes?: number | undefined;
  /** What that error tells the user to do. @default "use `parser: 'incremental'` for such pages" */
  readonly largeBodyAdvice?: string | undefined;
};

/** One request: the URL plus what differs from a plain GET with the client's headers. */
export type HttpRequest = {
  readonly url: URL;
  /** @default 'GET' */
  readonly method?: string | undefined;
  readonly body?: string | undefined;
  /** Added to (and overriding) the client's headers. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Send the client's headers (its credentials). False for a pre-signed download link on another
   * host, which rejects a second authentication mechanism and must never see the credentials.
   * @default true
   */
  readonly credentials?: boolean | undefined;
  /**
   * What a 3xx answer does: `'error'` makes it an {@link HttpError}; `'manual'` returns it (body
   * dumped) so that the caller follows `location` deliberately.
   * @default 'error'
   */
  readonly redirect?: 'error' | 'manual' | undefined;
};

/** A response the caller must consume (through {@link readText} or {@link bodyStream}) or dump. */
export type OkResponse = Pick<Dispatcher.ResponseData, 'statusCode' | 'headers' | 'body'>;

const maxProblemBytes = 64 * 1024;
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const badBodyCodes = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_RES_EXCEEDED_MAX_SIZE']);

/**
 * Sends one request and returns a 2xx response (or a 3xx with `redirect: 'manual'`); any other
 * status becomes an {@link HttpError} carrying the error body (redacted) and `Retry-After`, with the
 * body read (capped) so that the connection goes back to the pool. A 429 pauses the client's limiter.
 */
export async function send(
  call: HttpRequest,
  settings: HttpSettings,
  signal: AbortSignal,
  context: ErrorContext,
): Promise<OkResponse> {
  let response: Dispatcher.ResponseData;
  // No await without a limiter: the stream lets a prefetched request reach the socket before the
  // consumer starts on the current page (one setImmediate), and every extra microtask hop before
  // `request()` lost that race (measured: no overlap at all, 0.94x instead of 1.7x).
  const arrived = settings.limiter === undefined ? noop : await settings.limiter.acquire(signal);
  try {
    response = await request(call.url, {
      method: (call.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: {...(call.credentials === false ? {} : settings.headers), ...call.headers},
      ...(call.body === undefined ? {} : {body: call.body}),
      signal,
      headersTimeout: settings.headersTimeout,
      bodyTimeout: settings.bodyTimeout,
      ...(settings.dispatcher === undefined ? {} : {dispatcher: settings.dispatcher}),
    });
  } catch (error) {
    throw classify(error, signal, context);
  } finally {
    arrived();
  }
  const {statusCode} = response;
  if (statusCode >= 200 && statusCode < 300) {
    return response;
  }
  if (statusCode >= 300 && statusCode < 400 && call.redirect === 'manual') {
    await response.body.dump().catch(() => {});
    return response;
  }
  const text = await readProblemText(response.body, signal);
  // Redacted before parsing (a secret in plain text) and after (a secret the server JSON-escaped).
  const problem = redactProblem(parseProblem(redact(text, settings.secrets)), settings.secrets);
  const retryAfter = parseRetryAfter(response.headers['retry-after']);
  if (statusCode === 429 && retryAfter !== undefined) {
    settings.limiter?.pause(retryAfter);
  }
  const summary =
    problem === undefined || settings.describe === undefined ? undefined : settings.describe(problem);
  throw new HttpError(context, statusCode, problem, retryAfter, ...(summary === undefined ? [] : [summary]));
}

function noop(): void {}

/**
 * Runs one attempt (request and body) under the settings' `requestTimeout`: past it the attempt
 * is aborted and fails with a transient `ERR_EXPORT_TIMEOUT`, so that a server dripping bytes
 * cannot hold an export open forever. The timer is a global one, so tests can mock it.
 */
export async function withDeadline<R>(
  settings: Pick<HttpSettings, 'requestTimeout'>,
  signal: AbortSignal,
  context: ErrorContext,
  attempt: (signal: AbortSignal) => Promise<R>,
): Promise<R> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, {once: true});
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error('deadline'));
  }, settings.requestTimeout);
  const cleanUp = () => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  };
  if (signal.aborted) onAbort();
  let result: R;
  try {
    result = await attempt(controller.signal);
  } catch (error) {
    cleanUp();
    throw expired && !signal.aborted
      ? new RequestError(
          'ERR_EXPORT_TIMEOUT',
          context,
          `took longer than the ${settings.requestTimeout} ms request timeout (requestTimeout)`,
          error,
        )
      : error;
  }
  cleanUp();
  return result;
}

/**
 * Maps a failure of undici or of the body to the library's error family. An abort passes the
 * signal's reason through untouched; errors that are not transport failures (bugs) pass through.
 */
export function classify(error: unknown, signal: AbortSignal, context: ErrorContext): unknown {
  if (signal.aborted) {
    return signal.reason;
  }
  if (error instanceof ExportError || !(error instanceof Error)) {
    return error;
  }
  const code = (error as {code?: unknown}).code;
  if (typeof code !== 'string') {
    return error;
  }
  if (timeoutCodes.has(code)) {
    return new RequestError('ERR_EXPORT_TIMEOUT', context, `timed out (${error.message})`, error);
  }
  if (badBodyCodes.has(code)) {
    return new RequestError(
      'ERR_EXPORT_BAD_RESPONSE',
      context,
      `the body was cut short (${error.message})`,
      error,
    );
  }
  if (code.startsWith('UND_ERR') || /^E[A-Z]+$/.test(code)) {
    return new RequestError('ERR_EXPORT_NETWORK', context, `network error ${code} (${error.message})`, error);
  }
  return error;
}

async function readProblemText(body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body) {
      text += String(chunk);
      if (text.length > maxProblemBytes) {
        body.destroy();
        break;
      }
    }
  } catch {
    // The status is what matters; a problem body lost to a reset only costs the details.
    signal.throwIfAborted();
  }
  return text;
}

function parseProblem(text: string): Problem | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Problem)
      : undefined;
  } catch {
    // Not JSON: an HTML page or plain text; its start is the detail.
    const trimmed = text.trim();
    return trimmed.length > 0 ? {detail: trimmed.slice(0, 500)} : undefined;
  }
}

function redactProblem(problem: Problem | undefined, secrets: readonly string[]): Problem | undefined {
  return problem === undefined ? undefined : (redactValues(problem, secrets) as Problem);
}

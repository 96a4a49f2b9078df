import {type Dispatcher, request} from 'undici';
import {type ErrorContext, ExportError, HttpError, type Problem, RequestError} from './errors.js';
import {parseRetryAfter} from './retry.js';

/** How one HTTP request is made. Resolved once per client; the headers hold the credentials. */
export type HttpSettings = {
  readonly dispatcher: Dispatcher | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
};

/** A 2xx response whose body the caller must consume or dump. */
export type OkResponse = Pick<Dispatcher.ResponseData, 'statusCode' | 'headers' | 'body'>;

const maxProblemBytes = 64 * 1024;
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const badBodyCodes = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_RES_EXCEEDED_MAX_SIZE']);

/**
 * Sends one GET and returns the 2xx response; any other status becomes an {@link HttpError}
 * carrying the problem details and `Retry-After`, with its body read (capped) so the connection
 * goes back to the pool.
 */
export async function get(
  url: URL,
  settings: HttpSettings,
  signal: AbortSignal,
  context: ErrorContext,
): Promise<OkResponse> {
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method: 'GET',
      headers: settings.headers,
      signal,
      headersTimeout: settings.headersTimeout,
      bodyTimeout: settings.bodyTimeout,
      ...(settings.dispatcher === undefined ? {} : {dispatcher: settings.dispatcher}),
    });
  } catch (error) {
    throw classify(error, signal, context);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) {
    return response;
  }
  const problem = await readProblem(response.body, signal);
  throw new HttpError(
    context,
    response.statusCode,
    problem,
    parseRetryAfter(response.headers['retry-after']),
  );
}

/** Reads a whole body as text, turning transport failures into the library's errors. */
export async function readText(
  body: Dispatcher.ResponseData['body'],
  signal: AbortSignal,
  context: ErrorContext,
): Promise<string> {
  try {
    return await body.text();
  } catch (error) {
    throw classify(error, signal, context);
  }
}

/** Parses a complete body as JSON; an unparsable body is transient (it was most likely cut short). */
export function parseJson(text: string, context: ErrorContext): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestError(
      'ERR_EXPORT_BAD_RESPONSE',
      context,
      `the body is not valid JSON (${text.length} characters)`,
      error,
    );
  }
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

async function readProblem(
  body: Dispatcher.ResponseData['body'],
  signal: AbortSignal,
): Promise<Problem | undefined> {
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
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Problem)
      : undefined;
  } catch {
    return text.length > 0 ? {detail: text.slice(0, 500)} : undefined;
  }
}

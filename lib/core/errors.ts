/**
 * Stable string codes carried by every {@link ExportError}. Match on `error.code`, never on messages.
 */
export type ExportErrorCode =
  | 'ERR_EXPORT_INVALID_OPTION'
  | 'ERR_EXPORT_INVALID_INPUT'
  | 'ERR_EXPORT_UNAUTHORIZED'
  | 'ERR_EXPORT_FORBIDDEN'
  | 'ERR_EXPORT_NOT_FOUND'
  | 'ERR_EXPORT_RATE_LIMITED'
  | 'ERR_EXPORT_SERVER'
  | 'ERR_EXPORT_HTTP'
  | 'ERR_EXPORT_NETWORK'
  | 'ERR_EXPORT_TIMEOUT'
  | 'ERR_EXPORT_BAD_RESPONSE'
  | 'ERR_EXPORT_TOO_LARGE'
  | 'ERR_EXPORT_PROTOCOL'
  // An asynchronous export job (a provider that creates a job, waits, then downloads) that failed,
  // expired before it was read, or was not ready within the caller's wait.
  | 'ERR_EXPORT_JOB_FAILED'
  | 'ERR_EXPORT_JOB_EXPIRED'
  | 'ERR_EXPORT_JOB_TIMEOUT'
  // A sink that cannot hold the export: a PDF asked for more rows than its cap.
  | 'ERR_PDF_TOO_MANY_ROWS';

/** Where a runtime error happened: the library method and the request path (never headers, never the key). */
export type ErrorContext = {
  /** The library method that made the request, e.g. `exportEvents`. */
  readonly method: string;
  /** The request path with its query string, e.g. `/events?pageSize=100`. */
  readonly path: string;
  /** The HTTP method of the request, e.g. `GET` or `POST`; absent for a custom page source. */
  readonly httpMethod?: string | undefined;
};

/**
 * An error body as the server sent it: the parsed JSON object (problem details, `{message}`...), or
 * `{detail: text}` for a body that is not a JSON object. Every server-provided text in it has the
 * client's secrets redacted. Each provider knows its fields; none is guaranteed.
 */
export type Problem = {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly message?: string;
  readonly error?: string;
  readonly instance?: string;
  readonly [extra: string]: unknown;
};

/**
 * The base of every error this library raises. `code` is stable; `cause` holds the underlying error.
 *
 * @example
 * ```ts
 * stream.on('error', (error) => {
 *   if (error instanceof ExportError && error.code === 'ERR_EXPORT_UNAUTHORIZED') rotateKey();
 * });
 * ```
 */
class ExportError extends Error {
  override name = 'ExportError';
  readonly code: ExportErrorCode;

  constructor(code: ExportErrorCode, message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.code = code;
  }
}

/** A bad argument or option, thrown synchronously at the call that received it. */
class InvalidOptionError extends ExportError {
  override name = 'InvalidOptionError';
  /** The option's name, e.g. `pageSize`. */
  readonly option: string;
  /** The expected form, e.g. `an integer from 1 to 1000`. */
  readonly expected: string;
  /** The received value, described (a secret only by its type and length), e.g. `0 (number)`. */
  readonly received: string;

  /**
   * @param secret - the value is a secret (an API key): the message says only its type and length.
   */
  constructor(option: string, expected: string, received: unknown, secret = false) {
    const got =
      secret && typeof received === 'string'
        ? `a string of ${received.length} characters`
        : describe(received);
    super('ERR_EXPORT_INVALID_OPTION', `Expected \`${option}\` to be ${expected}, got ${got}`);
    this.option = option;
    this.expected = expected;
    this.received = got;
  }
}

/** The base of the errors raised by a request: they say which library method and path failed. */
class RequestFailure extends ExportError {
  override name = 'RequestFailure';
  /** The library method that made the request, e.g. `exportEvents`. */
  readonly method: string;
  /** The request path with its query string. */
  readonly path: string;
  /** The HTTP method of the request (`undefined` for a custom page source). */
  readonly httpMethod: string | undefined;

  constructor(code: ExportErrorCode, context: ErrorContext, message: string, options?: {cause?: unknown}) {
    const request = context.httpMethod === undefined ? context.path : `${context.httpMethod} ${context.path}`;
    super(code, `${context.method} ${request} ${message}`, options);
    this.method = context.method;
    this.path = context.path;
    this.httpMethod = context.httpMethod;
  }
}

const codeByStatus: Readonly<Record<number, ExportErrorCode>> = Object.freeze({
  400: 'ERR_EXPORT_INVALID_INPUT',
  401: 'ERR_EXPORT_UNAUTHORIZED',
  403: 'ERR_EXPORT_FORBIDDEN',
  404: 'ERR_EXPORT_NOT_FOUND',
  429: 'ERR_EXPORT_RATE_LIMITED',
});

/** The server answered with a non-2xx status. Carries the status and the problem-details body. */
class HttpError extends RequestFailure {
  override name = 'HttpError';
  readonly status: number;
  /** The parsed problem-details body, when the server sent one. */
  readonly problem: Problem | undefined;
  /** The delay the server asked for in `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfter: number | undefined;

  /**
   * @param summary - what the server said, in the provider's words (see {@link describeProblem}).
   */
  constructor(
    context: ErrorContext,
    status: number,
    problem: Problem | undefined,
    retryAfter: number | undefined = undefined,
    summary: string = describeProblem(problem),
  ) {
    const code = codeByStatus[status] ?? (status >= 500 ? 'ERR_EXPORT_SERVER' : 'ERR_EXPORT_HTTP');
    super(code, context, `failed with HTTP ${status}${summary === '' ? '' : `: ${summary}`}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/**
 * A failure of the request itself rather than an answer: the connection was refused or reset
 * (`ERR_EXPORT_NETWORK`), a timeout fired (`ERR_EXPORT_TIMEOUT`), or the body was cut short or
 * was not JSON (`ERR_EXPORT_BAD_RESPONSE`). All three are transient and retried.
 */
class RequestError extends RequestFailure {
  override name = 'RequestError';

  constructor(
    code: 'ERR_EXPORT_NETWORK' | 'ERR_EXPORT_TIMEOUT' | 'ERR_EXPORT_BAD_RESPONSE',
    context: ErrorContext,
    reason: string,
    cause?: unknown,
  ) {
    super(code, context, `failed: ${reason}`, {cause});
  }
}

/** The server broke the protocol in a way that retrying cannot fix (e.g. it repeated a cursor). */
class ProtocolError extends RequestFailure {
  override name = 'ProtocolError';

  constructor(context: ErrorContext, reason: string) {
    super('ERR_EXPORT_PROTOCOL', context, `broke the protocol: ${reason}`);
  }
}

/**
 * The generic reading of an error body (RFC 9457 problem details, or the common `{error, message}`):
 * its `title` (or `error`), then `detail` (or `message`), then `type` in brackets, whichever are
 * non-empty strings. Providers whose bodies say more pass their own summary.
 */
function describeProblem(problem: Problem | undefined): string {
  if (problem === undefined) {
    return '';
  }
  const parts = [problem.title ?? problem.error, problem.detail ?? problem.message].filter(
    (part) => typeof part === 'string' && part !== '',
  );
  if (typeof problem.type === 'string' && problem.type !== '') {
    parts.push(`[${problem.type}]`);
  }
  return parts.join(': ').replace(/: \[/, ' [');
}

/** Renders a received value for an error message: short, typed, and never the whole of a big object. */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${String(value)} (${typeof value})`;
  }
  if (value === null || value === undefined) {
    return String(value);
  }
  try {
    return describeObject(value);
  } catch {
    // A revoked Proxy, a fake Date: an error message must never itself throw.
    return 'a value that cannot be inspected';
  }
}

function describeObject(value: object): string {
  if (value instanceof Date) {
    return `Date(${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()})`;
  }
  if (Array.isArray(value)) {
    return `an array of length ${value.length}`;
  }
  if (typeof value === 'function') {
    return 'a function';
  }
  const name = (value as {constructor?: {name?: string}}).constructor?.name;
  return name === undefined || name === 'Object' ? 'an object' : `a ${name}`;
}

export {
  describe,
  describeProblem,
  ExportError,
  HttpError,
  InvalidOptionError,
  ProtocolError,
  RequestError,
  RequestFailure,
};

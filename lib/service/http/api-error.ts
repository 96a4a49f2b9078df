import type {ServerResponse} from 'node:http';

/** The `code` of every error body the API sends, with its HTTP status. */
export const API_ERRORS = Object.freeze({
  ERR_INVALID_REQUEST: 400,
  ERR_INVALID_JSON: 400,
  ERR_INVALID_QUERY: 400,
  ERR_UNAUTHORIZED: 401,
  ERR_NOT_FOUND: 404,
  ERR_METHOD_NOT_ALLOWED: 405,
  ERR_CONFLICT: 409,
  ERR_BODY_TOO_LARGE: 413,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_RANGE_NOT_SATISFIABLE: 416,
  ERR_QUEUE_FULL: 429,
  ERR_INTERNAL: 500,
} as const);

/** One of {@link API_ERRORS}. */
export type ApiErrorCode = keyof typeof API_ERRORS;

/** The JSON body of every error: `{error: {code, message, path?}}`. */
export type ApiErrorBody = {error: {code: ApiErrorCode; message: string; path?: string}};

/**
 * An error a handler throws to answer with its status and JSON body. `path` is the JSON path of the
 * bad field in the request body (`format.columns[2].id`) or the name of the bad query parameter.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly path: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ApiErrorCode,
    message: string,
    options: {path?: string; headers?: Record<string, string>} = {},
  ) {
    super(message);
    this.code = code;
    this.status = API_ERRORS[code];
    this.path = options.path;
    this.headers = options.headers ?? {};
  }

  /** The JSON body. */
  toJSON(): ApiErrorBody {
    return {
      error: {code: this.code, message: this.message, ...(this.path === undefined ? {} : {path: this.path})},
    };
  }
}

/** Sends `body` as JSON with `status`. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
  });
  response.end(text);
}

/** Sends an {@link ApiError}. */
export function sendError(response: ServerResponse, error: ApiError): void {
  sendJson(response, error.status, error.toJSON(), error.headers);
}

/** The 404 for a missing id and for another user's id alike, so that ids do not leak. */
export function notFound(what = 'export request'): ApiError {
  return new ApiError('ERR_NOT_FOUND', `No such ${what}`);
}

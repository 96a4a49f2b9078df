import type {Readable, Transform} from 'node:stream';
import {createBrotliDecompress, createGunzip, createInflate} from 'node:zlib';
import {type ErrorContext, ProtocolError, RequestError, RequestFailure} from './errors.js';
import {classify, type HttpSettings, type OkResponse} from './http.js';

/** The largest body read as one string by default: well under V8's string limit (about 512 MiB). */
/** What a too-large body's error suggests when the provider says nothing else. */
const DEFAULT_LARGE_BODY_ADVICE = "use `parser: 'incremental'` for such pages";

export const DEFAULT_MAX_TEXT_BYTES = 256 * 1024 * 1024;
const decoders: Readonly<Record<string, () => Transform>> = Object.freeze({
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
});

/**
 * The response body as bytes, decoded from its `Content-Encoding` (gzip, deflate, br, or several
 * in order); an encoding this client cannot decode is a {@link ProtocolError} naming it.
 */
export function bodyStream(response: OkResponse, context: ErrorContext): Readable {
  const header = response.headers['content-encoding'];
  const codings = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let stream: Readable = response.body;
  for (const coding of codings.reverse()) {
    const decoder = decoders[coding];
    if (decoder === undefined) {
      discard(response);
      throw new ProtocolError(
        context,
        `the body has Content-Encoding ${JSON.stringify(coding)}, which this client cannot decode (gzip, deflate, br)`,
      );
    }
    const next = decoder();
    // zlib's errors carry codes classify() cannot know (brotli's ERR__ERROR_FORMAT_…): remember them.
    next.on('error', (error) => decodingErrors.add(error));
    stream.on('error', (error) => next.destroy(error));
    stream = stream.pipe(next);
  }
  return stream;
}

/**
 * Reads a whole body as text (decoded from its `Content-Encoding`), turning transport failures
 * into the library's errors. A body larger than a string can hold fails with `ERR_EXPORT_TOO_LARGE`.
 */
export async function readText(
  response: OkResponse,
  settings: Pick<HttpSettings, 'maxTextBytes' | 'largeBodyAdvice'>,
  signal: AbortSignal,
  context: ErrorContext,
): Promise<string> {
  const limit = settings.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const body = bodyStream(response, context);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        body.destroy();
        discard(response);
        throw new RequestFailure(
          'ERR_EXPORT_TOO_LARGE',
          context,
          `failed: the body is larger than ${limit} bytes, more than one string can hold; ${settings.largeBodyAdvice ?? DEFAULT_LARGE_BODY_ADVICE}`,
        );
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw classifyBody(error, signal, context);
  }
  return Buffer.concat(chunks, size).toString('utf8');
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

/** Errors raised by a body decoder: the body is corrupt or cut short, which another attempt may fix. */
const decodingErrors = new WeakSet<Error>();

/** {@link classify} for failures while reading a body, decoding errors included (transient). */
export function classifyBody(error: unknown, signal: AbortSignal, context: ErrorContext): unknown {
  if (!signal.aborted && error instanceof Error && decodingErrors.has(error)) {
    return new RequestError(
      'ERR_EXPORT_BAD_RESPONSE',
      context,
      `the body could not be decoded (${error.message})`,
      error,
    );
  }
  return classify(error, signal, context);
}

/** Destroys a body that will not be read; its late errors have nowhere to go but this listener. */
export function discard(response: OkResponse): void {
  response.body.on('error', () => {});
  response.body.destroy();
}

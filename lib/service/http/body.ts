import type {IncomingMessage} from 'node:http';
import {ApiError} from './api-error.js';

/** The largest request body accepted by default: 1 MiB (a request JSON is a few KiB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON body of at most `limit` bytes: 415 unless `Content-Type` is JSON, 413 as soon as the
 * declared or received size passes the limit (without reading the rest), 400 when it is not JSON.
 */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError('ERR_UNSUPPORTED_MEDIA_TYPE', 'Expected a JSON body (Content-Type: application/json)');
  }
  const tooLarge = () =>
    new ApiError('ERR_BODY_TOO_LARGE', `The body is larger than ${limit} bytes`, {
      headers: {connection: 'close'},
    });
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new ApiError('ERR_INVALID_JSON', `The body is not JSON: ${(error as Error).message}`);
  }
}

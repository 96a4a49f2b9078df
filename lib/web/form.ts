import type {IncomingMessage} from 'node:http';
import {WebError} from './respond.js';

/**
 * Reads a form post, URL-encoded or multipart (an uploaded file), of at most `limit` bytes; the
 * parsing is the platform's (`Response.formData()`, undici's), not ours.
 */
export async function readForm(request: IncomingMessage, limit: number): Promise<FormData> {
  const type = request.headers['content-type'] ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(type)) {
    throw new WebError(415, 'Expected a form (application/x-www-form-urlencoded or multipart/form-data)');
  }
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  try {
    return await new Response(Buffer.concat(chunks), {headers: {'content-type': type}}).formData();
  } catch {
    throw new WebError(400, 'The form could not be read');
  }
}

/** A text field of a form ('' when absent or a file). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function tooLarge(limit: number): WebError {
  return new WebError(413, `The form is larger than ${limit} bytes`);
}

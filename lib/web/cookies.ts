import type {IncomingMessage} from 'node:http';

/** The session cookie's name. */
export const SESSION_COOKIE = 'export_stream_session';

/** The value of cookie `name` in a request, or undefined. */
export function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      return part.slice(index + 1).trim();
    }
  }
  return undefined;
}

/**
 * The `Set-Cookie` of the session: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), Secure on HTTPS, scoped to the web page's path. `undefined` clears it.
 */
export function sessionCookie(id: string | undefined, secure: boolean): string {
  const value = id === undefined ? '' : id;
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/web', 'HttpOnly', 'SameSite=Strict'];
  if (id === undefined) {
    parts.push('Max-Age=0');
  }
  if (secure) {
    parts.push('Secure');
  }
  return parts.join('; ');
}

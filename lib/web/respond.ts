import type {ServerResponse} from 'node:http';
import type {Html} from './html.js';

/** The Content-Security-Policy of every web response: no inline script or style, nothing foreign. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Headers sent with every web response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
});

/** An error a web handler throws to answer with an error page of that status. */
export class WebError extends Error {
  override name = 'WebError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Sends a page (never cached: it shows one user's data). */
export function sendHtml(response: ServerResponse, status: number, page: Html): void {
  const body = Buffer.from(page.text);
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'no-store',
  });
  response.end(body);
}

/** Sends JSON for the page's own script. */
export function sendWebJson(response: ServerResponse, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(text.length),
    'cache-control': 'no-store',
  });
  response.end(text);
}

/** 303 See Other to a path of this site (after a form: a reload does not post it again). */
export function redirect(response: ServerResponse, location: string, cookie?: string): void {
  response.writeHead(303, {
    location,
    'content-length': '0',
    'cache-control': 'no-store',
    ...(cookie === undefined ? {} : {'set-cookie': cookie}),
  });
  response.end();
}

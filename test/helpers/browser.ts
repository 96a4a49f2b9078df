import {existsSync} from 'node:fs';
import {copyFile, mkdir, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {type Browser, chromium} from 'playwright-core';
import {call, type Reply} from './service.js';

/** Debian's chromium, which the browser tests drive through playwright-core. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Test = {teardown: (fn: () => unknown) => void};

/**
 * Launches one headless chromium for a test file (closed in teardown; playwright gives it a fresh
 * temporary profile), with nothing that reaches out to the network on its own; undefined when chromium is not installed
 * (the caller skips, visibly).
 */
export async function launchChromium(t: Test): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) {
    return undefined;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t.teardown(() => browser.close());
  return browser;
}

/**
 * Keeps a screenshot for the docs: always written to a temp directory, copied to `docs/images/`
 * only when `UPDATE_SCREENSHOTS=1` (so a normal test run leaves the work tree alone).
 */
export async function keepScreenshot(png: Buffer, name: string): Promise<string> {
  const scratch = join(tmpdir(), 'web-screenshots', name);
  await mkdir(dirname(scratch), {recursive: true});
  await writeFile(scratch, png);
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    const target = join(import.meta.dirname, '..', '..', 'docs', 'images', name);
    await copyFile(scratch, target);
  }
  return scratch;
}

/**
 * A browser without a browser, for fast in-process tests of the web page: node:http with one
 * cookie jar (the session cookie) and the last page's CSRF token.
 */
export class WebClient {
  readonly base: string;
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(base: string) {
    this.base = base;
  }

  /** A GET, keeping the cookie it sets and the CSRF token of its form. */
  async get(path: string, headers: Record<string, string> = {}): Promise<Reply & {text: string}> {
    return this.#keep(await call(this.base, 'GET', path, {headers: {...this.#cookie(), ...headers}}));
  }

  /** A form post (URL-encoded) with this session's cookie, its CSRF token and this site's Origin. */
  async post(
    path: string,
    fields: Record<string, string> = {},
    headers: Record<string, string> = {},
  ): Promise<Reply & {text: string}> {
    const body = new URLSearchParams({_csrf: this.csrf ?? '', ...fields}).toString();
    return this.#keep(
      await call(this.base, 'POST', path, {
        raw: body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: this.base,
          ...this.#cookie(),
          ...headers,
        },
      }),
    );
  }

  /** Signs in with `token` through the form; resolves to the sign-in post's reply. */
  async signIn(token: string): Promise<Reply & {text: string}> {
    await this.get('/web/sign-in');
    return this.post('/web/sign-in', {token, next: '/web/'});
  }

  #cookie(): Record<string, string> {
    return this.cookie === undefined ? {} : {cookie: this.cookie};
  }

  #keep(reply: Reply): Reply & {text: string} {
    const set = reply.headers['set-cookie']?.[0];
    if (set !== undefined) {
      const pair = set.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = reply.body.toString();
    const csrf = /name="_csrf" value="([^"]*)"/.exec(text)?.[1];
    if (csrf !== undefined) {
      this.csrf = csrf;
    }
    return {...reply, text};
  }
}

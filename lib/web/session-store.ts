import {randomBytes, timingSafeEqual} from 'node:crypto';
import {integerOption} from '../core/validate.js';

/** One browser's session: held in memory on the server; the browser only has its random id. */
export type Session = {
  /** 32 random bytes, base64url: the cookie's value. */
  readonly id: string;
  /** The synchronizer token every state-changing form of this session carries. */
  readonly csrf: string;
  /** The user's API token once signed in; never rendered, never in a cookie. */
  token: string | undefined;
  /** A one-shot message shown by the next page (after a redirect). */
  flash: string | undefined;
  /** When it ends unless used again (idle timeout). */
  expiresAt: number;
};

/** Options of {@link SessionStore}. */
export type SessionStoreOptions = {
  /** Milliseconds a session lives without being used. @default 8 hours */
  readonly ttl?: number;
  /** Sessions kept at most; the least recently created goes first. @default 10000 */
  readonly max?: number;
  /** @default Date.now */
  readonly now?: () => number;
};

/**
 * The sessions of the web page, in memory: a restart signs everybody out (the tokens are not written
 * anywhere). Ids and CSRF tokens come from `crypto.randomBytes`.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #ttl: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: SessionStoreOptions = {}) {
    this.#ttl = integerOption('ttl', options.ttl ?? 8 * 3_600_000, 1);
    this.#max = integerOption('max', options.max ?? 10_000, 1);
    this.#now = options.now ?? Date.now;
  }

  /** How many sessions are held. */
  get size(): number {
    return this.#sessions.size;
  }

  /** A new session (signed in when `token` is given). */
  create(token?: string): Session {
    if (this.#sessions.size >= this.#max) {
      this.#sessions.delete(this.#sessions.keys().next().value!);
    }
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
      token,
      flash: undefined,
      expiresAt: this.#now() + this.#ttl,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session of that id (its idle timeout restarts), or undefined. */
  get(id: string | undefined): Session | undefined {
    const session = id === undefined ? undefined : this.#sessions.get(id);
    if (session === undefined) {
      return undefined;
    }
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(session.id);
      return undefined;
    }
    session.expiresAt = this.#now() + this.#ttl;
    return session;
  }

  /** Ends a session. */
  delete(id: string): void {
    this.#sessions.delete(id);
  }
}

/** Whether `candidate` is the session's CSRF token (compared in constant time). */
export function csrfMatches(session: Session, candidate: unknown): boolean {
  if (typeof candidate !== 'string') {
    return false;
  }
  const expected = Buffer.from(session.csrf);
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

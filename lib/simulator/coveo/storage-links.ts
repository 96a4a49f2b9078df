import {hash} from '../core/random.js';

/** A minted link. */
type Link = {id: string; name: string; expiresAt: number; serial: number};

/** What a storage request's link turned out to be. */
type LinkCheck = {ok: true} | {ok: false; reason: 'signature' | 'expired'; expiresAt?: number};

const SIGNATURE_STREAM = 52;

function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The pre-signed links to exports' zips, shaped like S3's (`X-Amz-Signature`, `X-Amz-Expires`): each
 * mint is a new link with its own signature and deadline; `expireAll()` ends every link minted so far.
 */
class StorageLinks {
  readonly #seed: number;
  readonly #ttlMs: number;
  readonly #links = new Map<string, Link>();
  #serial = 0;
  #expiredUpTo = 0;

  constructor(seed: number, ttlMs: number) {
    this.#seed = seed;
    this.#ttlMs = ttlMs;
  }

  /** A new link to the zip `name` of export `id`, under `baseUrl`. */
  mint(baseUrl: string, id: string, name: string): string {
    this.#serial += 1;
    const serial = this.#serial;
    const signature = [0, 1, 2, 3, 4, 5, 6, 7]
      .map((part) => hash(this.#seed, SIGNATURE_STREAM, serial, part).toString(16).padStart(8, '0'))
      .join('');
    const now = Date.now();
    this.#links.set(signature, {id, name, expiresAt: now + this.#ttlMs, serial});
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': amzDate(now),
      'X-Amz-Expires': String(Math.ceil(this.#ttlMs / 1000)),
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': signature,
    });
    return `${baseUrl}/storage/${encodeURIComponent(id)}/${encodeURIComponent(name)}?${query}`;
  }

  /** Whether a request for the zip `name` of export `id` carries a valid, unexpired link. */
  check(id: string, name: string, params: URLSearchParams): LinkCheck {
    const link = this.#links.get(params.get('X-Amz-Signature') ?? '');
    if (link === undefined || link.id !== id || link.name !== name) {
      return {ok: false, reason: 'signature'};
    }
    if (link.serial <= this.#expiredUpTo || Date.now() >= link.expiresAt) {
      return {ok: false, reason: 'expired', expiresAt: link.expiresAt};
    }
    return {ok: true};
  }

  /** Ends every link minted so far. */
  expireAll(): void {
    this.#expiredUpTo = this.#serial;
  }
}

export type {LinkCheck};
export {amzDate, StorageLinks};

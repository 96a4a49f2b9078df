/** Stream tags that keep the random draws of different kinds of items independent. */
const Stream = {
  event: 1,
  session: 2,
  user: 3,
  eventType: 4,
  fault: 5,
  apiKey: 6,
  secret: 7,
  liveSession: 8,
  tab: 9,
} as const;

const TWO_32 = 4_294_967_296;

/** Scrambles a 32-bit integer (a murmur3-style finalizer). */
function scramble(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;

  return h >>> 0;
}

/**
 * Hashes non-negative integers (up to 2^53) into one 32-bit integer; the same inputs always give the
 * same output.
 */
function hash(...parts: number[]): number {
  let h = 0x2545f491;

  for (const part of parts) {
    h = scramble(h ^ (part % TWO_32));
    h = scramble(h ^ Math.floor(part / TWO_32));
  }

  return h;
}

const BYTE_HEX = Array.from({length: 256}, (_, byte) => byte.toString(16).padStart(2, '0'));

// A table lookup: formatting ids with toString(16) was the hottest spot of page generation.
function hex8(value: number): string {
  return (
    (BYTE_HEX[value >>> 24] as string) +
    BYTE_HEX[(value >>> 16) & 0xff] +
    BYTE_HEX[(value >>> 8) & 0xff] +
    BYTE_HEX[value & 0xff]
  );
}

/** A small deterministic pseudo-random generator (a counter passed through {@link scramble}). */
class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The next unsigned 32-bit integer. */
  u32(): number {
    this.#state = (this.#state + 0x9e3779b9) >>> 0;

    return scramble(this.#state ^ scramble(this.#state >>> 7));
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / TWO_32;
  }

  /** An integer from `min` to `max`, both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A price-like number with two decimals from `min` to `max`. */
  money(min: number, max: number): number {
    return Math.round((min + this.next() * (max - min)) * 100) / 100;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** The value itself, or `null` with probability `p`. */
  orNull<T>(value: T, p = 0.1): T | null {
    return this.chance(p) ? null : value;
  }

  /** A random UUID v4 string. */
  uuid(): string {
    return formatUuid(this.u32(), this.u32(), this.u32(), this.u32());
  }
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Tells whether a string is a UUID v4 (any case). */
function isUuidV4(value: string): boolean {
  return UUID_V4.test(value);
}

function withVersion(word: number): number {
  return ((word & 0xffff0fff) | 0x4000) >>> 0;
}

function withVariant(word: number): number {
  return ((word & 0x3fffffff) | 0x80000000) >>> 0;
}

function formatUuid(w0: number, w1: number, w2: number, w3: number): string {
  const hex = hex8(w0) + hex8(withVersion(w1)) + hex8(withVariant(w2)) + hex8(w3);

  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The UUID v4 of item `index` (below 2^32) of a stream: random-looking, yet reversible by
 * {@link decodeId}, so by-id lookups need no index of ids.
 */
function encodeId(seed: number, stream: number, index: number): string {
  const random = new Random(hash(seed, stream, index));
  const w1 = withVersion(random.u32());
  const w2 = withVariant(random.u32());
  const w3 = random.u32();

  return formatUuid((index ^ hash(seed, stream, w1, w2, w3)) >>> 0, w1, w2, w3);
}

/** The index {@link encodeId} made `id` from, or `undefined` when no index gives that id. */
function decodeId(seed: number, stream: number, id: string): number | undefined {
  if (!isUuidV4(id)) {
    return undefined;
  }

  const hex = id.toLowerCase().replaceAll('-', '');
  const [w0, w1, w2, w3] = [0, 8, 16, 24].map((at) => Number.parseInt(hex.slice(at, at + 8), 16)) as [
    number,
    number,
    number,
    number,
  ];
  const index = (w0 ^ hash(seed, stream, w1, w2, w3)) >>> 0;

  return encodeId(seed, stream, index) === id.toLowerCase() ? index : undefined;
}

export {decodeId, encodeId, hash, isUuidV4, Random, Stream};

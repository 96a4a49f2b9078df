/**
 * The serialized bodies of the most recently served list pages. A page is fully determined by its
 * resource, its query (filters, page size, cursor) and how many items exist, so a repeated request
 * is answered without generating and serializing up to 1000 items again. That keeps the simulator's
 * response time close to its configured `latency` when benchmarks and tests walk the same pages
 * repeatedly; the first walk still pays the generation cost.
 */
export class PageCache {
  readonly #capacity: number;
  readonly #pages = new Map<string, Buffer>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The cached body for `key`, or a new one from `build`, kept as the most recent entry. */
  get(key: string, build: () => Buffer): Buffer {
    const cached = this.#pages.get(key);
    if (cached !== undefined) {
      this.#pages.delete(key);
      this.#pages.set(key, cached);
      return cached;
    }
    const body = build();
    this.#pages.set(key, body);
    if (this.#pages.size > this.#capacity) {
      this.#pages.delete(this.#pages.keys().next().value as string);
    }
    return body;
  }
}

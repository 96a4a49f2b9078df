import {setMaxListeners} from 'node:events';
import {Readable} from 'node:stream';
import {Checkpoints} from './checkpoints.js';
import {type ErrorContext, InvalidOptionError} from './errors.js';
import {PageQueue} from './page-queue.js';
import type {Checkpoint, FetchPage, PageSource} from './types.js';
import {integerOption, objectOption, signalOption, stringOption} from './validate.js';

/** Options of {@link ExportStream}; the export methods accept the same names. */
export type ExportStreamOptions = {
  /**
   * Where to start: a cursor saved from `stream.cursor` or a `'checkpoint'` event.
   * @default undefined (the start of the export)
   */
  readonly cursor?: string | undefined;
  /**
   * The most items to deliver; the stream ends after that many, without fetching further pages.
   * @default Infinity
   */
  readonly limit?: number | undefined;
  /**
   * Pages fetched ahead of the one the consumer is reading. `0` fetches strictly on demand.
   * @default 1
   */
  readonly prefetch?: number | undefined;
  /**
   * Items the stream buffers before it stops pushing (object mode).
   * @default 16
   */
  readonly highWaterMark?: number | undefined;
  /** Aborting it destroys the stream with the signal's reason and cancels the request in flight. */
  readonly signal?: AbortSignal | undefined;
};

/** How long a source's `close` may take before the stream finishes destroying without it. */
const CLOSE_DEADLINE_MS = 1000;

/** The core's own events: a source cannot emit them through `hooks.emit`. */
const reservedEvents = new Set([
  'data',
  'end',
  'error',
  'close',
  'readable',
  'pause',
  'resume',
  'checkpoint',
  'retry',
]);

/**
 * An object-mode Readable over a paged API, driven by a {@link PageSource} (or a bare fetchPage
 * function). It fetches pages only as the consumer reads (plus `prefetch` pages ahead), ends at the
 * first empty page, missing `nextCursor` or `last` page, and emits `'checkpoint'` once the consumer
 * has read every item of a page and `'retry'` before each retry.
 *
 * @example
 * ```ts
 * const stream = new ExportStream(async (cursor) => fetchMyPage(cursor), {prefetch: 1});
 * stream.on('checkpoint', ({cursor}) => saveCursor(cursor));
 * for await (const item of stream) handle(item);
 * ```
 */
export class ExportStream<T> extends Readable {
  readonly #source: PageSource<T>;
  readonly #limit: number;
  readonly #abort = new AbortController();
  readonly #queue: PageQueue<T>;
  readonly #checkpoints: Checkpoints;
  /** Keys of the items delivered from the page being read and the one before it (`itemKey`). */
  #keys: [Set<string>, Set<string>] = [new Set(), new Set()];
  #pumping = false;
  #iterating = false;
  #failure: unknown;
  #delivered = 0;
  #consumed = 0;
  #duplicates = 0;
  #detachSignal: (() => void) | undefined;

  constructor(
    source: PageSource<T> | FetchPage<T>,
    options: ExportStreamOptions = {},
    context?: ErrorContext,
  ) {
    const highWaterMark = integerOption('highWaterMark', options.highWaterMark ?? 16, 1);
    super({objectMode: true, highWaterMark});
    this.#source = typeof source === 'function' ? {fetchPage: source} : pageSourceOption(source);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    this.#limit = limit === Number.POSITIVE_INFINITY ? limit : integerOption('limit', limit, 0);
    const prefetch = integerOption('prefetch', options.prefetch ?? 1, 0, 100);
    const cursor = options.cursor === undefined ? undefined : stringOption('cursor', options.cursor);
    // Every request in flight listens to this signal (undici, the deadline, the rate limiter): with
    // prefetch they are many at once, and Node would warn of a leak past 10.
    setMaxListeners(10 + 4 * (prefetch + 1), this.#abort.signal);
    this.#checkpoints = new Checkpoints(cursor);
    this.#queue = new PageQueue(this.#source, cursor, {
      prefetch,
      signal: this.#abort.signal,
      context: context ?? {method: 'ExportStream', path: '(custom page source)'},
      events: {
        retry: (event) => this.emit('retry', event),
        emit: (event, payload) => {
          if (!reservedEvents.has(event)) this.emit(event, payload);
        },
      },
    });
    if (options.signal !== undefined) {
      this.#watch(signalOption('signal', options.signal));
    }
  }

  /**
   * The cursor to resume from: every item before it has been read by the consumer. Starts as the
   * `cursor` option and moves at each `'checkpoint'`.
   */
  get cursor(): string | undefined {
    return this.#checkpoints.current.cursor;
  }

  /** The latest checkpoint: resume cursor, items read and pages read so far. */
  get checkpoint(): Checkpoint {
    return this.#checkpoints.current;
  }

  /** Items dropped because the source's `itemKey` said they were delivered already. */
  get duplicates(): number {
    return this.#duplicates;
  }

  override _read(): void {
    if (!this.#pumping) {
      this.#pump();
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#detachSignal?.();
    // Cancels the request in flight and any retry sleep at once, so that the socket is released
    // and no timer keeps the process alive.
    this.#abort.abort(error ?? new Error('The export stream was destroyed'));
    const {close} = this.#source;
    if (close === undefined) {
      callback(error);
      return;
    }
    // The outcome is known already: a failing clean-up must not replace it, and one that hangs
    // must not hold back 'error' and 'close' (pipeline() would never settle): it gets a deadline.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_DEADLINE_MS).unref();
    });
    Promise.race([Promise.resolve().then(close), deadline])
      .catch(() => {})
      .then(() => {
        clearTimeout(timer);
        callback(error);
      });
  }

  // The consumer has finished with an item when it comes back for the next one (or the stream
  // ends), so checkpoints are released there: at each read, each 'data' and at 'end'. Internal
  // `read(0)` calls are Node's own buffer management and say nothing about the consumer.
  override read(size?: number): T | null {
    if (size !== 0) {
      this.#releaseCheckpoints();
    }
    return super.read(size);
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'data') {
      this.#releaseCheckpoints();
      const result = super.emit(event, ...args);
      this.#consumed++;
      if (this.#failure !== undefined && this.#consumed >= this.#delivered) {
        const failure = this.#failure;
        process.nextTick(() => this.destroy(failure as Error));
      }
      return result;
    }
    // Node emits 'end' on the next tick after the last read: a flowing consumer's handlers have all
    // returned by then, but a `for await` body may still be at work on the last item, so iterators
    // release the last checkpoints themselves (below), when the loop asks for more.
    if (event === 'end' && !this.#iterating) {
      this.#releaseCheckpoints();
    }
    return super.emit(event, ...args);
  }

  override [Symbol.asyncIterator](): NodeJS.AsyncIterator<T> {
    this.#iterating = true;
    const iterator = super[Symbol.asyncIterator]() as NodeJS.AsyncIterator<T>;
    const next = iterator.next.bind(iterator);
    // Done only comes back when the loop asked for the item after the last one: all are handled.
    // (A wrapping async generator would do the same at about 0.3 µs more per item.)
    iterator.next = () =>
      next().then((result) => {
        if (result.done === true) {
          this.#releaseCheckpoints();
        }
        return result;
      });
    return iterator;
  }

  /**
   * Pushes what is available, synchronously, until the buffer is full or it must wait (for a page,
   * or for a prefetched request to reach the socket); then it resumes itself. `#pumping` is true
   * while a pump runs or waits, so _read never starts a second one.
   */
  #pump(): void {
    this.#pumping = true;
    const queue = this.#queue;
    for (;;) {
      const wanted = this.#delivered < this.#limit;
      const head = queue.tasks[0] ?? (wanted ? queue.head() : undefined);
      if (head?.done && !head.available && head.error === undefined) {
        // Recorded even when the limit was just reached, so a page read to its end is a checkpoint.
        // A page of items without a next cursor gives no place to resume after it: its items will
        // come again from the previous cursor, so it is no checkpoint (unless it is empty).
        if (head.nextCursor !== undefined || head.items.length === 0) {
          this.#checkpoints.mark(this.#delivered, head.nextCursor ?? this.#checkpoints.lastCursor);
        }
        this.#keys = [this.#keys[1], new Set()];
        queue.shift(this.#delivered < this.#limit && !this.destroyed);
        continue;
      }
      if (head === undefined || !wanted) {
        this.#pumping = false;
        this.#finish();
        return;
      }
      if (head.available) {
        if (queue.dispatching) {
          // Let the prefetched request reach the socket before the consumer starts on this page:
          // a CPU-bound consumer would otherwise drain the buffer in one chain of microtasks and
          // the request would stay unsent until it finished (measured: no overlap at all).
          queue.dispatching = false;
          setImmediate(() => this.#resume());
          return;
        }
        const item = head.take();
        if (this.#isDuplicate(item)) {
          continue;
        }
        this.#delivered++;
        // Cleared before the push: a consumer reading synchronously inside it may call _read,
        // which then starts the next pump; this one stops if that happened.
        this.#pumping = false;
        if (!this.push(item) || this.#pumping) {
          return;
        }
        this.#pumping = true;
        continue;
      }
      if (!head.done) {
        head.wait().then(() => this.#resume());
        return;
      }
      this.#pumping = false;
      this.#fail(head.error);
      return;
    }
  }

  /** Continues a pump that waited: the consumer asked for items that were not pushed yet. */
  #resume(): void {
    if (this.destroyed) {
      this.#pumping = false;
      return;
    }
    this.#pump();
  }

  #isDuplicate(item: T): boolean {
    const {itemKey} = this.#source;
    if (itemKey === undefined) {
      return false;
    }
    const key = itemKey(item);
    if (this.#keys[0].has(key) || this.#keys[1].has(key)) {
      this.#duplicates++;
      return true;
    }
    this.#keys[1].add(key);
    return false;
  }

  #releaseCheckpoints(): void {
    this.#checkpoints.release(this.#consumed, (checkpoint) => this.emit('checkpoint', checkpoint));
  }

  /**
   * Errors the stream once the consumer has read every item delivered before the failure:
   * destroying at once would discard the buffered items of the pages that did arrive.
   */
  #fail(error: unknown): void {
    if (this.#consumed >= this.#delivered) {
      this.destroy(error as Error);
    } else {
      this.#failure = error;
    }
  }

  #finish(): void {
    // Requests already prefetched are no longer wanted once the stream has all it will deliver.
    if (this.#queue.clear()) {
      this.#abort.abort(new Error('The export stream has ended'));
    }
    this.push(null);
  }

  #watch(signal: AbortSignal): void {
    if (signal.aborted) {
      process.nextTick(() => this.destroy(signal.reason as Error));
      return;
    }
    const onAbort = () => this.destroy(signal.reason as Error);
    signal.addEventListener('abort', onAbort, {once: true});
    this.#detachSignal = () => signal.removeEventListener('abort', onAbort);
  }
}

function pageSourceOption<T>(value: unknown): PageSource<T> {
  const source = objectOption('source', value);
  if (typeof source.fetchPage !== 'function') {
    throw new InvalidOptionError('source.fetchPage', 'a function', source.fetchPage);
  }
  for (const name of ['open', 'itemKey', 'close'] as const) {
    if (source[name] !== undefined && typeof source[name] !== 'function') {
      throw new InvalidOptionError(`source.${name}`, 'a function or undefined', source[name]);
    }
  }
  return source as PageSource<T>;
}

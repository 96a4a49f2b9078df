import {CursorHistory} from './cursor-history.js';
import {type ErrorContext, ProtocolError} from './errors.js';
import {PageTask} from './page-task.js';
import type {FetchPage, PageHooks, PageSource, RetryEvent} from './types.js';

/** What the queue reports to the stream that owns it. */
export type QueueEvents = {
  readonly retry: (event: RetryEvent) => void;
  readonly emit: (event: string, payload: unknown) => void;
};

/**
 * The page requests of one stream, in delivery order: the page being read first, then up to
 * `prefetch` pages requested ahead. Each request starts only once the previous page returned its
 * cursor (cursor paging is a chain). The source's `open` runs once, before the first request.
 */
export class PageQueue<T> {
  readonly tasks: PageTask<T>[] = [];
  readonly #fetchPage: FetchPage<T>;
  readonly #prefetch: number;
  readonly #signal: AbortSignal;
  readonly #context: ErrorContext;
  readonly #events: QueueEvents;
  readonly #history = new CursorHistory();
  /** Pages that announced their next cursor before settling (`hooks.nextCursor`), with that cursor. */
  readonly #announced = new WeakMap<PageTask<T>, string>();
  #nextCursor: string | undefined;
  /** No request can start now: one is under way for the cursor chain, or the chain has ended. */
  #exhausted = false;
  /** A request was just started and may not be on the wire yet (see ExportStream's pump). */
  dispatching = false;

  constructor(
    source: PageSource<T>,
    cursor: string | undefined,
    options: {prefetch: number; signal: AbortSignal; context: ErrorContext; events: QueueEvents},
  ) {
    this.#prefetch = options.prefetch;
    this.#signal = options.signal;
    this.#context = options.context;
    this.#events = options.events;
    this.#nextCursor = cursor;
    const {open} = source;
    let opened: Promise<void> | undefined;
    this.#fetchPage =
      open === undefined
        ? source.fetchPage
        : (next, signal, hooks) => {
            opened ??= open(signal, hooks);
            return opened.then(() => source.fetchPage(next, signal, hooks));
          };
  }

  /** The page being read, starting its request when nothing is queued; `undefined` at the end. */
  head(): PageTask<T> | undefined {
    if (this.tasks.length === 0 && !this.#exhausted) {
      this.#start();
      this.dispatching = false;
    }
    return this.tasks[0];
  }

  /** Drops the head page (read to its end) and requests ahead when allowed. */
  shift(allowed: boolean): void {
    this.tasks.shift();
    this.fill(allowed);
  }

  /** Starts the next request early while fewer than `prefetch` pages wait behind the one being read. */
  fill(allowed: boolean): void {
    if (allowed && !this.#exhausted && this.tasks.length > 0 && this.tasks.length <= this.#prefetch) {
      this.#start();
    }
  }

  /** Forgets every queued page; true when one of them was still under way. */
  clear(): boolean {
    return this.tasks.splice(0).some((task) => !task.done);
  }

  #start(): void {
    const cursor = this.#nextCursor;
    this.#history.add(cursor);
    // The cursor after this page is unknown until it ends; #settled picks the chain up from there.
    this.#nextCursor = undefined;
    this.#exhausted = true;
    this.dispatching = true;
    const hooks: Omit<PageHooks<T>, 'item'> = {
      retry: (event) => this.#events.retry({...event, cursor}),
      emit: this.#events.emit,
      // Without prefetch nothing is requested ahead: a source need not look for the cursor early.
      ...(this.#prefetch > 0 && {nextCursor: (next: string) => this.#announce(task, next)}),
    };
    const task = new PageTask(this.#fetchPage, cursor, this.#signal, hooks, (settled) =>
      this.#settled(settled),
    );
    this.tasks.push(task);
  }

  /**
   * A page still under way announced its next cursor: the chain goes on from it at once, so the
   * next request need not wait for the page to be parsed. Anything doubtful is left to #settled.
   * (A page not yet done that announced nothing is the newest one: the chain waits on it.)
   */
  #announce(task: PageTask<T>, next: unknown): void {
    if (
      task.done ||
      this.#announced.has(task) ||
      this.#signal.aborted ||
      typeof next !== 'string' ||
      next === '' ||
      next === task.cursor ||
      this.#history.has(next)
    ) {
      return;
    }
    this.#announced.set(task, next);
    this.#nextCursor = next;
    this.#exhausted = false;
    this.fill(true);
  }

  /** A page request finished (in any queue position): validate it and chain the next request. */
  #settled(task: PageTask<T>): void {
    if (task.error !== undefined) {
      return;
    }
    const count = task.items.length;
    const next = task.nextCursor;
    const announced = this.#announced.get(task);
    if (announced !== undefined) {
      if (count === 0 || task.last || next !== announced) {
        throw new ProtocolError(
          this.#context,
          `a page announced its next cursor early, then ${count === 0 ? 'had no items' : task.last ? 'said it was the last' : 'returned a different one'}; the request made with the announced cursor is cancelled`,
        );
      }
      return;
    }
    if (count === 0 || next === undefined || task.last) {
      return;
    }
    if (next === task.cursor) {
      throw new ProtocolError(
        this.#context,
        `a page of ${count} items returned the cursor it was requested with; following it would loop forever`,
      );
    }
    if (this.#history.has(next)) {
      throw new ProtocolError(
        this.#context,
        `a page of ${count} items returned a cursor this export had already requested (a cursor cycle); following it would loop forever`,
      );
    }
    this.#nextCursor = next;
    this.#exhausted = false;
    this.fill(true);
  }
}

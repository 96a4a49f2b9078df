import type {FetchPage, PageHooks, RetryEvent} from './types.js';

/**
 * One page request under way or finished: its items fill in as they arrive (all at once for
 * whole-page parsing, one by one for incremental parsing), and `wait()` resolves on every change.
 */
export class PageTask<T> {
  readonly cursor: string | undefined;
  readonly items: (T | undefined)[] = [];
  /** How many items the stream has taken from `items`. */
  read = 0;
  done = false;
  nextCursor: string | undefined;
  error: unknown;
  #wake: (() => void) | undefined;

  constructor(
    fetchPage: FetchPage<T>,
    cursor: string | undefined,
    signal: AbortSignal,
    onRetry: (event: Omit<RetryEvent, 'cursor'>) => void,
    onSettled: (task: PageTask<T>) => void,
  ) {
    this.cursor = cursor;
    const hooks: PageHooks<T> = {
      item: (item) => {
        this.items.push(item);
        this.#notify();
      },
      retry: onRetry,
    };
    // The promise never rejects: the outcome is kept on the task so that a prefetched page that is
    // abandoned (limit reached, stream destroyed) cannot become an unhandled rejection.
    fetchPage(cursor, signal, hooks).then(
      (result) => {
        for (const item of result.items ?? []) {
          this.items.push(item);
        }
        this.nextCursor = result.nextCursor || undefined;
        this.#settle(onSettled);
      },
      (error: unknown) => {
        this.error = error ?? new Error('Page request failed');
        this.#settle(onSettled);
      },
    );
  }

  /** Takes the next unread item, releasing the task's reference to it. */
  take(): T {
    const item = this.items[this.read] as T;
    this.items[this.read] = undefined;
    this.read++;
    return item;
  }

  get available(): boolean {
    return this.read < this.items.length;
  }

  /** Resolves at the next change: an item, the end of the page, or a failure. */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  #settle(onSettled: (task: PageTask<T>) => void): void {
    this.done = true;
    try {
      onSettled(this);
    } catch (error) {
      // The page broke the protocol: none of its items not yet taken may be delivered.
      this.items.length = this.read;
      this.error = error;
    }
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

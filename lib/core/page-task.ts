import {type ErrorContext, ProtocolError} from './errors.js';
import type {FetchPage, PageHooks} from './types.js';

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
  /** The source said this is the last page for now. */
  last = false;
  error: unknown;
  #wake: (() => void) | undefined;

  constructor(
    fetchPage: FetchPage<T>,
    cursor: string | undefined,
    signal: AbortSignal,
    hooks: Omit<PageHooks<T>, 'item'>,
    onSettled: (task: PageTask<T>) => void,
  ) {
    this.cursor = cursor;
    const add = (item: T, index: number) => {
      if (item === null || item === undefined) {
        // A Readable ends at push(null): a null item would end the export silently.
        const context: ErrorContext = {
          method: 'ExportStream',
          path: `(page at cursor ${JSON.stringify(cursor ?? null)})`,
        };
        throw new ProtocolError(
          context,
          `item ${index} of the page is ${String(item)}; an export carries values only`,
        );
      }
      this.items.push(item);
    };
    const pageHooks: PageHooks<T> = {
      ...hooks,
      item: (item) => {
        add(item, this.items.length);
        this.#notify();
      },
    };
    // The promise never rejects: the outcome is kept on the task so that a prefetched page that is
    // abandoned (limit reached, stream destroyed) cannot become an unhandled rejection.
    Promise.resolve()
      .then(() => fetchPage(cursor, signal, pageHooks))
      .then(
        (result) => {
          const items = result.items ?? [];
          for (let index = 0; index < items.length; index++) {
            add(items[index] as T, this.items.length);
          }
          this.nextCursor = result.nextCursor || undefined;
          this.last = result.last === true;
          this.#settle(onSettled);
        },
        (error: unknown) => {
          this.error = error ?? new Error('Page request failed');
          this.#settle(onSettled);
        },
      )
      .catch((error: unknown) => {
        // A null item: none of the page's items may be delivered.
        this.items.length = this.read;
        this.error = error;
        this.#settle(() => {});
      });
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

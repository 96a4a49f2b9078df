/** What one page request returns. Items may also be handed over early through {@link PageHooks.item}. */
export type PageResult<T> = {
  /** The page's items, in order (after any already handed to `hooks.item`). */
  readonly items?: readonly T[];
  /** The cursor of the next page. Missing, `null` or `''` means there is no more data right now. */
  readonly nextCursor?: string | null | undefined;
};

/** Information about one retry of a page request, as emitted by the stream's `'retry'` event. */
export type RetryEvent = {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** How long the library waits before the next attempt, in milliseconds. */
  readonly delay: number;
  /** The transient error that caused the retry. */
  readonly error: Error;
  /** The cursor of the page being retried (`undefined` for the first page). */
  readonly cursor: string | undefined;
};

/** Callbacks a page fetcher may use while a request is under way. */
export type PageHooks<T> = {
  /** Hands over one item as soon as it is parsed (incremental parsing). Items are never repeated. */
  readonly item: (item: T) => void;
  /** Reports that an attempt failed and will be retried. */
  readonly retry: (event: Omit<RetryEvent, 'cursor'>) => void;
};

/**
 * Fetches the page that starts at `cursor` (`undefined`: the first page). Must reject promptly when
 * `signal` aborts. This is all the core needs to know about an API.
 */
export type FetchPage<T> = (
  cursor: string | undefined,
  signal: AbortSignal,
  hooks: PageHooks<T>,
) => Promise<PageResult<T>>;

/** A resume point: the stream has delivered, and the consumer has read, every item before `cursor`. */
export type Checkpoint = {
  /** Pass it as the `cursor` option to continue with the next item. `undefined` until a page is read. */
  readonly cursor: string | undefined;
  /** Items read by the consumer so far in this stream. */
  readonly items: number;
  /** Pages whose items have all been read so far in this stream. */
  readonly pages: number;
};

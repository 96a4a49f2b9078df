/** What one page request returns. Items may also be handed over early through {@link PageHooks.item}. */
export type PageResult<T> = {
  /** The page's items, in order (after any already handed to `hooks.item`). */
  readonly items?: readonly T[];
  /**
   * The cursor of the next page. Missing, `null` or `''` means there is no more data right now.
   * With `last: true` it is where a later export resumes (an incremental run), not a page to fetch now.
   */
  readonly nextCursor?: string | null | undefined;
  /**
   * This page is the last one for now: the stream ends after it without another request. Its
   * `nextCursor` (if any) becomes the final checkpoint, from which a later run continues.
   * @default false (an empty page or a missing `nextCursor` ends the stream)
   */
  readonly last?: boolean | undefined;
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

/** Callbacks a page source may use while a request is under way. */
export type PageHooks<T> = {
  /** Hands over one item as soon as it is parsed (incremental parsing). Items are never repeated. */
  readonly item: (item: T) => void;
  /**
   * Announces the page's `nextCursor` before the page is complete (e.g. found in the raw body before
   * it is parsed), so that a prefetching stream can request the next page sooner. Optional to call,
   * at most once per page, and only for a page that has items, is not `last`, and whose result will
   * carry this very `nextCursor`: a page that returns anything else fails the stream with a
   * `ProtocolError` (and the request made with the announced cursor is cancelled).
   */
  readonly nextCursor?: (cursor: string) => void;
  /** Reports that an attempt failed and will be retried. */
  readonly retry: (event: Omit<RetryEvent, 'cursor'>) => void;
  /**
   * Emits a source-specific event on the stream, e.g. Coveo's `'status'` while an export job runs.
   * The core's own events (`'data'`, `'checkpoint'`, `'retry'`, `'error'`...) cannot be emitted.
   */
  readonly emit: (event: string, payload: unknown) => void;
};

/**
 * Fetches the page that starts at `cursor` (`undefined`: the first page). Must reject promptly when
 * `signal` aborts.
 */
export type FetchPage<T> = (
  cursor: string | undefined,
  signal: AbortSignal,
  hooks: PageHooks<T>,
) => Promise<PageResult<T>>;

/**
 * The seam between the core and an API: all the core knows about one. Cursors are opaque strings
 * the source makes and reads (`"c_8f…"`, `"day:2026-11-24:page:3"`, `"exp42:file2:row900"`); the
 * stream only stores them, passes them back and hands them to the consumer as checkpoints.
 *
 * @example
 * ```ts
 * const source: PageSource<Row> = {
 *   open: async (signal) => { job = await createJob(signal); },
 *   fetchPage: async (cursor, signal) => readRows(job, cursor, signal),
 *   close: async () => { await removeTemporaryFiles(); },
 * };
 * const stream = new ExportStream(source, {prefetch: 1});
 * ```
 */
export type PageSource<T> = {
  /**
   * Runs once, before the first page request, when the consumer first reads (create and poll an
   * export job, freeze "now"...). A rejection fails the stream like a failed page.
   */
  readonly open?: ((signal: AbortSignal, hooks: PageHooks<T>) => Promise<void>) | undefined;
  /** Fetches one page. May be called for the next page while the consumer reads the previous one. */
  readonly fetchPage: FetchPage<T>;
  /**
   * A stable identity per item. When given, the stream drops an item whose key it delivered in the
   * current or the previous page (a page boundary that moved under a live table) and counts it in
   * `stream.duplicates`.
   */
  itemKey?(item: T): string;
  /**
   * Runs once when the stream ends, fails or is destroyed, after its requests were cancelled
   * (delete temporary files...). Errors it throws are ignored: the stream's outcome is already known.
   */
  readonly close?: (() => Promise<void>) | undefined;
};

/** A resume point: the stream has delivered, and the consumer has read, every item before `cursor`. */
export type Checkpoint = {
  /** Pass it as the `cursor` option to continue with the next item. `undefined` until a page is read. */
  readonly cursor: string | undefined;
  /** Items read by the consumer so far in this stream. */
  readonly items: number;
  /** Pages whose items have all been read so far in this stream. */
  readonly pages: number;
};

import {setMaxListeners} from 'node:events';
import {type ErrorContext, HttpError} from './errors.js';
import type {ExportStreamOptions} from './export-stream.js';
import {PartitionChain} from './partition-chain.js';
import {type ChainState, encodePartitionCursor} from './partition-cursor.js';
import type {ResolvedPartitions} from './partition-options.js';
import {pickSplit} from './partition-split.js';
import {pickStreamOptions} from './stream-options.js';
import type {FetchPage, PageHooks, PageResult, PageSource} from './types.js';

/** What a provider gives a partitioned export: how to read a sub-window, and where an item lies in time. */
export type PartitionSpec<T> = {
  /** A page fetcher over the sub-window `[start, end)`, with the provider's own cursors. */
  readonly fetcher: (window: {start: number; end: number}) => FetchPage<T>;
  /** The time (epoch ms) of the field the window filters on; chains read items in non-decreasing time. */
  readonly timeOf: (item: T) => number;
  /** Items per page: how the split policy sizes what is worth a new chain. */
  readonly pageSize: number;
  readonly context: ErrorContext;
};

/**
 * A {@link PageSource} that reads a time window as several concurrent cursor chains (see
 * {@link PartitionOptions}) and hands their pages to one {@link ExportStream}: in window order, or
 * as they arrive. Each page it returns carries a composite cursor recording, for every chain, the
 * cursor after the last page handed over; the stream releases it as a checkpoint once the consumer
 * has read the page, so a checkpoint never covers an item not yet read, in either order.
 *
 * Requests: at most `count` in flight; each chain holds at most `readAhead` pages (buffered or in
 * flight); all chains together at most `count × readAhead` (ordered: the chain being read keeps its
 * own `readAhead` out of the others' share, so it is never starved). A free slot with no chain to
 * serve splits a busy chain (see {@link pickSplit}). A failure in any chain cancels every request at
 * once and fails the next page; a 429 in one chain holds every chain's next request for its wait.
 */
export class PartitionSource<T> implements PageSource<T> {
  readonly #spec: PartitionSpec<T>;
  readonly #settings: ResolvedPartitions;
  readonly #window: {start: number; end: number};
  /** Chains with something left to deliver, in window order. */
  #chains: PartitionChain<T>[];
  /** Chains in the order their pages arrived, one entry per buffered page (unordered delivery). */
  readonly #arrivals: PartitionChain<T>[] = [];
  readonly #abort = new AbortController();
  #hooks: Omit<PageHooks<T>, 'item'> | undefined;
  #failure: unknown;
  #wake: (() => void) | undefined;
  #pausedUntil = 0;
  #pauseTimer: NodeJS.Timeout | undefined;

  constructor(spec: PartitionSpec<T>, settings: ResolvedPartitions) {
    this.#spec = spec;
    this.#settings = settings;
    this.#window = settings.state.window;
    this.#chains = settings.state.chains.map((state) => this.#chain(state));
    setMaxListeners(10 + 8 * settings.count, this.#abort.signal);
  }

  readonly fetchPage = async (
    _cursor: string | undefined,
    signal: AbortSignal,
    hooks: PageHooks<T>,
  ): Promise<PageResult<T>> => {
    if (this.#hooks === undefined) {
      const onAbort = () => this.#abort.abort(signal.reason);
      signal.addEventListener('abort', onAbort, {once: true});
    }
    this.#hooks = hooks;
    for (;;) {
      this.#schedule();
      if (this.#failure !== undefined) {
        throw this.#failure;
      }
      const page = this.#take();
      if (page !== undefined) {
        return page;
      }
      if (this.#chains.length === 0) {
        return {items: [], nextCursor: this.#cursor(), last: true};
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  };

  /**
   * The options of the stream over this source: its pages come from memory, so one page ahead is
   * enough to let the chains' next requests reach the wire before the consumer starts on a page
   * (none with one partition, which keeps it within the memory bound).
   */
  streamOptions(options: ExportStreamOptions): ExportStreamOptions {
    return {...pickStreamOptions(options), prefetch: this.#settings.count > 1 ? 1 : 0};
  }

  readonly close = async (): Promise<void> => {
    clearTimeout(this.#pauseTimer);
    this.#abort.abort(new Error('The partitioned export was closed'));
  };

  /** A chain over `state`; all but the window's first chain drop the items before their start. */
  #chain(state: ChainState): PartitionChain<T> {
    const fetch = this.#spec.fetcher({start: state.start, end: state.end});
    return new PartitionChain<T>(state, fetch, state.start > this.#window.start ? state.start : 0);
  }

  /** The next page to hand over, with the composite cursor after it; `undefined` to wait. */
  #take(): PageResult<T> | undefined {
    let chain: PartitionChain<T> | undefined;
    if (this.#settings.ordered) {
      const head = this.#chains[0];
      chain = head !== undefined && head.pages.length > 0 ? head : undefined;
    } else {
      chain = this.#arrivals.shift();
    }
    if (chain === undefined) {
      return undefined;
    }
    const page = chain.take();
    this.#prune();
    return {items: page.items, nextCursor: this.#cursor()};
  }

  /** Forgets the chains that have nothing left to deliver. */
  #prune(): void {
    this.#chains = this.#chains.filter((chain) => !chain.settled);
  }

  #cursor(): string {
    const {tag} = this.#settings.state;
    return encodePartitionCursor({
      window: this.#window,
      chains: this.#chains.map((chain) => chain.state),
      tag,
    });
  }

  /** Starts every request the limits allow, splitting busy chains for slots no chain can use. */
  #schedule(): void {
    if (this.#failure !== undefined || this.#abort.signal.aborted || this.#paused()) {
      return;
    }
    const {count, readAhead, ordered} = this.#settings;
    const head = ordered ? this.#chains[0] : undefined;
    let inFlight = 0;
    let held = 0;
    for (const chain of this.#chains) {
      inFlight += chain.inFlight ? 1 : 0;
      held += chain === head ? 0 : chain.held;
    }
    const budget = (ordered ? count - 1 : count) * readAhead;
    const start = (chain: PartitionChain<T>) => {
      inFlight++;
      held += chain === head ? 0 : 1;
      this.#read(chain);
    };
    for (const chain of this.#chains) {
      const allowed = chain === head || held < budget;
      if (inFlight < count && allowed && !chain.done && !chain.inFlight && chain.held < readAhead) {
        start(chain);
      }
    }
    while (inFlight < count && held < budget) {
      const split = pickSplit(this.#chains, ordered, this.#spec.pageSize, readAhead, this.#settings.align);
      if (split === undefined) {
        return;
      }
      const {chain, at} = split;
      const next = this.#chain({start: at, end: chain.end, stop: chain.stop, cursor: undefined});
      next.inherited = chain.density;
      chain.stop = at;
      this.#chains.splice(this.#chains.indexOf(chain) + 1, 0, next);
      start(next);
    }
  }

  #read(chain: PartitionChain<T>): void {
    const hooks = {
      retry: (event: Parameters<PageHooks<T>['retry']>[0]) => {
        if (event.error instanceof HttpError && event.error.status === 429) {
          this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + event.delay);
        }
        this.#hooks?.retry(event);
      },
      emit: (event: string, payload: unknown) => this.#hooks?.emit(event, payload),
    };
    chain.read(this.#abort.signal, hooks, this.#spec.timeOf, this.#spec.context).then(
      (buffered) => {
        if (buffered && !this.#settings.ordered) {
          this.#arrivals.push(chain);
        }
        this.#changed();
      },
      (error: unknown) => {
        if (this.#failure === undefined && !this.#abort.signal.aborted) {
          this.#failure = error;
          // The other chains' requests are of no use now: cancel them at once.
          this.#abort.abort(error);
        }
        this.#changed();
      },
    );
  }

  #changed(): void {
    this.#prune();
    this.#schedule();
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** True while a 429's wait holds every chain; schedules the next look when it ends. */
  #paused(): boolean {
    const wait = this.#pausedUntil - Date.now();
    if (wait <= 0) {
      return false;
    }
    if (this.#pauseTimer === undefined) {
      this.#pauseTimer = setTimeout(() => {
        this.#pauseTimer = undefined;
        this.#changed();
      }, wait);
    }
    return true;
  }
}

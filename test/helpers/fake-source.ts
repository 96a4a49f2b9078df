import type {FetchPage, PageResult} from '../../lib/core/types.js';

/** One call the fake source received. */
export type FakeCall = {cursor: string | undefined; signal: AbortSignal};

/**
 * An in-memory paged API over the numbers 0..total-1: cursor = offset as a string, a final empty
 * page whose cursor is `total`. `hold` keeps responses pending until `release()` is called.
 */
export function fakeSource(total: number, pageSize: number, {hold = false} = {}) {
  const calls: FakeCall[] = [];
  const pending: (() => void)[] = [];
  let size = total;
  const fetchPage: FetchPage<number> = (cursor, signal) => {
    calls.push({cursor, signal});
    const offset = cursor === undefined ? 0 : Number(cursor);
    const end = Math.min(size, offset + pageSize);
    const items = Array.from({length: end - offset}, (_, index) => offset + index);
    const result: PageResult<number> = {items, nextCursor: String(end)};
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), {once: true});
      if (hold) {
        pending.push(() => resolve(result));
      } else {
        setImmediate(() => resolve(result));
      }
    });
  };
  return {
    fetchPage,
    calls,
    release: () => {
      for (const resolve of pending.splice(0)) resolve();
    },
    grow: (more: number) => {
      size += more;
    },
  };
}

/** Waits for a few turns of the event loop so that pending I/O callbacks and timers run. */
export async function settle(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

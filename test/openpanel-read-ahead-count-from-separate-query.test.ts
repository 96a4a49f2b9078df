import t from 'tap';
import type {PageHooks, RetryEvent} from '../lib/core/types.js';
import type {PagingState} from '../lib/openpanel/cursor.js';
import {OffsetEventSource, type RequestPage} from '../lib/openpanel/event-source.js';
import type {RawPage} from '../lib/openpanel/offset-paging.js';
import type {OpenPanelEvent} from '../lib/openpanel/types.js';

const context = {method: 'exportEvents', path: '/export/events', httpMethod: 'GET'};
const base = Date.parse('2026-11-24T12:00:00.000Z');
const nextDay = Date.parse('2026-11-25T00:00:00.000Z');
const retry = {retries: 2, minDelay: 1, maxDelay: 2, factor: 2, maxRetryAfter: 5, maxRetryTime: 5000};
const tick = () => new Promise((resolve) => setImmediate(resolve));

function rows(from: number, count: number): OpenPanelEvent[] {
  // newest first, one per millisecond
  return Array.from({length: count}, (_, index) => {
    const n = from + count - 1 - index;
    return {id: `id-${n}`, createdAt: new Date(base + n).toISOString()} as OpenPanelEvent;
  });
}

function fresh(overrides: Partial<PagingState> = {}): PagingState {
  return {query: 'q', start: 0, end: null, until: null, offset: 0, total: 0, last: null, ...overrides};
}

function reader(
  request: RequestPage,
  readAhead: number,
  window: {initial?: PagingState; now?: () => number} = {},
): OffsetEventSource {
  return new OffsetEventSource(request, {
    initial: window.initial ?? fresh(),
    pageSize: 10,
    readAhead,
    limit: Number.POSITIVE_INFINITY,
    now: window.now ?? (() => base + 1000),
    retry,
    context,
  });
}

async function drain(source: OffsetEventSource, hooks: PageHooks<OpenPanelEvent>): Promise<string[]> {
  const delivered: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await source.fetchPage(cursor, new AbortController().signal, hooks);
    delivered.push(...page.items!.map((event) => event.id));
    if (page.last === true) return delivered;
    cursor = page.nextCursor!;
  }
}

function hooksWith(retries: Omit<RetryEvent, 'cursor'>[] = []): PageHooks<OpenPanelEvent> {
  return {item: () => {}, retry: (event) => retries.push(event), emit: () => {}};
}

/*
 * OpenPanel computes `data` (the list query) and `meta.totalCount` (a separate count(*) query) apart.
 * Pages read ahead are requested together, so the list query of page 2 can run before an insert while
 * page 1's runs after it, and page 2's count after it too: no count check can see it.
 */
t.test(
  'a window that includes today pages one request at a time, so a page whose list predates an insert loses nothing',
  async (t) => {
    let table = rows(0, 40);
    const oldTable = table;
    const calls = new Map<number, (page: RawPage) => void>();
    let inFlight = 0;
    let most = 0;
    const request: RequestPage = (state) =>
      new Promise<RawPage>((resolve) => {
        most = Math.max(most, ++inFlight);
        calls.set(state.offset, (page) => {
          inFlight--;
          resolve(page);
        });
      });
    const source = reader(request, 2);
    const signal = new AbortController().signal;
    const delivered: string[] = [];

    const first = source.fetchPage(undefined, signal, hooksWith());
    await tick();
    calls.get(0)!({data: table.slice(0, 10), totalCount: 40});
    const page0 = await first;
    delivered.push(...page0.items!.map((event) => event.id));
    await tick();
    t.notOk(calls.has(10) || calls.has(20), 'no page read ahead: the window ends today');

    // 5 events arrive; the old list of page 2 with the new count would have been accepted.
    table = [...rows(900, 5), ...table];
    let cursor = page0.nextCursor!;
    for (;;) {
      const next = source.fetchPage(cursor, signal, hooksWith());
      await tick();
      for (const [offset, resolve] of calls) {
        if (offset > 0) resolve({data: table.slice(offset, offset + 10), totalCount: table.length});
      }
      calls.clear();
      const page = await next;
      delivered.push(...page.items!.map((event) => event.id));
      if (page.last === true) break;
      cursor = page.nextCursor!;
    }
    t.equal(most, 1, 'never more than one request under way');
    t.same(
      delivered,
      oldTable.map((event) => event.id),
      'every event that existed at the start, once',
    );
  },
);

t.test('a window of closed days (its last day before today) reads pages ahead', async (t) => {
  const table = rows(0, 40);
  const offsets: number[] = [];
  const request: RequestPage = async (state) => {
    offsets.push(state.offset);
    return {data: table.slice(state.offset, state.offset + 10), totalCount: table.length};
  };
  const source = reader(request, 2, {initial: fresh({until: nextDay}), now: () => nextDay + 1});
  await source.fetchPage(undefined, new AbortController().signal, hooksWith());
  t.same(offsets, [0, 10, 20], 'page 0, then pages 1 and 2 at once');

  const today = reader(request, 2, {initial: fresh({until: nextDay}), now: () => nextDay - 1});
  offsets.length = 0;
  await today.fetchPage(undefined, new AbortController().signal, hooksWith());
  t.same(offsets, [0], 'the same window seen on its own last day: one page at a time');
});

// A lagging replica (or a load balancer between two) answers one page from an older state of the
// table: its totalCount is lower than the one already seen, which under inserts only cannot happen.
t.test(
  'a page whose totalCount went down is asked again after the retry waits, and nothing is lost',
  async (t) => {
    const oldTable = rows(0, 40);
    const newTable = [...rows(900, 5), ...oldTable];
    let made = 0;
    const request: RequestPage = async (state) => {
      made++;
      // The second and third requests are served by a replica without the 5 newest events.
      const table = made === 2 || made === 3 ? oldTable : newTable;
      return {data: table.slice(state.offset, state.offset + 10), totalCount: table.length};
    };
    const retries: Omit<RetryEvent, 'cursor'>[] = [];
    const delivered = await drain(reader(request, 0), hooksWith(retries));
    t.same(
      oldTable.map((event) => event.id).filter((id) => !delivered.includes(id)),
      [],
      'no event that existed at the start is lost',
    );
    t.equal(new Set(delivered).size, delivered.length, 'none twice');
    t.same(
      retries.map((event) => [event.attempt, (event.error as Error).name]),
      [
        [1, 'ProtocolError'],
        [2, 'ProtocolError'],
      ],
      'two retries, reported as such',
    );
    t.ok(
      retries.every((event) => event.delay >= 0 && event.delay <= 2),
      'with the policy waits',
    );
  },
);

t.test('a count that stays lower than the one seen fails with a clear ProtocolError', async (t) => {
  let made = 0;
  const request: RequestPage = async (state) => {
    made++;
    const table = made === 1 ? rows(0, 45) : rows(0, 40);
    return {data: table.slice(state.offset, state.offset + 10), totalCount: table.length};
  };
  const source = reader(request, 0);
  const signal = new AbortController().signal;
  const first = await source.fetchPage(undefined, signal, hooksWith());
  await t.rejects(source.fetchPage(first.nextCursor!, signal, hooksWith()), {
    name: 'ProtocolError',
    code: 'ERR_EXPORT_PROTOCOL',
    message:
      /the count of events went down from 45 to 40 \(events deleted, or a lagging replica answered\).*resume from the last checkpoint later/,
  });
  t.equal(made, 4, 'the first page, then the second asked once and retried twice');
});

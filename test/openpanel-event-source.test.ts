import t from 'tap';
import {ExportStream} from '../lib/core/export-stream.js';
import type {PageHooks} from '../lib/core/types.js';
import {decodeCursor, encodeCursor, type PagingState} from '../lib/openpanel/cursor.js';
import {OffsetEventSource, type RequestPage} from '../lib/openpanel/event-source.js';
import {dayRange, type RawPage} from '../lib/openpanel/offset-paging.js';
import type {OpenPanelEvent} from '../lib/openpanel/types.js';

const context = {method: 'exportEvents', path: '/export/events', httpMethod: 'GET'};
const base = Date.parse('2026-11-24T12:00:00.000Z');
const hooks: PageHooks<OpenPanelEvent> = {item: () => {}, retry: () => {}, emit: () => {}};
/** The next UTC day after `base`'s: a window ending there is closed once "now" is on that day. */
const nextDay = Date.parse('2026-11-25T00:00:00.000Z');
const retry = {retries: 2, minDelay: 1, maxDelay: 2, factor: 2, maxRetryAfter: 5, maxRetryTime: 5000};

type Row = {readonly id: string; readonly at: number};

/**
 * OpenPanel's events table in memory: newest first, ties in an order that is not the ids' string
 * order (ClickHouse sorts UUIDs by their second half), whole-day filtering, OFFSET paging.
 */
class LiveTable {
  rows: Row[] = [];
  clock = base;
  #next = 0;

  /** Inserts `count` events at the newest end (one per millisecond), or all at `at`. */
  insert(count: number, at?: number): Row[] {
    const added: Row[] = [];
    for (let index = 0; index < count; index++) {
      const id = `e${String(this.#next++).padStart(6, '0')}`;
      added.push({id, at: at ?? ++this.clock});
    }
    this.rows = [...this.rows, ...added].sort(serverOrder);
    return added;
  }

  page(state: PagingState, limit: number): RawPage {
    const days = dayRange(state);
    const listed = this.rows.filter((row) => {
      const day = new Date(row.at).toISOString().slice(0, 10);
      return day >= days.start && day <= days.end;
    });
    const data = listed
      .slice(state.offset, state.offset + limit)
      .map((row) => ({id: row.id, createdAt: new Date(row.at).toISOString()}) as OpenPanelEvent);
    return {data, totalCount: listed.length};
  }
}

function serverOrder(a: Row, b: Row): number {
  const reversed = (id: string) => [...id].reverse().join('');
  return b.at - a.at || reversed(a.id).localeCompare(reversed(b.id));
}

type Call = {offset: number; signal: AbortSignal; release: () => void};

/**
 * A RequestPage over a LiveTable. `auto`: the table is read when the request is made and answered
 * on the next turn, after `before(n)` ran for the n-th request (inserts between any two requests).
 * `manual`: the table is read when the test releases the call, so a request made early can be
 * answered from an older state than one made later.
 */
function requester(table: LiveTable, limit: number, mode: 'auto' | 'manual', before?: (n: number) => void) {
  const calls: Call[] = [];
  const offsets: number[] = [];
  let made = 0;
  const request: RequestPage = (state, signal) => {
    before?.(made);
    made++;
    offsets.push(state.offset);
    return new Promise<RawPage>((resolve, reject) => {
      const call = {offset: state.offset, signal, release: () => resolve(table.page(state, limit))};
      calls.push(call);
      if (signal.aborted) {
        calls.pop();
        reject(signal.reason);
        return;
      }
      signal.addEventListener(
        'abort',
        () => {
          if (calls.includes(call)) calls.splice(calls.indexOf(call), 1);
          reject(signal.reason);
        },
        {once: true},
      );
      if (mode === 'auto') {
        const page = table.page(state, limit);
        setImmediate(() => resolve(page));
      }
    });
  };
  const releaseAt = async (offset: number) => {
    for (let turn = 0; turn < 100 && !calls.some((call) => call.offset === offset); turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const index = calls.findIndex((call) => call.offset === offset);
    const [call] = calls.splice(index, 1);
    call!.release();
  };
  return {request, calls, offsets, releaseAt, count: () => made};
}

function fresh(overrides: Partial<PagingState> = {}): PagingState {
  return {query: 'q', start: 0, end: null, until: null, offset: 0, total: 0, last: null, ...overrides};
}

/** A window of closed days: it ends with `base`'s day, and "now" is the next day. */
function closed(overrides: Partial<PagingState> = {}): {initial: PagingState; now: () => number} {
  return {initial: fresh({until: nextDay, ...overrides}), now: () => nextDay + 60_000};
}

function source(
  request: RequestPage,
  table: LiveTable,
  pageSize: number,
  readAhead: number,
  window: {initial?: PagingState; now?: () => number} = {},
) {
  return new OffsetEventSource(request, {
    initial: window.initial ?? fresh(),
    pageSize,
    readAhead,
    limit: Number.POSITIVE_INFINITY,
    now: window.now ?? (() => table.clock + 1),
    retry,
    context,
  });
}

type Run = {
  ids: string[];
  checkpoints: {cursor: string | undefined; items: number}[];
  final: string | undefined;
};

async function run(
  table: LiveTable,
  pageSize: number,
  prefetch: number,
  options: {cursor?: string | undefined; before?: (n: number) => void; closed?: boolean} = {},
): Promise<Run & {requests: number}> {
  const fake = requester(table, pageSize, 'auto', options.before);
  const reader = source(
    fake.request,
    table,
    pageSize,
    Math.max(prefetch - 1, 0),
    options.closed === true ? closed() : {},
  );
  const stream = new ExportStream(reader, {prefetch, cursor: options.cursor}, context);
  const checkpoints: Run['checkpoints'] = [];
  stream.on('checkpoint', ({cursor, items}) => checkpoints.push({cursor, items}));
  const ids: string[] = [];
  for await (const event of stream) ids.push((event as OpenPanelEvent).id);
  return {ids, checkpoints, final: stream.cursor, requests: fake.count()};
}

function idsOf(rows: Row[]): string[] {
  return [...rows].sort(serverOrder).map((row) => row.id);
}

for (const prefetch of [1, 4]) {
  for (const burst of [1, 6]) {
    t.test(
      `with prefetch ${prefetch}, ${burst} inserts before every request repeat nothing and lose nothing`,
      async (t) => {
        const table = new LiveTable();
        table.insert(100);
        table.insert(5, table.clock); // a tie across a page boundary
        const existing = idsOf(table.rows);
        const first = await run(table, 7, prefetch, {before: () => table.insert(burst)});
        t.same(first.ids, existing, 'every event that existed at the start, once, newest first');
        const arrived = table.rows.filter((row) => !existing.includes(row.id));
        t.ok(
          arrived.length >= burst * 15,
          `events kept arriving during the export (${first.requests} requests)`,
        );

        const second = await run(table, 7, prefetch, {cursor: first.final});
        t.same(
          second.ids,
          idsOf(arrived),
          'the next run from the final cursor delivers exactly what arrived since',
        );
        const third = await run(table, 7, prefetch, {cursor: second.final});
        t.same(third.ids, [], 'and a run with nothing new delivers nothing');
      },
    );
  }
}

for (const [name, burst] of [
  ['7 inserts before every request', () => 7],
  ['100 inserts before every request', () => 100],
  // A page on average, in bursts: a quiet request between two bursts must not reset the count.
  ['14 inserts before every other request', (n: number) => (n % 2 === 0 ? 14 : 0)],
] as const) {
  t.test(`${name}, a page or more on average, stall the export with a clear error`, async (t) => {
    const table = new LiveTable();
    table.insert(40);
    const existing = idsOf(table.rows);
    const fake = requester(table, 7, 'auto', (n) => n >= 2 && table.insert(burst(n)));
    const stream = new ExportStream(source(fake.request, table, 7, 0), {}, context);
    const ids: string[] = [];
    let cursor: string | undefined;
    stream.on('checkpoint', (checkpoint) => {
      cursor = checkpoint.cursor;
    });
    await t.rejects(
      (async () => {
        for await (const event of stream) ids.push((event as OpenPanelEvent).id);
      })(),
      {
        code: 'ERR_EXPORT_PROTOCOL',
        message:
          /(\d+) requests in a row found only events passed already while \d+ arrived \(\1 pages of 7 or more\)/,
      },
    );
    t.ok(ids.length >= 7, 'some pages were delivered before the stall');
    t.same(ids, existing.slice(0, ids.length), 'what was delivered was delivered once, in order');
    const rest = await run(table, 7, 1, {cursor});
    t.same([...ids, ...rest.ids], existing, 'once the inserts calm down, the checkpoint resumes exactly');
  });
}

for (const [first, second] of [
  [7, 210],
  [84, 84],
] as const) {
  t.test(
    `one burst spread over two requests (${first}, then ${second}) is worked off, not taken for a stall`,
    async (t) => {
      const table = new LiveTable();
      table.insert(600);
      const existing = idsOf(table.rows);
      const result = await run(table, 7, 1, {
        before: (n) => (n === 5 ? table.insert(first) : n === 6 ? table.insert(second) : undefined),
      });
      t.same(result.ids, existing, 'every event that existed, once');
    },
  );
}

t.test('resuming from any checkpoint after more inserts delivers the rest exactly once', async (t) => {
  const table = new LiveTable();
  table.insert(60);
  const existing = idsOf(table.rows);
  const whole = await run(table, 8, 1);
  t.same(whole.ids, existing);
  t.ok(whole.checkpoints.length >= 8);
  // The last checkpoint is the final cursor: the next run from it is tested above.
  for (const {cursor, items} of whole.checkpoints.filter(
    (checkpoint) => checkpoint.items < existing.length,
  )) {
    table.insert(11); // after the checkpoint and before the resumed run, at the newest end
    const rest = await run(table, 8, 2, {cursor, before: () => table.insert(3)});
    t.same([...whole.ids.slice(0, items), ...rest.ids], existing, `resumed after ${items} events`);
  }
});

t.test('a burst larger than several pages between two requests is absorbed as repeats', async (t) => {
  const table = new LiveTable();
  table.insert(50);
  const existing = idsOf(table.rows);
  const result = await run(table, 5, 1, {before: (n) => n === 3 && table.insert(23)});
  t.same(result.ids, existing);
});

t.test('a tie larger than a page, in the server order of ids, is delivered once', async (t) => {
  const table = new LiveTable();
  table.insert(3);
  table.insert(17, table.clock + 1);
  table.clock += 1;
  table.insert(4);
  const existing = idsOf(table.rows);
  const result = await run(table, 5, 1, {before: (n) => table.insert(n % 3)});
  t.same(result.ids, existing);
});

t.test(
  'a page read ahead from an older state of the table is dropped and asked again, then pages go one by one',
  async (t) => {
    const table = new LiveTable();
    table.insert(40);
    const existing = idsOf(table.rows);
    const fake = requester(table, 10, 'manual');
    const reader = source(fake.request, table, 10, 3, closed());

    const page0 = reader.fetchPage(undefined, new AbortController().signal, hooks);
    await fake.releaseAt(0);
    const first = await page0;
    t.equal(fake.count(), 4, 'page 0 then pages 1 to 3 read ahead at once');

    // Page 2 is answered first, from the table as it is; then 5 events arrive; then page 1.
    await fake.releaseAt(20);
    table.insert(5);
    await fake.releaseAt(10);
    const second = await reader.fetchPage(first.nextCursor!, new AbortController().signal, hooks);
    t.equal(decodeCursor(second.nextCursor!).total, 45, 'page 1 saw the inserts');
    const third = reader.fetchPage(second.nextCursor!, new AbortController().signal, hooks);
    await fake.releaseAt(20); // the request made again for page 2
    const thirdPage = await third;
    t.equal(reader.stalePages, 1, 'the older page 2 was dropped');
    t.equal(fake.calls.filter((call) => call.offset === 30).length, 0, 'page 3 was cancelled with it');

    const ids = [...first.items!, ...second.items!, ...thirdPage.items!].map((event) => event.id);
    let cursor = thirdPage.nextCursor!;
    for (;;) {
      const before = fake.count();
      const next = reader.fetchPage(cursor, new AbortController().signal, hooks);
      await new Promise((resolve) => setImmediate(resolve));
      t.equal(fake.calls.length, 1, 'one request at a time from now on');
      t.equal(fake.count(), before + 1);
      await fake.releaseAt(decodeCursor(cursor).offset);
      const result = await next;
      ids.push(...result.items!.map((event) => event.id));
      if (result.last === true) break;
      cursor = result.nextCursor!;
    }
    t.same(ids, existing, 'nothing was lost to the older page');
  },
);

t.test('a page read ahead from the same or a newer state is used as it is', async (t) => {
  const table = new LiveTable();
  table.insert(30);
  const result = await run(table, 10, 4, {closed: true});
  t.same(result.ids, idsOf(table.rows));
  t.equal(result.requests, 4, 'three full pages and the empty one after them, nothing asked twice');
});

t.test('no page is read ahead beyond the known count or the stream limit', async (t) => {
  const table = new LiveTable();
  table.insert(100);
  const fake = requester(table, 10, 'auto');
  const limited = new OffsetEventSource(fake.request, {
    ...closed(),
    pageSize: 10,
    readAhead: 5,
    limit: 25,
    retry,
    context,
  });
  await limited.fetchPage(undefined, new AbortController().signal, hooks);
  t.same(fake.offsets, [0, 10, 20], 'the first page, then only the pages that can hold the first 25 events');

  const small = new LiveTable();
  small.insert(12);
  const counted = requester(small, 10, 'auto');
  const stream2 = new ExportStream(source(counted.request, small, 10, 5, closed()), {prefetch: 6}, context);
  t.equal((await stream2.toArray()).length, 12);
  t.same(counted.offsets, [0, 10], 'no page past the 12 events the count announced');
});

t.test('an empty window makes no request and ends with a cursor for the next run', async (t) => {
  const table = new LiveTable();
  table.insert(5);
  const fake = requester(table, 10, 'auto');
  const initial = fresh({start: base - 10, until: base - 10});
  const reader = source(fake.request, table, 10, 0, {initial});
  const result = await reader.fetchPage(undefined, new AbortController().signal, hooks);
  t.same(result.items, []);
  t.equal(result.last, true);
  t.same(decodeCursor(result.nextCursor!), {...initial, start: base - 10});
  t.equal(fake.count(), 0);
});

t.test('the window is the frozen [start, end): sub-day bounds are filtered on the client', async (t) => {
  const table = new LiveTable();
  const rows = table.insert(30);
  const start = rows[15]!.at;
  const until = rows[25]!.at;
  const fake = requester(table, 4, 'auto');
  const reader = source(fake.request, table, 4, 0, {initial: fresh({start, until})});
  const stream = new ExportStream(reader, {}, context);
  const ids = (await stream.toArray()).map((event: OpenPanelEvent) => event.id);
  t.same(ids, idsOf(rows.slice(15, 25)));
  t.equal(decodeCursor(stream.cursor!).start, until, 'the next run starts at the end');
  t.equal(fake.count(), 4, 'the export stops at the first event older than the start, not at the last page');
});

t.test('pages of events newer than the window do not end the stream', async (t) => {
  const table = new LiveTable();
  const old = table.insert(3);
  const end = table.clock + 1;
  table.insert(25); // newer than the end: five pages of them first
  const fake = requester(table, 5, 'auto');
  const reader = source(fake.request, table, 5, 0, {initial: fresh({until: end})});
  const ids = (await new ExportStream(reader, {}, context).toArray()).map(
    (event: OpenPanelEvent) => event.id,
  );
  t.same(ids, idsOf(old));
});

t.test('a late event written behind the position is not delivered (the documented limit)', async (t) => {
  const table = new LiveTable();
  table.insert(20);
  const existing = idsOf(table.rows);
  const late = table.rows[1]!.at + 1; // between two events the export has read already
  const first = await run(table, 5, 1, {before: (n) => n === 3 && table.insert(1, late)});
  t.same(first.ids, existing);
  t.equal(table.rows.length, 21);
  const second = await run(table, 5, 1, {cursor: first.final});
  t.same(second.ids, [], 'nor by the next run, whose window starts after it');
});

t.test('a failed page read ahead fails the page that needs it', async (t) => {
  const table = new LiveTable();
  table.insert(30);
  let calls = 0;
  const request: RequestPage = (state) => {
    calls++;
    return calls === 3 ? Promise.reject(new Error('boom')) : Promise.resolve(table.page(state, 10));
  };
  const reader = source(request, table, 10, 2, closed());
  const signal = new AbortController().signal;
  const first = await reader.fetchPage(undefined, signal, hooks);
  const second = await reader.fetchPage(first.nextCursor!, signal, hooks);
  await t.rejects(reader.fetchPage(second.nextCursor!, signal, hooks), {message: 'boom'});
});

t.test('aborting while a page read ahead is awaited rejects at once and cancels it', async (t) => {
  const table = new LiveTable();
  table.insert(30);
  const fake = requester(table, 10, 'manual');
  const reader = source(fake.request, table, 10, 1, closed());
  const page0 = reader.fetchPage(undefined, new AbortController().signal, hooks);
  await fake.releaseAt(0);
  const first = await page0;
  const readAhead = fake.calls.find((call) => call.offset === 10)!;
  t.ok(readAhead);
  const controller = new AbortController();
  const waiting = reader.fetchPage(first.nextCursor!, controller.signal, hooks);
  controller.abort(new Error('stop'));
  await t.rejects(waiting, {message: 'stop'});
  t.equal(readAhead.signal.aborted, true);

  const aborted = new AbortController();
  aborted.abort(new Error('already'));
  const other = source(fake.request, table, 10, 0, {initial: decodeCursor(first.nextCursor!)});
  await t.rejects(
    other.fetchPage(undefined, aborted.signal, hooks),
    {message: 'already'},
    'a request made with it',
  );
});

t.test('an already aborted signal rejects before waiting for a page read ahead', async (t) => {
  const table = new LiveTable();
  table.insert(30);
  const fake = requester(table, 10, 'manual');
  const reader = source(fake.request, table, 10, 1, closed());
  const page0 = reader.fetchPage(undefined, new AbortController().signal, hooks);
  await fake.releaseAt(0);
  const first = await page0;
  const aborted = new AbortController();
  aborted.abort(new Error('gone'));
  await t.rejects(reader.fetchPage(first.nextCursor!, aborted.signal, hooks), {message: 'gone'});
});

t.test('close cancels the pages read ahead', async (t) => {
  const table = new LiveTable();
  table.insert(50);
  const fake = requester(table, 10, 'manual');
  const reader = source(fake.request, table, 10, 3, closed());
  const page0 = reader.fetchPage(undefined, new AbortController().signal, hooks);
  await fake.releaseAt(0);
  await page0;
  const readAhead = [...fake.calls];
  t.equal(readAhead.length, 3);
  await reader.close();
  t.ok(readAhead.every((call) => call.signal.aborted));
  t.equal(fake.calls.length, 0);
});

t.test('the stream drops an id it has just delivered (the core check behind the position)', async (t) => {
  const reader = source(() => Promise.resolve({data: [], totalCount: 0}), new LiveTable(), 10, 0);
  t.equal(reader.itemKey({id: 'abc'} as OpenPanelEvent), 'abc');
  t.equal(encodeCursor(fresh()).length > 0, true);
});

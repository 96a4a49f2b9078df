import {once} from 'node:events';
import t from 'tap';
import {ExportStream} from '../lib/core/export-stream.js';
import type {Checkpoint, PageResult, PageSource} from '../lib/core/types.js';
import {settle} from './helpers/fake-source.js';

/** A source over fixed pages: `pages[n]` answers the n-th request; it records every call. */
function scripted<T>(pages: readonly PageResult<T>[], extra: Partial<PageSource<T>> = {}) {
  const log: string[] = [];
  const signals: AbortSignal[] = [];
  const source: PageSource<T> = {
    ...extra,
    fetchPage: async (cursor, signal) => {
      log.push(`fetch ${cursor ?? '(start)'}`);
      signals.push(signal);
      await settle(1);
      const page = pages[signals.length - 1];
      if (page === undefined) throw new Error(`no page scripted for request ${signals.length}`);
      return page;
    },
  };
  return {source, log, signals};
}

/** Resolves at the stream's 'close' (unlike events.once, it does not reject at 'error'). */
const closed = (stream: ExportStream<unknown>) =>
  new Promise<void>((resolve) => (stream.closed ? resolve() : stream.once('close', () => resolve())));

t.test('open runs once, before the first request, and not before the first read', async (t) => {
  let opens = 0;
  const pages = [
    {items: [1, 2], nextCursor: 'a'},
    {items: [3, 4], nextCursor: 'b'},
    {items: [5], nextCursor: 'c'},
    {items: []},
  ];
  const {source, log} = scripted<number>(pages, {
    open: async (signal) => {
      opens++;
      t.type(signal, AbortSignal);
      log.push('open start');
      await settle(3);
      log.push('open end');
    },
  });
  const stream = new ExportStream(source, {prefetch: 3, highWaterMark: 1});
  await settle();
  t.equal(opens, 0, 'nothing runs before the first read');
  t.same(await stream.toArray(), [1, 2, 3, 4, 5]);
  t.equal(opens, 1);
  t.same(log, ['open start', 'open end', 'fetch (start)', 'fetch a', 'fetch b', 'fetch c']);
});

t.test('open may emit source events before the first page', async (t) => {
  const {source} = scripted<number>([{items: [1]}], {
    open: async (_signal, hooks) => {
      hooks.emit('status', {state: 'RUNNING'});
    },
  });
  const statuses: unknown[] = [];
  const stream = new ExportStream(source);
  stream.on('status', (status) => statuses.push(status));
  t.same(await stream.toArray(), [1]);
  t.same(statuses, [{state: 'RUNNING'}]);
});

t.test('a failing open fails the stream and no page is requested', async (t) => {
  const failure = new Error('the export job failed');
  const {source, log} = scripted<number>([{items: [1]}], {
    open: async () => {
      throw failure;
    },
  });
  await t.rejects(new ExportStream(source).toArray(), failure);
  t.same(log, []);
});

t.test('close runs once when the stream ends, after its items were read', async (t) => {
  let closes = 0;
  const {source} = scripted<number>([{items: [1, 2], nextCursor: 'a'}, {items: []}], {
    close: async () => {
      closes++;
    },
  });
  const stream = new ExportStream(source);
  t.same(await stream.toArray(), [1, 2]);
  await closed(stream);
  t.equal(closes, 1);
});

t.test('close runs once when a page fails, and the page error is what the consumer sees', async (t) => {
  let closes = 0;
  const failure = new Error('page 2 failed');
  const source: PageSource<number> = {
    fetchPage: async (cursor) => {
      if (cursor === undefined) return {items: [1], nextCursor: 'a'};
      throw failure;
    },
    close: async () => {
      closes++;
      throw new Error('clean-up failed too');
    },
  };
  const stream = new ExportStream(source);
  const errors: unknown[] = [];
  stream.on('error', (error) => errors.push(error));
  const items: number[] = [];
  stream.on('data', (item: number) => items.push(item));
  await closed(stream);
  t.same(items, [1]);
  t.same(errors, [failure], 'one error, the page’s');
  t.equal(closes, 1);
});

t.test('close runs once on destroy, after the request in flight was cancelled', async (t) => {
  let closes = 0;
  let cancelledFirst: boolean | undefined;
  let requestSignal: AbortSignal | undefined;
  const source: PageSource<number> = {
    fetchPage: (_cursor, signal) => {
      requestSignal = signal;
      return new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), {once: true}),
      );
    },
    close: () => {
      closes++;
      cancelledFirst = requestSignal?.aborted;
      // A synchronous throw is ignored like a rejection.
      throw new Error('clean-up failed');
    },
  };
  const stream = new ExportStream(source);
  stream.resume();
  await settle();
  t.ok(requestSignal, 'a request is under way');
  const reason = new Error('stopped by the consumer');
  stream.destroy(reason);
  stream.destroy(new Error('a second destroy'));
  const [error] = (await once(stream, 'error')) as [Error];
  t.equal(error, reason, 'the destroy reason, not the clean-up failure');
  await closed(stream);
  t.equal(closes, 1);
  t.equal(cancelledFirst, true);
});

t.test('a close that throws does not turn a clean end into an error', async (t) => {
  const source: PageSource<number> = {
    fetchPage: async () => ({items: [1, 2]}),
    close: async () => {
      throw new Error('clean-up failed');
    },
  };
  const stream = new ExportStream(source);
  const errors: unknown[] = [];
  stream.on('error', (error) => errors.push(error));
  t.same(await stream.toArray(), [1, 2]);
  await closed(stream);
  t.same(errors, []);
});

t.test('itemKey drops an item delivered in the same or the previous page and counts it', async (t) => {
  type Row = {id: string; page: number};
  const row = (id: string, page: number): Row => ({id, page});
  const {source} = scripted<Row>(
    [
      {items: [row('a', 1), row('b', 1), row('c', 1)], nextCursor: '1'},
      // The page boundary moved under a live table: c is served again, and d twice in one page.
      {items: [row('c', 2), row('d', 2), row('d', 2), row('e', 2)], nextCursor: '2'},
      {items: [row('e', 3), row('f', 3)], nextCursor: '3'},
      {items: []},
    ],
    {itemKey: (item) => item.id},
  );
  const stream = new ExportStream(source);
  const checkpoints: Checkpoint[] = [];
  stream.on('checkpoint', (checkpoint) => checkpoints.push(checkpoint));
  const items = await stream.toArray();
  t.same(
    items.map((item: Row) => `${item.id}${item.page}`),
    ['a1', 'b1', 'c1', 'd2', 'e2', 'f3'],
    'every item once, in its first delivery',
  );
  t.equal(stream.duplicates, 3);
  t.same(
    checkpoints.map(({cursor, items}) => [cursor, items]),
    [
      ['1', 3],
      ['2', 5],
      ['3', 6],
      ['3', 6],
    ],
    'checkpoints count delivered items only',
  );
});

t.test('itemKey remembers two pages only: memory stays bounded on long exports', async (t) => {
  const {source} = scripted<string>(
    [
      {items: ['a'], nextCursor: '1'},
      {items: ['b'], nextCursor: '2'},
      {items: ['a'], nextCursor: '3'},
      {items: []},
    ],
    {itemKey: (item) => item},
  );
  const stream = new ExportStream(source);
  t.same(await stream.toArray(), ['a', 'b', 'a']);
  t.equal(stream.duplicates, 0);
});

t.test('without itemKey nothing is dropped', async (t) => {
  const {source} = scripted<string>([{items: ['a', 'a'], nextCursor: '1'}, {items: ['a']}]);
  const stream = new ExportStream(source);
  t.same(await stream.toArray(), ['a', 'a', 'a']);
  t.equal(stream.duplicates, 0);
});

t.test('hooks.emit emits a source event, and never one of the core’s own', async (t) => {
  const source: PageSource<number> = {
    fetchPage: async (cursor, _signal, hooks) => {
      hooks.emit('status', {cursor: cursor ?? null});
      for (const reserved of [
        'data',
        'end',
        'error',
        'close',
        'readable',
        'pause',
        'resume',
        'checkpoint',
        'retry',
      ]) {
        hooks.emit(reserved, {cursor: 'forged'});
      }
      return cursor === undefined ? {items: [1], nextCursor: 'a'} : {items: []};
    },
  };
  const stream = new ExportStream(source);
  const seen: [string, unknown][] = [];
  for (const event of ['status', 'error', 'checkpoint', 'retry', 'pause', 'resume']) {
    stream.on(event, (payload) => seen.push([event, payload]));
  }
  const items: unknown[] = [];
  stream.on('data', (item) => items.push(item));
  await closed(stream);
  t.same(items, [1], 'no forged data');
  t.same(
    seen.filter(([event]) => event !== 'pause' && event !== 'resume'),
    [
      ['status', {cursor: null}],
      ['status', {cursor: 'a'}],
      ['checkpoint', {cursor: 'a', items: 1, pages: 1}],
      ['checkpoint', {cursor: 'a', items: 1, pages: 2}],
    ],
  );
  t.notOk(
    seen.some(([, payload]) => (payload as {cursor?: unknown} | undefined)?.cursor === 'forged'),
    'no forged pause or resume either',
  );
});

t.test(
  'a last page ends the stream without another request; its cursor is the final checkpoint',
  async (t) => {
    const {source, log} = scripted<number>([{items: [1, 2], nextCursor: 'resume-here', last: true}]);
    const stream = new ExportStream(source, {prefetch: 5});
    const checkpoints: Checkpoint[] = [];
    stream.on('checkpoint', (checkpoint) => checkpoints.push(checkpoint));
    t.same(await stream.toArray(), [1, 2]);
    await settle();
    t.same(log, ['fetch (start)'], 'one request');
    t.same(checkpoints, [{cursor: 'resume-here', items: 2, pages: 1}]);
    t.equal(stream.cursor, 'resume-here');
  },
);

t.test('an empty last page still moves the checkpoint to its cursor', async (t) => {
  const {source, log} = scripted<number>([{items: [], nextCursor: 'later', last: true}]);
  const stream = new ExportStream(source, {cursor: 'earlier'});
  t.same(await stream.toArray(), []);
  t.same(log, ['fetch earlier']);
  t.same(stream.checkpoint, {cursor: 'later', items: 0, pages: 1});
});

t.test('an empty page without a cursor keeps the cursor the stream resumed from', async (t) => {
  const {source} = scripted<number>([{items: []}]);
  const stream = new ExportStream(source, {cursor: 'resumed'});
  t.same(await stream.toArray(), []);
  t.same(stream.checkpoint, {cursor: 'resumed', items: 0, pages: 1}, 'never reset to the start');
});

t.test('last: false is the same as no last', async (t) => {
  const {source, log} = scripted<number>([{items: [1], nextCursor: 'a', last: false}, {items: []}]);
  t.same(await new ExportStream(source).toArray(), [1]);
  t.same(log, ['fetch (start)', 'fetch a']);
});

t.test('an invalid source is an InvalidOptionError naming the field', async (t) => {
  const fetchPage = async () => ({items: []});
  const cases: [unknown, string, RegExp][] = [
    [{}, 'source.fetchPage', /^Expected `source\.fetchPage` to be a function, got undefined$/],
    [{fetchPage: 'https://api'}, 'source.fetchPage', /got "https:\/\/api"$/],
    [{fetchPage, open: true}, 'source.open', /`source\.open` to be a function or undefined, got true/],
    [{fetchPage, itemKey: 'id'}, 'source.itemKey', /got "id"/],
    [{fetchPage, close: {}}, 'source.close', /got an object/],
    [null, 'source', /^Expected `source` to be an object, got null$/],
    [[fetchPage], 'source', /got an array of length 1/],
  ];
  for (const [source, option, message] of cases) {
    t.throws(
      () => new ExportStream(source as PageSource<unknown>),
      {name: 'InvalidOptionError', code: 'ERR_EXPORT_INVALID_OPTION', option, message},
      option,
    );
  }
  t.type(new ExportStream({fetchPage, open: undefined, close: undefined}), ExportStream);
});

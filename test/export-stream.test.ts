import {Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import t from 'tap';
import {ExportError, ProtocolError} from '../lib/core/errors.js';
import {ExportStream} from '../lib/core/export-stream.js';
import type {Checkpoint, FetchPage, RetryEvent} from '../lib/core/types.js';
import {fakeSource, settle} from './helpers/fake-source.js';

const range = (from: number, to: number) => Array.from({length: to - from}, (_, index) => from + index);

t.test('delivers every item exactly once, in order, and ends at the empty page', async (t) => {
  const source = fakeSource(250, 100);
  const items = await new ExportStream(source.fetchPage).toArray();
  t.same(items, range(0, 250));
  t.same(
    source.calls.map((call) => call.cursor),
    [undefined, '100', '200', '250'],
  );
});

t.test('makes no request before the first read', async (t) => {
  const source = fakeSource(10, 5);
  const stream = new ExportStream(source.fetchPage);
  await settle();
  t.equal(source.calls.length, 0);
  stream.destroy();
});

t.test('a paused consumer stops the fetching at prefetch pages ahead', async (t) => {
  const source = fakeSource(10_000, 10);
  const stream = new ExportStream(source.fetchPage, {prefetch: 2, highWaterMark: 5});
  const iterator = stream[Symbol.asyncIterator]();
  t.same(await iterator.next(), {value: 0, done: false});
  await settle(20);
  // The page being read, plus at most two ahead of it.
  t.ok(source.calls.length <= 3, `requested ${source.calls.length} pages`);
  t.ok(source.calls.length >= 2, 'prefetched ahead');
  const before = source.calls.length;
  await settle(20);
  t.equal(source.calls.length, before, 'no request while paused');
  await iterator.return?.();
});

t.test('prefetch 0 fetches strictly on demand', async (t) => {
  const source = fakeSource(100, 10);
  const stream = new ExportStream(source.fetchPage, {prefetch: 0, highWaterMark: 1});
  const iterator = stream[Symbol.asyncIterator]();
  await iterator.next();
  await settle(20);
  t.equal(source.calls.length, 1);
  for (let index = 1; index < 9; index++) await iterator.next();
  await settle(20);
  t.equal(source.calls.length, 1, 'one item of the first page is still buffered');
  await iterator.next();
  t.equal(source.calls.length, 2);
  await iterator.return?.();
});

t.test('a slow writable in pipeline() keeps the requests bounded', async (t) => {
  const source = fakeSource(2_000, 20);
  const stream = new ExportStream(source.fetchPage, {prefetch: 1, highWaterMark: 4});
  let written = 0;
  let maxAhead = 0;
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 2,
    write(_item, _encoding, callback) {
      written++;
      const fetched = Math.min(source.calls.length * 20, 2_000);
      maxAhead = Math.max(maxAhead, fetched - written);
      setImmediate(callback);
    },
  });
  await pipeline(stream, sink);
  t.equal(written, 2_000);
  // At most the page being read plus one prefetched page, plus the buffers, are ever fetched ahead.
  t.ok(maxAhead <= 20 * 2 + 4 + 2, `fetched at most ${maxAhead} items ahead`);
});

t.test('ends after a page without nextCursor, once its items are delivered', async (t) => {
  const fetchPage: FetchPage<number> = async (cursor) =>
    cursor === undefined ? {items: [1, 2], nextCursor: 'a'} : {items: [3], nextCursor: null};
  t.same(await new ExportStream(fetchPage).toArray(), [1, 2, 3]);
  const empty: FetchPage<number> = async (cursor) =>
    cursor === undefined ? {items: [1], nextCursor: ''} : {};
  t.same(await new ExportStream(empty).toArray(), [1]);
});

t.test('a non-empty page that repeats its cursor is a protocol error, not a loop', async (t) => {
  let calls = 0;
  const fetchPage: FetchPage<number> = async (cursor) => {
    calls++;
    return cursor === undefined ? {items: [1], nextCursor: 'x'} : {items: [2], nextCursor: 'x'};
  };
  const seen: number[] = [];
  const stream = new ExportStream(
    fetchPage,
    {},
    {method: 'exportEvents', path: '/events', httpMethod: 'GET'},
  );
  const error = await t.rejects(async () => {
    for await (const item of stream) seen.push(item);
  });
  t.type(error, ProtocolError);
  t.match(error, {code: 'ERR_EXPORT_PROTOCOL', message: /exportEvents GET \/events .*returned the cursor/});
  t.same(seen, [1], 'the pages before are delivered, the offending page is not');
  t.equal(calls, 2);
});

t.test('limit delivers exactly that many items and stops fetching', async (t) => {
  const source = fakeSource(1_000, 10);
  t.same(await new ExportStream(source.fetchPage, {limit: 25, prefetch: 3}).toArray(), range(0, 25));
  await settle();
  t.ok(source.calls.length <= 3 + 3, 'no paging to the end');
  t.ok(
    source.calls.slice(3).every((call) => call.signal.aborted),
    'prefetched requests are cancelled',
  );
  t.same(await new ExportStream(fakeSource(5, 5).fetchPage, {limit: 0}).toArray(), []);
});

t.test('checkpoints fire once the consumer has read a whole page, never before', async (t) => {
  const source = fakeSource(25, 10);
  const stream = new ExportStream(source.fetchPage, {highWaterMark: 16});
  const checkpoints: {at: number; checkpoint: Checkpoint}[] = [];
  let read = 0;
  stream.on('checkpoint', (checkpoint: Checkpoint) => checkpoints.push({at: read, checkpoint}));
  for await (const item of stream) {
    t.equal(item, read);
    read++;
  }
  t.same(checkpoints, [
    {at: 10, checkpoint: {cursor: '10', items: 10, pages: 1}},
    {at: 20, checkpoint: {cursor: '20', items: 20, pages: 2}},
    {at: 25, checkpoint: {cursor: '25', items: 25, pages: 3}},
    {at: 25, checkpoint: {cursor: '25', items: 25, pages: 4}},
  ]);
  t.equal(stream.cursor, '25', 'the final empty page cursor is the one to save');
  t.same(stream.checkpoint, {cursor: '25', items: 25, pages: 4});
});

t.test('resuming from a checkpoint continues with the next item, nothing lost or repeated', async (t) => {
  const source = fakeSource(95, 10);
  const first = new ExportStream(source.fetchPage);
  const seen: number[] = [];
  for await (const item of first) {
    seen.push(item);
    if (item === 42) break;
  }
  t.equal(first.cursor, '40', 'the last whole page read ends at 40');
  const resumed = await new ExportStream(source.fetchPage, {cursor: first.cursor}).toArray();
  t.same(resumed, range(40, 95));
  t.same([...seen.slice(0, 40), ...resumed], range(0, 95));
});

t.test('checkpoints in flowing mode wait for the data handler of the page’s last item', async (t) => {
  const stream = new ExportStream(fakeSource(4, 2).fetchPage);
  const events: string[] = [];
  stream.on('checkpoint', ({cursor}: Checkpoint) => events.push(`checkpoint ${cursor}`));
  stream.on('data', (item: number) => events.push(`item ${item}`));
  await new Promise((resolve) => stream.on('end', resolve));
  t.same(events, ['item 0', 'item 1', 'checkpoint 2', 'item 2', 'item 3', 'checkpoint 4', 'checkpoint 4']);
});

t.test('destroy() aborts the request in flight at once', async (t) => {
  const source = fakeSource(10, 5, {hold: true});
  const stream = new ExportStream(source.fetchPage);
  stream.resume();
  await settle();
  t.equal(source.calls.length, 1);
  stream.destroy();
  t.equal(source.calls[0]!.signal.aborted, true);
  await new Promise((resolve) => stream.on('close', resolve));
});

t.test('an aborted signal errors the stream with its reason', async (t) => {
  const source = fakeSource(10, 5, {hold: true});
  const controller = new AbortController();
  const stream = new ExportStream(source.fetchPage, {signal: controller.signal});
  const reason = new Error('operator cancelled');
  setImmediate(() => controller.abort(reason));
  await t.rejects(stream.toArray(), reason);
  t.equal(source.calls[0]!.signal.aborted, true);

  const early = new ExportStream(source.fetchPage, {signal: AbortSignal.abort(reason)});
  await t.rejects(early.toArray(), reason);
});

t.test('a failed page surfaces after the items before it, and is an error event', async (t) => {
  const failure = new ExportError('ERR_EXPORT_SERVER', 'boom');
  const fetchPage: FetchPage<number> = async (cursor) => {
    if (cursor === undefined) return {items: [1, 2], nextCursor: 'a'};
    throw failure;
  };
  const seen: number[] = [];
  await t.rejects(async () => {
    for await (const item of new ExportStream(fetchPage, {prefetch: 1})) seen.push(item);
  }, failure);
  t.same(seen, [1, 2]);
});

t.test('retries reported by the fetcher become retry events with the cursor', async (t) => {
  const error = new Error('transient');
  const fetchPage: FetchPage<number> = async (cursor, _signal, hooks) => {
    hooks.retry({attempt: 1, delay: 0, error});
    return cursor === undefined ? {items: [1], nextCursor: 'a'} : {items: []};
  };
  const events: RetryEvent[] = [];
  const stream = new ExportStream(fetchPage);
  stream.on('retry', (event: RetryEvent) => events.push(event));
  t.same(await stream.toArray(), [1]);
  t.same(events, [
    {attempt: 1, delay: 0, error, cursor: undefined},
    {attempt: 1, delay: 0, error, cursor: 'a'},
  ]);
});

t.test('items handed over early are delivered before the page ends', async (t) => {
  let finish: () => void = () => {};
  const fetchPage: FetchPage<number> = (cursor, _signal, hooks) => {
    if (cursor !== undefined) return Promise.resolve({items: []});
    hooks.item(1);
    return new Promise((resolve) => {
      finish = () => {
        hooks.item(2);
        resolve({items: [3], nextCursor: 'b'});
      };
    });
  };
  const iterator = new ExportStream(fetchPage)[Symbol.asyncIterator]();
  t.same(await iterator.next(), {value: 1, done: false}, 'the first item arrives while the page is pending');
  finish();
  t.same(await iterator.next(), {value: 2, done: false});
  t.same(await iterator.next(), {value: 3, done: false});
  t.same(await iterator.next(), {value: undefined, done: true});
});

t.test('composes with map, filter and toArray', async (t) => {
  const stream = new ExportStream(fakeSource(30, 7).fetchPage);
  const odd = await stream
    .filter((n: number) => n % 2 === 1)
    .map((n: number) => n * 10)
    .toArray();
  t.same(
    odd,
    range(0, 30)
      .filter((n) => n % 2 === 1)
      .map((n) => n * 10),
  );
});

t.test('bad options throw synchronously with the option, the expected form and the value', async (t) => {
  const {fetchPage} = fakeSource(1, 1);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{prefetch: -1}, /^Expected `prefetch` to be an integer from 0 to 100, got -1 \(number\)$/],
    [{prefetch: 1.5}, /`prefetch`.*got 1\.5/],
    [{limit: -2}, /^Expected `limit` to be an integer of at least 0, got -2 \(number\)$/],
    [{highWaterMark: 0}, /^Expected `highWaterMark` to be an integer of at least 1, got 0/],
    [{cursor: ''}, /^Expected `cursor` to be a non-empty string, got ""$/],
    [{cursor: 5}, /^Expected `cursor` to be a non-empty string, got 5 \(number\)$/],
    [{signal: 'stop'}, /^Expected `signal` to be an AbortSignal, got "stop"$/],
  ];
  for (const [options, message] of cases) {
    t.throws(() => new ExportStream(fetchPage, options), {code: 'ERR_EXPORT_INVALID_OPTION', message});
  }
});

t.test('a fetcher that rejects without a reason still errors the stream', async (t) => {
  const fetchPage: FetchPage<number> = () => Promise.reject(undefined);
  await t.rejects(new ExportStream(fetchPage).toArray(), {message: 'Page request failed'});
});

t.test('a data handler that reads synchronously inside a push neither stalls nor repeats', async (t) => {
  // Items trickle in one by one, so the read inside the handler starts a second pump that waits
  // for the next item while the first one is still inside push().
  const fetchPage: FetchPage<number> = async (cursor, _signal, hooks) => {
    if (cursor !== undefined) return {items: []};
    for (let item = 0; item < 50; item++) {
      hooks.item(item);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {nextCursor: 'end'};
  };
  const stream = new ExportStream(fetchPage, {highWaterMark: 2});
  const seen: number[] = [];
  stream.on('data', (item: number) => {
    seen.push(item);
    stream.read(0);
  });
  await new Promise((resolve) => stream.on('end', resolve));
  t.same(seen, range(0, 50));
});

t.test('a limit that ends exactly at a page end still checkpoints that page', async (t) => {
  const source = fakeSource(100, 10);
  const stream = new ExportStream(source.fetchPage, {limit: 20});
  t.same(await stream.toArray(), range(0, 20));
  t.same(stream.checkpoint, {cursor: '20', items: 20, pages: 2});
});

t.test('a for await body still at work on the last item holds back the last checkpoints', async (t) => {
  const stream = new ExportStream(fakeSource(5, 2).fetchPage);
  let handled = 0;
  const seenAt: number[] = [];
  stream.on('checkpoint', () => seenAt.push(handled));
  for await (const _item of stream) {
    // Asynchronous work per item, during which Node emits 'end' after the last one.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    handled++;
  }
  t.same(seenAt, [2, 4, 5, 5], 'each checkpoint only after every item before it was handled');
  t.same(stream.checkpoint, {cursor: '5', items: 5, pages: 4});
});

t.test(
  'a last page without nextCursor is no checkpoint: its items come again from the cursor before it',
  async (t) => {
    const fetchPage: FetchPage<number> = async (cursor) =>
      cursor === undefined ? {items: [1, 2], nextCursor: 'a'} : {items: [3, 4], nextCursor: null};
    const stream = new ExportStream(fetchPage);
    t.same(await stream.toArray(), [1, 2, 3, 4]);
    t.same(stream.checkpoint, {cursor: 'a', items: 2, pages: 1});
    const single = new ExportStream<number>(async () => ({items: [7]}));
    t.same(await single.toArray(), [7]);
    t.same(single.checkpoint, {cursor: undefined, items: 0, pages: 0});
  },
);

t.test('limit accepts Infinity, its documented default', async (t) => {
  t.same(
    await new ExportStream(fakeSource(3, 2).fetchPage, {limit: Number.POSITIVE_INFINITY}).toArray(),
    [0, 1, 2],
  );
});

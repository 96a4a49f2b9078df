import t from 'tap';
import {ExportStream} from '../lib/core/export-stream.js';
import {
  decodePartitionCursor,
  encodePartitionCursor,
  isPartitionCursor,
} from '../lib/core/partition-cursor.js';
import {partitionWindow, type ResolvedPartitions, resolvePartitions} from '../lib/core/partition-options.js';
import {PartitionSource, type PartitionSpec} from '../lib/core/partition-source.js';
import type {FetchPage} from '../lib/core/types.js';

type Item = {t: number};
const context = {method: 'test', path: '/items'};

/** A source of items at every `step` ms of `[0, 1000)`, `size` per page, cursors as positions. */
function spec(
  fetchPage: (window: {start: number; end: number}) => FetchPage<Item>,
  pageSize = 10,
): PartitionSpec<Item> {
  return {fetcher: fetchPage, timeOf: (item) => item.t, pageSize, context};
}

function timeline(step = 5, size = 10): (window: {start: number; end: number}) => FetchPage<Item> {
  return (window) => async (cursor) => {
    const from = cursor === undefined ? Math.ceil(window.start / step) * step : Number(cursor);
    const items: Item[] = [];
    let at = from;
    for (; at < window.end && items.length < size; at += step) items.push({t: at});
    // The last page says so with a null cursor (no extra empty page).
    return {items, nextCursor: at >= window.end ? null : String(at)};
  };
}

function stream(source: PartitionSource<Item>, options = {}) {
  return new ExportStream<Item>(source, source.streamOptions(options), context);
}

async function readAll(s: ExportStream<Item>): Promise<number[]> {
  const out: number[] = [];
  for await (const item of s) out.push(item.t);
  return out;
}

const settings = (partitions: number, ordered: boolean, cursor?: string) =>
  resolvePartitions({partitions, ordered, cursor}, {start: 0, end: 1000}, 0) as NonNullable<
    ReturnType<typeof resolvePartitions>
  >;

t.test('one partition reads the window in order and ends with an empty cursor', async (t) => {
  const source = new PartitionSource(spec(timeline()), settings(1, true));
  const s = stream(source);
  t.same(
    await readAll(s),
    Array.from({length: 200}, (_, i) => i * 5),
  );
  t.same(decodePartitionCursor(s.cursor as string).chains, []);
});

t.test('items handed over early (incremental parsing) are delivered like a page’s', async (t) => {
  const fetcher = (window: {start: number; end: number}): FetchPage<Item> => {
    const inner = timeline()(window);
    return async (cursor, signal, hooks) => {
      const page = await inner(cursor, signal, hooks);
      for (const item of page.items ?? []) hooks.item(item);
      return {nextCursor: page.nextCursor};
    };
  };
  const got = await readAll(stream(new PartitionSource(spec(fetcher), settings(3, false))));
  t.same(
    got.sort((a, b) => a - b),
    Array.from({length: 200}, (_, i) => i * 5),
  );
});

t.test('retries and source events of a chain reach the stream', async (t) => {
  const fetcher = (window: {start: number; end: number}): FetchPage<Item> => {
    const inner = timeline()(window);
    return async (cursor, signal, hooks) => {
      if (cursor === undefined && window.start === 0) {
        hooks.retry({attempt: 1, delay: 0, error: new Error('flaky')});
        hooks.emit('status', {window});
      }
      return inner(cursor, signal, hooks);
    };
  };
  const s = stream(new PartitionSource(spec(fetcher), settings(2, false)));
  const retries: unknown[] = [];
  const statuses: unknown[] = [];
  s.on('retry', (event) => retries.push(event));
  s.on('status', (event) => statuses.push(event));
  await readAll(s);
  t.equal(retries.length, 1);
  // Every chain asks the server for the rest of the window; it stops at its part's end itself.
  t.same(statuses, [{window: {start: 0, end: 1000}}]);
});

t.test(
  'a server that rounds the window down to its unit: splits neither lose nor repeat an item',
  async (t) => {
    // Like Croct with `timeUnit: 'seconds'`: the wire holds whole units (here 100 ms), truncated.
    const unit = 100;
    const coarse = (window: {start: number; end: number}) =>
      timeline(1)({
        start: Math.floor(window.start / unit) * unit,
        end: Math.floor(window.end / unit) * unit,
      });
    const all = Array.from({length: 1000}, (_, i) => i);
    for (const ordered of [false, true]) {
      const got = await readAll(stream(new PartitionSource(spec(coarse, 10), settings(8, ordered))));
      t.equal(got.length, 1000, `ordered: ${ordered}: every item`);
      t.same(
        [...got].sort((a, b) => a - b),
        all,
        `ordered: ${ordered}: each once`,
      );
    }
  },
);

t.test(
  'an item without a time, or a cursor that loops, fails the stream with a protocol error',
  async (t) => {
    const timeless: FetchPage<Item> = async () => ({items: [{} as Item], nextCursor: 'x'});
    await t.rejects(
      readAll(
        stream(
          new PartitionSource(
            spec(() => timeless),
            settings(1, true),
          ),
        ),
      ),
      {
        code: 'ERR_EXPORT_PROTOCOL',
        message: /item 0 of the page has no time to place it in its partition/,
      },
    );
    const looping: FetchPage<Item> = async (cursor) => ({items: [{t: 1}], nextCursor: cursor ?? 'a'});
    await t.rejects(
      readAll(
        stream(
          new PartitionSource(
            spec(() => looping),
            settings(1, true),
          ),
        ),
      ),
      {
        message: /returned a cursor this partition had already requested \(its own\)/,
      },
    );
    let n = 0;
    const cycle: FetchPage<Item> = async () => ({items: [{t: 1}], nextCursor: ['a', 'b', 'a'][n++ % 3]});
    await t.rejects(
      readAll(
        stream(
          new PartitionSource(
            spec(() => cycle),
            settings(1, true),
          ),
        ),
      ),
      {
        message: /\(a cursor cycle\)/,
      },
    );
  },
);

t.test('destroying the stream cancels every chain’s request', async (t) => {
  const signals: AbortSignal[] = [];
  const hanging: FetchPage<Item> = (_cursor, signal) => {
    signals.push(signal);
    return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  };
  const s = stream(
    new PartitionSource(
      spec(() => hanging),
      settings(3, false),
    ),
  );
  s.resume();
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(signals.length, 3);
  s.destroy();
  await new Promise((resolve) => s.on('close', resolve));
  t.ok(signals.every((signal) => signal.aborted));
});

t.test('the composite cursor is opaque, versioned and checked whole', async (t) => {
  const state = {window: {start: 0, end: 100}, chains: [{start: 0, end: 100, stop: 50, cursor: 'c'}]};
  const cursor = encodePartitionCursor(state);
  t.ok(isPartitionCursor(cursor));
  t.notOk(isPartitionCursor(42));
  t.same(decodePartitionCursor(cursor), state);
  const encode = (body: unknown) => `xsp1.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
  const bad = [
    'c_123',
    'xsp1.%%%',
    encode(null),
    encode({w: [5, 5], c: []}),
    encode({w: [0, 100], c: {}}),
    encode({w: [0, 100], c: [5]}),
    encode({w: [0, 100], c: [[0, 100, 50]]}),
    encode({w: [0, 100], c: [[0, 200, 50, null]]}),
    encode({w: [0, 100], c: [[0, 100, 0, null]]}),
    encode({w: [0, 100], c: [[0, 100, 50, '']]}),
    encode({w: [0, 100], c: [[0, 100, 50, 7]]}),
    encode({w: [0, 1.5], c: []}),
    encode({w: [0], c: []}),
    encode({w: [-1, 100], c: []}),
    // Tampered: chains that overlap or are out of window order would read items twice.
    encode({
      w: [0, 100],
      c: [
        [0, 100, 100, null],
        [0, 100, 100, null],
      ],
    }),
    encode({
      w: [0, 100],
      c: [
        [50, 100, 100, null],
        [0, 50, 50, null],
      ],
    }),
    encode({
      w: [0, 100],
      c: [
        [0, 100, 60, 'a'],
        [50, 100, 100, null],
      ],
    }),
  ];
  for (const text of bad) {
    t.throws(() => decodePartitionCursor(text), {code: 'ERR_EXPORT_INVALID_OPTION'}, text);
  }
  t.ok(isPartitionCursor('xsp2.e30'), 'a cursor of another version is still recognised as one');
  t.throws(
    () => decodePartitionCursor('xsp2.e30'),
    /Expected `cursor` to be a cursor of a partitioned export .*, of this version \(`xsp1.`, not `xsp2.`\), got "xsp2.e30"/,
  );
  t.same(
    decodePartitionCursor(
      encodePartitionCursor({
        window: {start: 0, end: 100},
        chains: [
          {start: 0, end: 100, stop: 40, cursor: 'a'},
          {start: 40, end: 100, stop: 100, cursor: undefined},
        ],
      }),
    ).chains.length,
    2,
    'a split chain and its successor touch at the split point',
  );
});

t.test('partitionWindow cuts contiguous parts that cover the window exactly', async (t) => {
  const window = {start: 0, end: 8.64e15};
  let at = window.start;
  for (let index = 0; index < 7; index++) {
    const part = partitionWindow(window, index, 7);
    t.equal(part.start, at);
    at = part.end;
  }
  t.equal(at, window.end);
  t.same(partitionWindow({start: 0, end: 10}, 1, 4), {start: 2, end: 5});
  t.throws(() => partitionWindow(window, 7, 7), /Expected `index` to be an integer from 0 to 6, got 7/);
  t.throws(() => partitionWindow(window, 0, 0), /Expected `count` to be an integer of at least 1/);
  t.equal(settings(8, false).state.chains.length, 8);
  t.equal(settings(8, true).state.chains.length, 1, 'in order, one chain starts and is carved');
  const tiny = resolvePartitions({partitions: 4}, {start: 0, end: 2}, 0);
  t.equal(tiny?.state.chains.length, 2, 'empty parts of a short window are left out');
});

/** 1500 items, 80% of them on three shared times (ties across many pages and at split points). */
const tied: Item[] = Array.from({length: 1500}, (_, i) => ({t: i < 1200 ? 500 + (i % 3) : (i - 1200) * 3}));
tied.sort((a, b) => a.t - b.t);

/** Pages of 10 over `tied`; the cursor is the offset in the window's items. */
function tiedFetcher(window: {start: number; end: number}): FetchPage<Item> {
  const inside = tied.filter((item) => item.t >= window.start && item.t < window.end);
  return async (cursor) => {
    const from = Number(cursor ?? 0);
    return {
      items: inside.slice(from, from + 10),
      nextCursor: from + 10 >= inside.length ? null : String(from + 10),
    };
  };
}

t.test('many items on one time: every item once, in order when asked, whatever the partitions', async (t) => {
  for (const ordered of [false, true]) {
    for (const count of [8, 64]) {
      const got = await readAll(stream(new PartitionSource(spec(tiedFetcher), settings(count, ordered))));
      t.equal(got.length, 1500, `ordered: ${ordered}, ${count} partitions: every item`);
      const sorted = [...got].sort((a, b) => a - b);
      t.same(
        ordered ? got : sorted,
        tied.map((item) => item.t),
        `ordered: ${ordered}, ${count} partitions`,
      );
    }
    const oneMs = resolvePartitions(
      {partitions: 64, ordered},
      {start: 500, end: 501},
      0,
    ) as ResolvedPartitions;
    const got = await readAll(stream(new PartitionSource(spec(tiedFetcher), oneMs)));
    t.equal(got.length, 400, `ordered: ${ordered}: a 1 ms window with 64 partitions, every item once`);
  }
});

t.test('a resume with another partition count repeats and loses nothing', async (t) => {
  for (const ordered of [false, true]) {
    let cursor: string | undefined;
    const seen: number[] = [];
    for (const [count, stop] of [
      [8, 333],
      [3, 401],
      [64, 250],
      [1, Number.POSITIVE_INFINITY],
    ] as const) {
      const s = stream(new PartitionSource(spec(tiedFetcher), settings(count, ordered, cursor)));
      let saved: string | undefined;
      s.on('checkpoint', (checkpoint) => {
        saved = checkpoint.cursor;
      });
      const items: number[] = [];
      for await (const item of s) {
        items.push(item.t);
        if (items.length === stop) break;
      }
      // Only what a checkpoint covers counts as read: the rest comes again after the resume.
      seen.push(...items.slice(0, saved === undefined ? 0 : s.checkpoint.items));
      cursor = saved ?? cursor;
    }
    t.same(
      seen.sort((a, b) => a - b),
      tied.map((item) => item.t),
      `ordered: ${ordered}`,
    );
  }
});

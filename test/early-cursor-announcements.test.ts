import t from 'tap';
import {ExportStream} from '../lib/core/export-stream.js';
import type {FetchPage, PageHooks, PageResult} from '../lib/core/types.js';
import {settle} from './helpers/fake-source.js';
import {waitFor} from './helpers/wait-for.js';

type Script = (cursor: string | undefined, hooks: PageHooks<number>) => PageResult<number> | Error;

/**
 * A source that runs `script` for each request, then holds the page until `release(cursor)`:
 * whatever a page announced is visible while the page itself is still under way.
 */
function heldSource(script: Script) {
  const calls: {cursor: string | undefined; signal: AbortSignal}[] = [];
  const held = new Map<string, () => void>();
  const fetchPage: FetchPage<number> = (cursor, signal, hooks) => {
    calls.push({cursor, signal});
    const outcome = script(cursor, hooks);
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), {once: true});
      held.set(String(cursor), () => (outcome instanceof Error ? reject(outcome) : resolve(outcome)));
    });
  };
  const release = async (cursor: string | undefined) => {
    await waitFor(() => held.has(String(cursor)), {what: `a request for ${cursor}`});
    held.get(String(cursor))?.();
  };
  return {fetchPage, calls, release, cursors: () => calls.map((call) => call.cursor)};
}

/** Pages of two items over 0..5; each page announces its next cursor as soon as it is requested. */
const announcing: Script = (cursor, hooks) => {
  const offset = Number(cursor ?? 0);
  if (offset >= 6) return {items: [], nextCursor: String(offset)};
  hooks.nextCursor?.(String(offset + 2));
  return {items: [offset, offset + 1], nextCursor: String(offset + 2)};
};

t.test('a page that announces its cursor gets the next page requested before it arrives', async (t) => {
  const source = heldSource(announcing);
  const stream = new ExportStream(source, {prefetch: 1});
  const items = stream.toArray();
  await waitFor(() => source.calls.length === 2, {what: 'the second request'});
  t.same(source.cursors(), [undefined, '2'], 'page 2 requested while page 0 is still under way');
  await settle();
  t.same(source.cursors(), [undefined, '2'], 'prefetch 1: no third request while two pages are open');
  for (const cursor of [undefined, '2', '4', '6']) await source.release(cursor);
  t.same(await items, [0, 1, 2, 3, 4, 5], 'every item once, in order');
  t.same(source.cursors(), [undefined, '2', '4', '6'], 'the final empty page once, nothing after it');
});

t.test(
  'with prefetch 0 a page is given no hook to announce its cursor, and nothing is requested ahead',
  async (t) => {
    const source = heldSource((cursor, hooks) => {
      t.equal(hooks.nextCursor, undefined);
      return announcing(cursor, hooks);
    });
    const stream = new ExportStream(source, {prefetch: 0});
    const items = stream.toArray();
    await waitFor(() => source.calls.length === 1);
    await settle();
    t.same(source.cursors(), [undefined], 'no request ahead');
    for (const cursor of [undefined, '2', '4', '6']) await source.release(cursor);
    t.same(await items, [0, 1, 2, 3, 4, 5]);
  },
);

const broken: {name: string; result: PageResult<number>; message: RegExp}[] = [
  {name: 'another cursor', result: {items: [1], nextCursor: 'other'}, message: /returned a different one/},
  {name: 'no cursor', result: {items: [1], nextCursor: null}, message: /returned a different one/},
  {name: 'no items', result: {items: [], nextCursor: 'announced'}, message: /had no items/},
  {
    name: 'last: true',
    result: {items: [1], nextCursor: 'announced', last: true},
    message: /said it was the last/,
  },
];
for (const {name, result, message} of broken) {
  t.test(`a page that announced a cursor and then returned ${name} fails the stream`, async (t) => {
    const source = heldSource((cursor, hooks) => {
      if (cursor === undefined) return {items: [0], nextCursor: 'first'};
      if (cursor === 'first') {
        hooks.nextCursor?.('announced');
        return result;
      }
      return {items: [99], nextCursor: 'never'};
    });
    const stream = new ExportStream(source, {prefetch: 1});
    const delivered: number[] = [];
    stream.on('data', (item: number) => delivered.push(item));
    const failed = new Promise((resolve) => stream.on('error', resolve));
    await source.release(undefined);
    await waitFor(() => source.calls.length === 3, {what: 'the request with the announced cursor'});
    await source.release('first');
    t.match(await failed, {
      name: 'ProtocolError',
      code: 'ERR_EXPORT_PROTOCOL',
      message: new RegExp(`announced its next cursor early, then ${message.source}`),
    });
    t.same(delivered, [0], 'only the pages before it');
    t.equal(source.calls[2]?.cursor, 'announced');
    t.ok(source.calls[2]?.signal.aborted, 'the request made with the announced cursor is cancelled');
  });
}

t.test('announcements the chain cannot follow are ignored', async (t) => {
  let late: PageHooks<number> | undefined;
  const source = heldSource((cursor, hooks) => {
    if (cursor === undefined) {
      hooks.nextCursor?.('');
      hooks.nextCursor?.(42 as unknown as string);
      late = hooks;
      return {items: [0], nextCursor: 'a'};
    }
    if (cursor === 'a') {
      hooks.nextCursor?.('b');
      hooks.nextCursor?.('ignored second announcement');
      return {items: [1], nextCursor: 'b'};
    }
    if (cursor === 'b') {
      hooks.nextCursor?.('a');
      return {items: [2], nextCursor: 'c'};
    }
    hooks.nextCursor?.('c');
    return {items: [], nextCursor: 'c'};
  });
  const stream = new ExportStream(source, {prefetch: 3});
  const items = stream.toArray();
  await waitFor(() => source.calls.length === 1);
  await settle();
  t.same(source.cursors(), [undefined], 'an empty or non-string cursor starts nothing');
  await source.release(undefined);
  await waitFor(() => source.calls.length === 3, {what: 'requests for a and b'});
  late?.nextCursor?.('late');
  await settle();
  t.same(source.cursors(), [undefined, 'a', 'b'], 'a cursor already requested or announced late is not');
  await source.release('a');
  await source.release('b');
  await waitFor(() => source.calls.length === 4);
  await source.release('c');
  t.same(await items, [0, 1, 2]);
  t.same(
    source.cursors(),
    [undefined, 'a', 'b', 'c'],
    'its own cursor announced by the last page: no request',
  );
});

t.test('an announcement after the stream was destroyed starts nothing', async (t) => {
  let hooks: PageHooks<number> | undefined;
  const source = heldSource((_cursor, pageHooks) => {
    hooks = pageHooks;
    return {items: [0], nextCursor: 'a'};
  });
  const stream = new ExportStream(source, {prefetch: 1});
  stream.resume();
  await waitFor(() => hooks !== undefined);
  stream.destroy();
  hooks?.nextCursor?.('a');
  await settle();
  t.same(source.cursors(), [undefined]);
});

t.test('a page announcing its own cursor fails as before, without a request for it', async (t) => {
  const source = heldSource((cursor, hooks) => {
    hooks.nextCursor?.('a');
    return {items: [cursor === undefined ? 0 : 1], nextCursor: 'a'};
  });
  const stream = new ExportStream(source, {prefetch: 1});
  const failed = new Promise((resolve) => stream.on('error', resolve));
  stream.resume();
  await source.release(undefined);
  await source.release('a');
  t.match(await failed, {name: 'ProtocolError', message: /returned the cursor it was requested with/});
  t.same(source.cursors(), [undefined, 'a']);
});

t.test('a page that fails after announcing fails the stream and cancels the request ahead', async (t) => {
  const source = heldSource((cursor, hooks) => {
    if (cursor === undefined) {
      hooks.nextCursor?.('next');
      return new Error('page failed');
    }
    return {items: [1], nextCursor: 'more'};
  });
  const stream = new ExportStream(source, {prefetch: 1});
  const failed = new Promise((resolve) => stream.on('error', resolve));
  stream.resume();
  await waitFor(() => source.calls.length === 2);
  await source.release(undefined);
  t.match(await failed, {message: 'page failed'});
  t.ok(source.calls[1]?.signal.aborted, 'the request made with the announced cursor is cancelled');
});

import {Readable} from 'node:stream';
import t, {type Test} from 'tap';
import {
  IncompleteBodyError,
  type IncompleteBodyReason,
  parsePageIncrementally,
} from '../lib/core/incremental-parser.js';

type Body = Parameters<typeof parsePageIncrementally>[0];

/** Croct's envelope: `{"items": [...], "nextCursor": ...}`. */
const croct = {items: 'items', cursor: 'nextCursor'};

const parse = async (body: Body) => {
  const items: unknown[] = [];
  const end = await parsePageIncrementally(body, (item) => items.push(item), croct);
  return {items, ...end};
};

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Every way of cutting `text`'s UTF-8 bytes in two, including inside multi-byte characters. */
const splitsInTwo = (text: string) => {
  const all = bytes(text);
  return Array.from({length: all.length - 1}, (_, index) => [
    all.subarray(0, index + 1),
    all.subarray(index + 1),
  ]);
};

// Strings with escapes, unicode (2-, 3- and 4-byte UTF-8, an escaped surrogate pair), numbers of every
// shape, literals, nesting, empty containers and a `__proto__` key.
const tricky =
  '{"metadata":{"org":"x","deep":[{"a":[]}]},"items":[' +
  '{"s":"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00","u":"é中😀","n":[0,-0,12,-3.5,1.5e-3,2E+10,1e400,' +
  '12345678901234567890,0.1],"l":[true,false,null],"o":{"x":{"y":{"z":[[],{}]}}},"__proto__":{"p":1}},' +
  '"plain",42,null,[1,[2]],{}' +
  '],"nextCursor":"c\\u0075rsor","extra":[{"ignored":true}]}';
const trickyItems = JSON.parse(tricky).items as unknown[];

const assertTricky = (t: Test, result: Awaited<ReturnType<typeof parse>>) => {
  t.strictSame(result.items, trickyItems);
  t.equal(result.nextCursor, 'cursor');
  t.equal(result.itemCount, trickyItems.length);
};

const rejectsWith = async (t: Test, body: Body, reason: IncompleteBodyReason) => {
  const error = await parse(body).then(
    () => undefined,
    (error: unknown) => error,
  );
  t.type(error, IncompleteBodyError, `rejects for ${reason}`);
  t.equal((error as IncompleteBodyError).reason, reason);
  t.equal((error as IncompleteBodyError).name, 'IncompleteBodyError');
  return error as IncompleteBodyError;
};

const reasonOf = (done: Promise<unknown>) =>
  done.then(
    () => 'resolved',
    (error: unknown) => (error instanceof IncompleteBodyError ? error.reason : error),
  );

t.test('builds items exactly as JSON.parse does, whole and in one chunk', async (t) => {
  const result = await parse(Readable.from([bytes(tricky)]));
  assertTricky(t, result);
  const first = result.items[0] as Record<string, unknown> & {n: number[]};
  t.ok(Object.is(first.n[1], -0), '-0 stays negative zero');
  t.ok(Object.hasOwn(first, '__proto__'), '`__proto__` is an own key, as with JSON.parse');
  t.equal(Object.getPrototypeOf(first), Object.prototype, 'and does not change the prototype');
});

t.test('gives the same result wherever the bytes are split in two', async (t) => {
  for (const chunks of splitsInTwo(tricky)) assertTricky(t, await parse(Readable.from(chunks)));
});

t.test('gives the same result one byte at a time and one character at a time', async (t) => {
  const all = bytes(tricky);
  assertTricky(t, await parse(Readable.from(Array.from(all, (byte) => Uint8Array.of(byte)))));
  assertTricky(t, await parse(Readable.from(Array.from(tricky), {objectMode: true})));
});

t.test('accepts an async iterable of plain Uint8Arrays and of strings', async (t) => {
  const encoded = new TextEncoder().encode(tricky);
  async function* chunks() {
    for (let index = 0; index < encoded.length; index += 7) yield encoded.subarray(index, index + 7);
  }
  assertTricky(t, await parse(chunks()));
  async function* strings() {
    yield tricky.slice(0, 100);
    yield tricky.slice(100);
  }
  assertTricky(t, await parse(strings()));
});

t.test('hands over the first item before the body has finished', async (t) => {
  const body = new Readable({read() {}});
  let resolveFirst: (item: unknown) => void = () => {};
  const first = new Promise((resolve) => {
    resolveFirst = resolve;
  });
  const items: unknown[] = [];
  const done = parsePageIncrementally(
    body,
    (item) => {
      items.push(item);
      resolveFirst(item);
    },
    croct,
  );
  body.push('{"items":[{"id":1,"tags":["a"]},');
  t.same(await first, {id: 1, tags: ['a']});
  t.equal(body.readableEnded, false, 'the body is still open');
  t.equal(items.length, 1);
  body.push('{"id":2}],"nextCursor":null}');
  body.push(null);
  t.same(await done, {nextCursor: null, itemCount: 2});
  t.same(items, [{id: 1, tags: ['a']}, {id: 2}]);
});

t.test('reads nextCursor as a string, null or absent, before or after items', async (t) => {
  const cases: [string, string | null | undefined][] = [
    ['{"items":[1],"nextCursor":"abc"}', 'abc'],
    ['{"nextCursor":"abc","items":[1]}', 'abc'],
    ['{"nextCursor":null,"items":[1]}', null],
    ['{"items":[1],"nextCursor":null}', null],
    ['{"items":[1]}', undefined],
    ['{"metadata":{"a":{"b":[1,{"c":2}]}},"items":[1],"other":"x"}', undefined],
    [' \n{ "items" : [ 1 ] , "nextCursor" : "" } \n', ''],
    ['{"nextCursor":"a","items":[1],"nextCursor":"b"}', 'b'],
  ];
  for (const [text, nextCursor] of cases) {
    const result = await parse(Readable.from([text]));
    t.same(result.items, [1], text);
    t.equal(result.nextCursor, nextCursor, text);
  }
});

t.test('an empty page has no items', async (t) => {
  t.same(await parse(Readable.from(['{"items":[],"nextCursor":"end"}'])), {
    items: [],
    nextCursor: 'end',
    itemCount: 0,
  });
});

t.test('every cut-short body is rejected as truncated', async (t) => {
  const all = bytes('{"items":[{"a":"\\u00e9x","b":[true,null,-1.5e+3]}],"nextCursor":"abc"}');
  for (let length = 0; length < all.length; length++) {
    await rejectsWith(t, Readable.from([all.subarray(0, length)]), 'truncated');
  }
});

t.test('rejects a body that is not JSON, with the tokenizer error as cause', async (t) => {
  const tail = ',"nextCursor":"padding past the tokenizer look-ahead"}';
  for (const text of [
    `{"items":[1,,2]${tail}`,
    `{"items":[1}${tail}`,
    `{"items":[tru e]${tail}`,
    `{"items":["a\\x"]${tail}`,
    `{"items":["a\u0001"]${tail}`,
    `{"items":[]}${tail}`,
  ]) {
    const error = await rejectsWith(t, Readable.from([text]), 'malformed-json');
    t.type(error.cause, Error);
    t.match(error.message, /^The page body is not valid JSON: /);
  }
});

t.test('rejects JSON that is not a page envelope', async (t) => {
  const cases: [string, IncompleteBodyReason, string][] = [
    ['[{"items":[]}]', 'not-an-object', 'Expected the page body to be an object, got an array'],
    ['"items"', 'not-an-object', 'Expected the page body to be an object, got a string'],
    ['42', 'not-an-object', 'Expected the page body to be an object, got a number'],
    ['{"nextCursor":"abc"}', 'missing-items', 'The page body has no `items` key'],
    ['{"items":{"0":1}}', 'items-not-an-array', 'Expected `items` to be an array, got an object'],
    ['{"items":null}', 'items-not-an-array', 'Expected `items` to be an array, got null'],
    ['{"items":[1],"items":[2]}', 'duplicate-items', 'The page body has more than one `items` key'],
    [
      '{"items":[],"nextCursor":1}',
      'invalid-next-cursor',
      'Expected `nextCursor` to be a string or null, got a number',
    ],
    [
      '{"nextCursor":true,"items":[]}',
      'invalid-next-cursor',
      'Expected `nextCursor` to be a string or null, got a boolean',
    ],
    [
      '{"nextCursor":{},"items":[]}',
      'invalid-next-cursor',
      'Expected `nextCursor` to be a string or null, got an object',
    ],
  ];
  for (const [text, reason, message] of cases) {
    const error = await rejectsWith(t, Readable.from([text]), reason);
    t.equal(error.message, message);
  }
});

t.test('keeps items handed over before a failure', async (t) => {
  const items: unknown[] = [];
  await t.rejects(
    parsePageIncrementally(
      Readable.from(['{"items":[1,{"a":2},"three"', ']]']),
      (item) => items.push(item),
      croct,
    ),
    IncompleteBodyError,
  );
  t.same(items, [1, {a: 2}, 'three']);
});

t.test('a body stream that fails rejects with that very error, unwrapped', async (t) => {
  const reset = Object.assign(new Error('read ECONNRESET'), {code: 'ECONNRESET'});
  const body = new Readable({read() {}});
  const items: unknown[] = [];
  const done = parsePageIncrementally(body, (item) => items.push(item), croct);
  body.push('{"items":[{"id":1},{"id"');
  setImmediate(() => body.destroy(reset));
  t.equal(await done.catch((error: unknown) => error), reset);
  t.same(items, [{id: 1}]);
});

t.test('an early rejection destroys the body instead of leaving it unread', async (t) => {
  const body = new Readable({read() {}});
  const done = parsePageIncrementally(body, () => {}, croct);
  body.push('[1,2,');
  t.equal(await reasonOf(done), 'not-an-object');
  t.equal(body.destroyed, true);

  let returned = false;
  async function* chunks() {
    try {
      yield '{"items":1';
      yield ', "more": "never read"}';
    } finally {
      returned = true;
    }
  }
  t.equal(await reasonOf(parsePageIncrementally(chunks(), () => {}, croct)), 'items-not-an-array');
  t.equal(returned, true, 'the iterator was closed');
});

t.test("onItem's error rejects the promise and destroys the body", async (t) => {
  const failure = new Error('consumer failed');
  const body = Readable.from(['{"items":[1,2]}']);
  const error = await parsePageIncrementally(
    body,
    () => {
      throw failure;
    },
    croct,
  ).catch((error: unknown) => error);
  t.equal(error, failure);
  t.equal(body.destroyed, true);
});

t.test(
  'delivers each item of a 1000-item page of about 1 KB items while reading the chunk that ends it',
  async (t) => {
    // Counts and order, not a time limit: every item exactly once, in order, each handed over before the
    // parser asks for the chunk after the one holding its last byte (so memory stays at one item, and a
    // slow or quadratic parser shows up in the benchmarks, not as a flaky test on a loaded machine).
    const items = Array.from({length: 1000}, (_, index) => ({
      id: `evt-${index}`,
      timestamp: 1_700_000_000_000 + index,
      user: {id: `u${index}`, anonymous: index % 2 === 0},
      context: {url: `https://example.com/${index}?q=a%20b`, title: 'Tïtle "q" 中', score: index * 1.5e-3},
      tags: ['a', 'b', null, true],
      payload: 'x'.repeat(800),
    }));
    const head = '{"items":[';
    const text = `${head}${items.map((item) => JSON.stringify(item)).join(',')}],"metadata":{"organizationName":"Acme"},"nextCursor":"next"}`;
    const all = bytes(text);
    const size = 16_384;
    // The byte offset of the closing brace of each item, and so the chunk that holds it.
    let offset = Buffer.byteLength(head) - 1;
    const lastChunk = items.map((item) => {
      offset += Buffer.byteLength(JSON.stringify(item)) + 1;
      return Math.floor((offset - 1) / size);
    });
    let pulled = 0;
    async function* chunks() {
      for (let start = 0; start < all.length; start += size) {
        pulled++;
        yield all.subarray(start, start + size);
      }
    }
    const seen: {id: string; chunk: number}[] = [];
    const end = await parsePageIncrementally(
      chunks(),
      (item) => seen.push({id: (item as {id: string}).id, chunk: pulled - 1}),
      croct,
    );
    t.same(end, {nextCursor: 'next', itemCount: 1000});
    t.same(
      seen.map(({id}) => id),
      items.map(({id}) => id),
      'every item exactly once, in order',
    );
    const late = seen.filter(({chunk}, index) => chunk !== lastChunk[index]);
    t.same(late, [], 'each item is delivered while the chunk holding its last byte is being read');
    t.equal(pulled, Math.ceil(all.length / size), 'every chunk was read once');
  },
);

t.test('reads the envelope it is given: another items key and cursor key, named in its errors', async (t) => {
  const items: unknown[] = [];
  const envelope = {items: 'data', cursor: 'next'};
  const end = await parsePageIncrementally(
    Readable.from(['{"items":"ignored","data":[{"a":1}],"next":"c2"}']),
    (item) => items.push(item),
    envelope,
  );
  t.same({items, ...end}, {items: [{a: 1}], nextCursor: 'c2', itemCount: 1});
  await t.rejects(
    parsePageIncrementally(Readable.from(['{"items":[]}']), () => {}, envelope),
    {
      reason: 'missing-items',
      message: 'The page body has no `data` key',
    },
  );
});

t.test('fails clearly if stream-json stops exposing its tokenizer', async (t) => {
  // A parser() that still returns a chain function, but without the function list.
  const changed = Object.assign(() => async function* () {}, {asStream: () => {}});
  const {parsePageIncrementally: parseWithChangedParser} = await t.mockImport<
    typeof import('../lib/core/incremental-parser.js')
  >('../lib/core/incremental-parser.js', {'stream-json/parser.js': {default: changed}});
  await t.rejects(
    parseWithChangedParser(Readable.from(['{"items":[]}']), () => {}, croct),
    {
      message: 'stream-json/parser.js no longer exposes its tokenizer through `fList`',
    },
  );
});

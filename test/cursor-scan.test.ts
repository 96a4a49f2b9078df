import t from 'tap';
import {scanEnvelope} from '../lib/core/cursor-scan.js';

const envelope = {items: 'items', cursor: 'nextCursor'};
const scan = (text: string) => scanEnvelope(text, envelope);

/** What the scan must say about a valid body: exactly what JSON.parse makes of it. */
function expected(text: string): {nextCursor: string | null | undefined; hasItems: boolean} | undefined {
  const body = JSON.parse(text) as {items?: unknown; nextCursor?: unknown};
  const {nextCursor} = body;
  if (nextCursor !== undefined && nextCursor !== null && typeof nextCursor !== 'string') {
    return undefined;
  }
  return {nextCursor, hasItems: Array.isArray(body.items) && body.items.length > 0};
}

t.test('the cursor is found whether it comes first, in the middle or last', async (t) => {
  const bodies = [
    '{"nextCursor":"c2","items":[{"id":1}],"metadata":{}}',
    '{"items":[{"id":1}],"nextCursor":"c2","metadata":{}}',
    '{"items":[{"id":1}],"metadata":{},"nextCursor":"c2"}',
  ];
  for (const body of bodies) {
    t.same(scan(body), {nextCursor: 'c2', hasItems: true}, body);
  }
});

t.test('the same key inside items, nested objects and strings is not the cursor', async (t) => {
  const decoys = [
    '{"items":[{"nextCursor":"item"}],"nextCursor":"top"}',
    '{"items":[{"a":{"b":[{"nextCursor":"deep"}]}}],"nextCursor":"top"}',
    '{"metadata":{"nextCursor":"meta"},"items":[1],"nextCursor":"top"}',
    '{"items":["\\",\\"nextCursor\\":\\"inside a string"],"nextCursor":"top"}',
    '{"items":[{"note":"}]}, \\"nextCursor\\": \\"escaped quotes\\\\"}],"nextCursor":"top"}',
    '{"items":[{"path":"C:\\\\","nextCursor":"after a backslash run"}],"nextCursor":"top"}',
    '{"items":[["[","{","]","}"]],"nextCursor":"top"}',
    '{"nextCursor":"top","items":[{"nextCursor":"later but nested"}]}',
  ];
  for (const body of decoys) {
    t.same(scan(body), expected(body), body);
    t.equal(scan(body)?.nextCursor, 'top', body);
  }
});

t.test('escapes in the cursor and in keys are read as JSON.parse reads them', async (t) => {
  const body = '{"items":[{}],"next\\u0043ursor":"caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\/"}';
  t.same(scan(body), {nextCursor: 'café 😀 "q" \\ /', hasItems: true});
  t.same(scan(body), expected(body));
  // A key that only looks like the cursor once escaped differently is another key.
  t.same(scan('{"items":[{}],"nextCursor ":"no"}'), {nextCursor: undefined, hasItems: true});
});

t.test('a null or absent cursor and empty items are reported as such', async (t) => {
  t.same(scan('{"items":[{"id":1}],"nextCursor":null}'), {nextCursor: null, hasItems: true});
  t.same(scan('{"items":[{"id":1}]}'), {nextCursor: undefined, hasItems: true});
  t.same(scan('{"items":[],"nextCursor":"end"}'), {nextCursor: 'end', hasItems: false});
  t.same(scan('{"items":[ \n\t\r ],"nextCursor":"end"}'), {nextCursor: 'end', hasItems: false});
  t.same(scan('{"items":{"0":1},"nextCursor":"c"}'), {nextCursor: 'c', hasItems: false});
  t.same(scan('{"items":"[1]","nextCursor":"c"}'), {nextCursor: 'c', hasItems: false});
  t.same(scan('{}'), {nextCursor: undefined, hasItems: false});
  t.same(scan(' \r\n\t{ \r\n\t"items" \t:\r\n [ 1 ] \n, "nextCursor" : "c" \t}\r\n '), {
    nextCursor: 'c',
    hasItems: true,
  });
});

t.test('a key given twice counts by its last value, as with JSON.parse', async (t) => {
  const bodies = [
    '{"nextCursor":"first","items":[1],"nextCursor":"second"}',
    '{"nextCursor":"first","items":[1],"nextCursor":null}',
    '{"items":[1],"nextCursor":"c","items":[]}',
    '{"items":[],"nextCursor":"c","items":[2]}',
  ];
  for (const body of bodies) {
    t.same(scan(body), expected(body), body);
  }
});

t.test('a cursor that is neither a string nor null leaves the page to the parse', async (t) => {
  for (const value of ['12', 'true', '{"a":"b"}', '["c"]', '"bad \\x escape"']) {
    t.equal(scan(`{"items":[1],"nextCursor":${value}}`), undefined, value);
  }
});

t.test('anything but one complete object is not scanned', async (t) => {
  const valid = '{"items":[{"id":"a\\"b","n":[1,2]}],"metadata":{"k":null},"nextCursor":"c2"}';
  for (let length = 0; length < valid.length; length++) {
    t.equal(scan(valid.slice(0, length)), undefined, `cut at ${length}`);
  }
  const malformed = [
    '',
    '[{"items":[1]}]',
    '"items"',
    '{"items":[1],"nextCursor":"c"} {}',
    '{"items":[1],"nextCursor":"c"},',
    '{"items":[1],}',
    '{"items" [1]}',
    '{items:[1]}',
    '{"bad \\q key":1}',
    '{"items":}',
    '{"items":,"nextCursor":"c"}',
    '{"items":1]}',
    '{"items":[1] "nextCursor":"c"}',
    '{"items":["never ends]}',
    '{"items":[[1]}',
    '{"nextCursor":"c"',
  ];
  for (const body of malformed) {
    t.equal(scan(body), undefined, JSON.stringify(body));
  }
});

t.test('the scan agrees with JSON.parse on thousands of generated pages', async (t) => {
  // A small deterministic generator (mulberry32): a failure names the seed that reproduces it.
  let state = 0x5eed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <V>(values: readonly V[]): V => values[Math.floor(random() * values.length)] as V;
  const keys = ['items', 'nextCursor', 'metadata', 'id', 'next\\u0043ursor', 'ité\\"ms'];
  const strings = ['', 'c1', 'a"b', '\\', '"nextCursor":"x"', '}]', 'é😀', '\u2028', '\\u0041'];
  const text = (value: string) => JSON.stringify(value);
  const space = () => pick(['', '', ' ', '\n  ', '\t', '\r\n']);
  const value = (depth: number): string => {
    const kind = Math.floor(random() * (depth > 2 ? 4 : 6));
    if (kind === 0) return text(pick(strings));
    if (kind === 1) return pick(['null', 'true', 'false', '0', '-1.5e3', '42']);
    if (kind === 2) return text(`${pick(strings)}${Math.floor(random() * 100)}`);
    if (kind === 3) return 'null';
    if (kind === 4) {
      const length = Math.floor(random() * 4);
      return `[${Array.from({length}, () => space() + value(depth + 1)).join(',')}${space()}]`;
    }
    return object(depth + 1, Math.floor(random() * 4));
  };
  const object = (depth: number, length: number): string =>
    `{${Array.from({length}, () => `${space()}"${pick(keys)}"${space()}:${space()}${value(depth)}`).join(',')}${space()}}`;
  let scanned = 0;
  for (let round = 0; round < 3000; round++) {
    const seed = state;
    const body = space() + object(0, 1 + Math.floor(random() * 6)) + space();
    const want = expected(body);
    const got = scan(body);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      t.fail(`seed ${seed}: ${body}`, {got, want});
      return;
    }
    scanned += got === undefined ? 0 : 1;
  }
  t.ok(scanned > 1000, `${scanned} of 3000 generated pages had a string or null cursor, or none`);
});

t.test(
  'cursor last, escapes, backslash runs and odd values: the answer JSON.parse gives, or none',
  async (t) => {
    // The items first and the cursor last, with what makes reading them hard: a cursor ending in an
    // escaped backslash or holding an escaped quote, values that are not strings, escaped keys.
    const bodies = [
      '{"items":[{"nextCursor":"inner"}],"nextCursor":"a\\"b"}',
      '{"items":[{"q":"\\"}"}],"nextCursor":"ab\\\\"}',
      '{"items":[1],"other":{"nextCursor":"x"},"nextCursor":null}',
      '{"items":[1],"nextCursor":null}',
      '{"items":[],"nextCursor":"c"}',
      '{"items":[1],"nextCursor":7}',
      '{"items":[1],"nextCursor":true}',
      '{"it\\u0065ms":[1],"next\\u0043ursor":"c"}',
    ];
    for (const body of bodies) {
      t.same(scan(body), expected(body), body);
    }
    // Not JSON, at the end: no answer from either reading.
    t.equal(scan('{"items":[1],"nextCursor":"c\\"}'), undefined, 'an escaped quote cannot close the cursor');
    t.equal(scan('{"items":[1],"nextCursor":x"}'), undefined);
    t.equal(scan('{"items":[1],nextCursor":"c"}'), undefined);
    t.equal(scan('{"items":[1] "nextCursor":"c"}'), undefined);
    t.equal(scan('{"items":[1],"nextCursor""c"}'), undefined);
    t.equal(scan('{"items":[1],nextCursor:"c"}'), undefined, 'a key without quotes');
  },
);

t.test('a repeated items key is answered as JSON.parse reads it (its last value)', async (t) => {
  for (const body of [
    '{"items":[1],"items":[],"nextCursor":"x"}',
    '{"items":[],"items":[1],"nextCursor":"x"}',
    '{"items":[1],"items":5,"nextCursor":"x"}',
    '{"items":[],"it\\u0065ms":[1],"nextCursor":"x"}',
  ]) {
    t.same(scan(body), expected(body), body);
  }
});

import {Readable} from 'node:stream';
import {text} from 'node:stream/consumers';
import {pipeline} from 'node:stream/promises';
import {parse} from 'csv-parse/sync';
import t from 'tap';
import {
  createCsvEncoder,
  createJsonArrayEncoder,
  createNdjsonEncoder,
  createSinkTransform,
  type Encoder,
  parseColumns,
} from '../lib/sinks/index.js';

const items = [
  {id: 'a', timestamp: 1_440_990_000_000, payload: {'@type': 'pageOpened', url: 'https://x/?a,b'}, n: 1},
  {eventId: 'b', timestamp: 1_440_990_000_123, payload: {type: 'orderPlaced'}, context: null, n: 2},
];

function encodeAll(encoder: Encoder, list: readonly unknown[]): string {
  return encoder.header() + list.map((item) => encoder.item(item)).join('') + encoder.footer();
}

t.test('NDJSON writes one verbatim item per line', async (t) => {
  t.equal(encodeAll(createNdjsonEncoder(), items), items.map((item) => `${JSON.stringify(item)}\n`).join(''));
});

t.test('NDJSON with columns picks, renames and falls back between spellings', async (t) => {
  const encoder = createNdjsonEncoder({
    columns: parseColumns('id|eventId:id,payload.@type|payload.type:type,context.url'),
  });
  t.equal(
    encodeAll(encoder, items),
    '{"id":"a","type":"pageOpened","context.url":null}\n{"id":"b","type":"orderPlaced","context.url":null}\n',
  );
});

t.test('a JSON array parses back to the items, and an empty one is []', async (t) => {
  t.same(JSON.parse(encodeAll(createJsonArrayEncoder(), items)), items);
  t.equal(encodeAll(createJsonArrayEncoder(), []), '[]\n');
  const projected = encodeAll(createJsonArrayEncoder({columns: parseColumns('n:N')}), items);
  t.equal(projected, '[\n{"N":1},\n{"N":2}\n]\n');
});

t.test('appending to a JSON array continues after the items already there', async (t) => {
  const whole = encodeAll(createJsonArrayEncoder(), items);
  const first = createJsonArrayEncoder();
  const head = first.header() + first.item(items[0]);
  const rest = encodeAll(createJsonArrayEncoder({fresh: false, items: 1}), items.slice(1));
  t.equal(head + rest, whole);
  const empty = createJsonArrayEncoder();
  t.equal(empty.header() + encodeAll(createJsonArrayEncoder({fresh: false, items: 0}), items), whole);
});

t.test('CSV writes a header only when fresh and quotes what needs quoting', async (t) => {
  const columns = parseColumns('id|eventId:id,payload.url:url,payload,n,missing');
  const csv = encodeAll(createCsvEncoder({columns}), items);
  t.same(parse(csv, {columns: true}), [
    {id: 'a', url: 'https://x/?a,b', payload: JSON.stringify(items[0]!.payload), n: '1', missing: ''},
    {id: 'b', url: '', payload: '{"type":"orderPlaced"}', n: '2', missing: ''},
  ]);
  t.equal(createCsvEncoder({columns, fresh: false}).header(), '');
  t.equal(encodeAll(createCsvEncoder({columns}), []), 'id,url,payload,n,missing\n');
});

t.test('CSV renders timestamp columns in the requested time zone, and only those', async (t) => {
  const columns = parseColumns('timestamp,n,window.start,window.end,birthDate,window.other');
  const row = {timestamp: 1_440_990_000_123, n: 5, window: {start: 0, end: 1, other: 2}, birthDate: -1};
  const timestampFields = {names: ['timestamp', 'birthDate'], paths: ['window.start', 'window.end']};
  const csv = createCsvEncoder({columns, timeZone: 'America/Sao_Paulo', timestampFields, fresh: false});
  t.equal(
    csv.item(row),
    '2015-08-31T00:00:00.123-03:00,5,1969-12-31T21:00:00.000-03:00,1969-12-31T21:00:00.001-03:00,1969-12-31T20:59:59.999-03:00,2\n',
  );
  t.equal(
    createCsvEncoder({columns, timeZone: 'Asia/Kolkata', timestampFields, fresh: false}).item({timestamp: 0}),
    '1970-01-01T05:30:00.000+05:30,,,,,\n',
  );
  t.equal(createCsvEncoder({columns, fresh: false}).item({timestamp: 0, birthDate: null}), '0,,,,,\n');
});

t.test(
  'CSV renders ISO 8601 strings with a zone in the requested time zone, and leaves the rest',
  async (t) => {
    const columns = parseColumns('createdAt,profile.createdAt,name');
    const csv = createCsvEncoder({
      columns,
      timeZone: 'America/Sao_Paulo',
      timestampFields: {names: ['createdAt']},
      fresh: false,
    });
    t.equal(
      csv.item({
        createdAt: '2026-11-24T10:30:00.000Z',
        profile: {createdAt: '2026-11-24T12:00+02:00'},
        name: 'x',
      }),
      '2026-11-24T07:30:00.000-03:00,2026-11-24T07:00:00.000-03:00,x\n',
    );
    // No zone (would read as local time), more than millisecond precision, not a date, NaN: as received.
    for (const value of [
      '2026-11-24 10:30:00',
      '2026-11-24T10:30:00.123456Z',
      '2026-13-45T10:30Z',
      'soon',
      '',
    ]) {
      t.equal(csv.item({createdAt: value}), `${value === '' ? '' : value},,\n`, value);
    }
    t.equal(csv.item({createdAt: Number.NaN}), 'NaN,,\n');
    t.equal(csv.item({createdAt: Number.POSITIVE_INFINITY}), 'Infinity,,\n');
  },
);

t.test('a time zone without the fields that hold times is a TypeError', async (t) => {
  t.throws(() => createCsvEncoder({columns: parseColumns('a'), timeZone: 'UTC'}), {
    name: 'TypeError',
    message: /^Expected `timestampFields` with `timeZone`/,
  });
});

t.test('parseColumns rejects empty paths, empty labels and repeated labels', async (t) => {
  t.same(parseColumns('a.b'), [{paths: [['a', 'b']], label: 'a.b'}]);
  for (const bad of ['', 'a,', 'a..b', 'a:', '|a:x']) {
    t.throws(() => parseColumns(bad), {
      name: 'RangeError',
      message: /^Expected `--columns` to be a comma-separated list/,
    });
  }
  t.throws(() => parseColumns('a:x,b:x'), {
    message: 'Expected `--columns` to have distinct labels, got "x" twice',
  });
});

t.test('the sink transform frames items for pipeline(), even when there are none', async (t) => {
  const run = async (list: unknown[]) => {
    const transform = createSinkTransform(createJsonArrayEncoder());
    const [, output] = await Promise.all([pipeline(Readable.from(list), transform), text(transform)]);
    return output;
  };
  t.same(JSON.parse(await run(items)), items);
  t.equal(await run([]), '[]\n');
});

import {parse} from 'csv-parse/sync';
import t, {type Test} from 'tap';
import {request} from 'undici';
import yauzl from 'yauzl';
import type {CoveoSimulator, CoveoSimulatorOptions} from '../lib/simulator/index.js';
import {createCoveoSimulator} from '../lib/simulator/index.js';

const FROM = '2026-11-01T00:00:00.000Z';
const TO = '2026-11-02T00:00:00.000Z';
const WINDOW = `from=${FROM}&to=${TO}`;

type Member = {data: Buffer; compressionMethod: number};

async function start(t: Test, options: CoveoSimulatorOptions = {}): Promise<CoveoSimulator> {
  const simulator = await createCoveoSimulator(options);
  t.teardown(() => simulator.close());
  return simulator;
}

/** Creates an export with the query, lets it become AVAILABLE and downloads its zip. */
async function exportZip(simulator: CoveoSimulator, query: string): Promise<Buffer> {
  const headers = {authorization: `Bearer ${simulator.accessToken}`};
  const created = await request(`${simulator.url}/v15/exports?${query}`, {method: 'POST', headers});
  const {id} = (await created.body.json()) as {id: string};
  await (await request(`${simulator.url}/v15/exports/${id}`, {headers})).body.dump();
  const link = await request(`${simulator.url}/v15/exports/${id}/downloadlink`, {headers});
  const {downloadLink} = (await link.body.json()) as {downloadLink: string};
  return Buffer.from(await (await request(downloadLink)).body.arrayBuffer());
}

async function readZip(bytes: Buffer): Promise<Map<string, Member>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, {lazyEntries: true}, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const members = new Map<string, Member>();
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) {
          reject(error);
          return;
        }
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          members.set(entry.fileName, {
            data: Buffer.concat(chunks),
            compressionMethod: entry.compressionMethod,
          });
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve(members));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function rows(data: Buffer): string[][] {
  return parse(data, {bom: true}) as string[][];
}

function column(table: string[][], name: string): string[] {
  const index = (table[0] as string[]).indexOf(name);
  return table.slice(1).map((row) => row[index] as string);
}

t.test(
  'EXCEL: one CSV per table with a BOM, CRLF and quoted commas, quotes, newlines and emoji',
  async (t) => {
    const simulator = await start(t, {rowsPerDay: {searches: 300, clicks: 200}});
    const members = await readZip(await exportZip(simulator, `${WINDOW}&tables=SEARCHES&tables=CLICKS`));
    t.same([...members.keys()], ['searches.csv', 'clicks.csv']);
    const searches = (members.get('searches.csv') as Member).data;
    t.equal(searches.subarray(0, 3).toString('hex'), 'efbbbf', 'a UTF-8 BOM first');
    const text = searches.toString('utf8');
    t.match(text, /^\uFEFFsearchId,datetime,visitId,visitorId,userId,username,queryExpression,originLevel1,/);
    t.ok(text.endsWith('\r\n'));
    const strict = parse(searches, {bom: true, record_delimiter: '\r\n'}) as string[][];
    t.equal(strict.length, 301, 'every record ends with CRLF');
    const table = rows(searches);
    t.equal(table.length, 301, 'the header and every row');
    const queries = new Set(column(table, 'queryExpression'));
    for (const value of [
      'shoes, red',
      'the "best" laptop',
      'line one\nline two',
      'carriage\r\nreturn',
      'emoji 🎉 party',
      '東京 hotels',
      '',
    ]) {
      t.ok(queries.has(value), JSON.stringify(value));
    }
    t.match(text, /"the ""best"" laptop"/, 'quotes doubled inside quotes');
    t.ok(new Set(column(table, 'originCountry')).has("Côte d'Ivoire"));
    const clicks = rows((members.get('clicks.csv') as Member).data);
    t.equal(clicks.length, 201);
    t.same(clicks[0]?.slice(0, 3), ['searchId', 'clickId', 'datetime']);
  },
);

t.test('NO_NEWLINE: no BOM, LF line ends, line breaks inside values become spaces', async (t) => {
  const simulator = await start(t, {rowsPerDay: {searches: 300}});
  for (const [format, bom, lineEnd] of [
    ['NO_NEWLINE', false, '\n'],
    ['EXCEL,NO_NEWLINE', true, '\r\n'],
  ] as const) {
    const members = await readZip(await exportZip(simulator, `${WINDOW}&tables=SEARCHES&format=${format}`));
    const data = (members.get('searches.csv') as Member).data;
    t.equal(data.subarray(0, 3).toString('hex') === 'efbbbf', bom, `${format}: BOM`);
    const text = data.toString('utf8');
    t.equal(text.split(lineEnd).length, 302, `${format}: one line per record`);
    const table = rows(data);
    const values = table.flat();
    t.notOk(
      values.some((value) => /[\r\n]/.test(value)),
      `${format}: no line break in any value`,
    );
    const queries = new Set(column(table, 'queryExpression'));
    t.ok(queries.has('line one line two') && queries.has('carriage return') && queries.has('shoes, red'));
  }
});

t.test('header styles, display names, dimensions, ISO timestamps and file names are options', async (t) => {
  const snake = await start(t, {rowsPerDay: 30, headerStyle: 'snake'});
  const snakeZip = await readZip(await exportZip(snake, `${WINDOW}&tables=CUSTOM_EVENTS`));
  t.same(rows((snakeZip.get('custom_events.csv') as Member).data)[0]?.slice(0, 3), [
    'custom_event_id',
    'last_search_id',
    'datetime',
  ]);
  const display = await readZip(await exportZip(snake, `${WINDOW}&tables=KEYWORDS&useDisplayNames=true`));
  t.same(rows((display.get('keywords.csv') as Member).data)[0], ['Search ID', 'Date/Time (GMT)', 'Keyword']);
  const styled = await start(t, {
    rowsPerDay: 30,
    headerStyle: 'display',
    timestampStyle: 'iso',
    fileNames: {groups: 'user-groups.csv'},
    compress: false,
  });
  const members = await readZip(
    await exportZip(
      styled,
      `${WINDOW}&tables=GROUPS,SEARCHES&dimensions=queryExpression&dimensions=userGroup`,
    ),
  );
  t.same([...members.keys()], ['user-groups.csv', 'searches.csv']);
  t.equal((members.get('searches.csv') as Member).compressionMethod, 0, 'stored, not deflated');
  const searches = rows((members.get('searches.csv') as Member).data);
  t.same(searches[0], ['Search ID', 'Date/Time (GMT)', 'Query']);
  t.ok(
    column(searches, 'Date/Time (GMT)').every((value) => /^2026-11-01T\d\d:\d\d:\d\d\.\d{3}Z$/.test(value)),
  );
  t.same(rows((members.get('user-groups.csv') as Member).data)[0], [
    'Search ID',
    'Date/Time (GMT)',
    'User Group',
  ]);
});

t.test('rows lie in the window in time order, GMT, and split windows add up to the whole', async (t) => {
  const simulator = await start(t, {rowsPerDay: {clicks: 500}, seed: 3});
  const whole = rows(
    (await readZip(await exportZip(simulator, `${WINDOW}&tables=CLICKS`))).get('clicks.csv')?.data as Buffer,
  );
  const times = column(whole, 'datetime').map((value) => Date.parse(`${value.replace(' ', 'T')}Z`));
  t.ok(times.every((time) => time >= Date.parse(FROM) && time < Date.parse(TO)));
  t.same(
    times,
    [...times].sort((a, b) => a - b),
  );
  const mid = '2026-11-01T13:17:41.500Z';
  const first = await readZip(await exportZip(simulator, `from=${FROM}&to=${mid}&tables=CLICKS`));
  const second = await readZip(await exportZip(simulator, `from=${mid}&to=${TO}&tables=CLICKS`));
  const parts = [
    ...rows(first.get('clicks.csv')?.data as Buffer),
    ...rows(second.get('clicks.csv')?.data as Buffer).slice(1),
  ];
  t.same(parts, whole, 'no row lost or repeated at the split');
  const estimates = simulator.rowCount({from: FROM, to: mid, tables: ['CLICKS']});
  t.equal(estimates.CLICKS, rows(first.get('clicks.csv')?.data as Buffer).length - 1);
});

t.test('the same seed gives the same zip; clicks point at searches with the same user', async (t) => {
  const one = await start(t, {seed: 9, rowsPerDay: {searches: 100, clicks: 100}});
  const two = await start(t, {seed: 9, rowsPerDay: {searches: 100, clicks: 100}});
  const other = await start(t, {seed: 10, rowsPerDay: {searches: 100, clicks: 100}});
  const query = `${WINDOW}&tables=SEARCHES&tables=CLICKS`;
  const zip = await exportZip(one, query);
  t.same(await exportZip(two, query), zip);
  t.not((await exportZip(other, query)).toString('hex'), zip.toString('hex'));
  const members = await readZip(zip);
  const searches = rows(members.get('searches.csv')?.data as Buffer);
  const users = new Map(searches.slice(1).map((row) => [row[0], row[4]]));
  const clicks = rows(members.get('clicks.csv')?.data as Buffer).slice(1);
  const joined = clicks.filter((row) => users.has(row[0]));
  t.ok(joined.length >= clicks.length * 0.9, 'nearly every click joins a search of the window');
  t.ok(
    joined.every((row) => users.get(row[0]) === row[5]),
    'with the same userId',
  );
});

t.test('an export over the row limit is truncated: tables in order, earliest rows kept', async (t) => {
  const simulator = await start(t, {rowsPerDay: {searches: 100, clicks: 100}, rowLimit: 150});
  const estimate = simulator.rowCount({from: FROM, to: TO, tables: ['SEARCHES', 'CLICKS']});
  t.same(estimate, {SEARCHES: 100, CLICKS: 100}, 'estimates are not truncated');
  const members = await readZip(await exportZip(simulator, `${WINDOW}&tables=SEARCHES&tables=CLICKS`));
  const clicks = rows(members.get('clicks.csv')?.data as Buffer);
  t.equal(rows(members.get('searches.csv')?.data as Buffer).length - 1, 100);
  t.equal(clicks.length - 1, 50);
  t.match(simulator.exports()[0], {truncated: true, rows: {searches: 100, clicks: 50}});
  const unlimited = await start(t, {rowsPerDay: {searches: 100, clicks: 100}});
  const all = rows(
    (await readZip(await exportZip(unlimited, `${WINDOW}&tables=CLICKS`))).get('clicks.csv')?.data as Buffer,
  );
  t.same(clicks, all.slice(0, 51), 'the earliest rows');
  t.match(unlimited.exports()[0], {truncated: false, rows: {clicks: 100}});
});

t.test('a window with no rows, or before 1970, gives CSVs with only a header', async (t) => {
  const simulator = await start(t, {rowsPerDay: {searches: 0}});
  const members = await readZip(
    await exportZip(
      simulator,
      'from=1969-12-01T00:00:00Z&to=1970-01-01T00:00:00.000Z&tables=SEARCHES,GROUPS',
    ),
  );
  t.equal(rows(members.get('searches.csv')?.data as Buffer).length, 1);
  t.equal(rows(members.get('groups.csv')?.data as Buffer).length, 1);
  const groups = await readZip(await exportZip(simulator, `${WINDOW}&tables=GROUPS`));
  const table = rows(groups.get('groups.csv')?.data as Buffer);
  t.equal(table.length, 801);
  t.ok(
    column(table, 'searchId').every((id) => id === ''),
    'no search to point at',
  );
});

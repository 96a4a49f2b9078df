import t from 'tap';
import {collect, coveoSetup, keyOf, twoDays} from './helpers/coveo.js';

const tables = ['SEARCHES', 'CLICKS', 'CUSTOM_EVENTS'] as ('SEARCHES' | 'CLICKS' | 'CUSTOM_EVENTS')[];

t.test(
  'a window over the row limit is split into jobs that each fit: every row once, job after job',
  async (t) => {
    const {simulator, api} = await coveoSetup(t, {rowsPerDay: 90, rowLimit: 100});
    const expected = simulator.rowCount({...twoDays, tables});
    const total = Object.values(expected).reduce((sum, count) => sum + count, 0);
    t.equal(total, 540);
    const statuses: {window?: {from: string; to: string}}[] = [];
    const stream = api.exportRows({...twoDays, tables, pollInterval: 1, pageSize: 40});
    stream.on('status', (event: {window?: {from: string; to: string}}) => statuses.push(event));
    const rows = await collect(stream);
    t.equal(rows.length, total);
    t.equal(new Set(rows.map(keyOf)).size, total, 'no row twice, none lost');
    const jobs = simulator.exports();
    t.ok(jobs.length >= 6, `${jobs.length} jobs`);
    t.notOk(
      jobs.some((job) => job.truncated),
      'no job was truncated',
    );
    const windows = [...jobs].reverse().map((job) => [job.from, job.to]);
    t.equal(windows[0]?.[0], Date.parse(twoDays.from));
    t.equal(windows.at(-1)?.[1], Date.parse(twoDays.to));
    for (let index = 1; index < windows.length; index++) {
      t.equal(windows[index]?.[0], windows[index - 1]?.[1], 'consecutive sub-windows');
    }
    t.same(
      [...new Set(statuses.map((event) => event.window?.from))].length,
      jobs.length,
      'each job reports its sub-window',
    );
  },
);

t.test('without the split the job is truncated and rows are lost: the reason for it', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 90, rowLimit: 100});
  const rows = await collect(api.exportRows({...twoDays, tables, pollInterval: 1, split: false}));
  t.equal(rows.length, 100);
  t.equal(simulator.exports()[0]?.truncated, true);
});

t.test('a stream resumed inside the third sub-window plans the rest from there', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 40, rowLimit: 50});
  const options = {...twoDays, tables: ['SEARCHES'] as 'SEARCHES'[], pollInterval: 1, pageSize: 10};
  const first = api.exportRows(options);
  const read: string[] = [];
  for await (const row of first) {
    read.push(keyOf(row));
    if (read.length === 55) break;
  }
  const {cursor, items} = first.checkpoint;
  const rest = (await collect(api.exportRows({...options, cursor}))).map(keyOf);
  const all = [...read.slice(0, items), ...rest];
  t.equal(all.length, 80);
  t.equal(new Set(all).size, 80);
  t.notOk(simulator.exports().some((job) => job.truncated));
});

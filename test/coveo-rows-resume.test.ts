import t from 'tap';
import type {CoveoRow} from '../lib/coveo/index.js';
import {collect, coveoSetup, keyOf, twoDays} from './helpers/coveo.js';

const options = {...twoDays, tables: ['SEARCHES', 'CLICKS', 'GROUPS'] as const, pollInterval: 1, pageSize: 9};

t.test('a stream resumed from a checkpoint taken mid-file delivers the rest exactly once', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 25});
  const first = api.exportRows({...options, tables: [...options.tables]});
  const read: CoveoRow[] = [];
  // A crash mid-file: the consumer stops after the 66th row (searches has 50, so inside clicks) and
  // only what the last checkpoint covers was saved.
  for await (const row of first) {
    read.push(row);
    if (read.length === 66) break;
  }
  const {cursor, items} = first.checkpoint;
  t.equal(items, 63, 'the last checkpoint is at a page end, mid-file');
  const before = read.slice(0, items);
  t.equal(before.at(-1)?.table, 'clicks');
  const storageBefore = simulator.storage.requests;
  const after = await collect(api.exportRows({...options, tables: [...options.tables], cursor}));
  t.equal(simulator.storage.requests - storageBefore, 1, 'the resume downloaded the export again');
  const all = [...before, ...after].map(keyOf);
  t.equal(all.length, 150);
  t.equal(new Set(all).size, 150, 'no row twice, none lost');
  t.same(
    [...before, ...after],
    await collect(api.exportRows({pollInterval: 1, exportId: simulator.exports()[0]!.id})),
    'in the order of one uninterrupted read',
  );
  t.equal(simulator.exports().length, 1, 'the resume reopened the same export');
});

t.test('a cursor taken at the end gives nothing more, without a request', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 5});
  const stream = api.exportRows({...twoDays, tables: ['KEYWORDS'], pollInterval: 1});
  t.equal((await collect(stream)).length, 10);
  const requests = simulator.stats.requests;
  t.same(
    await collect(api.exportRows({...twoDays, tables: ['KEYWORDS'], pollInterval: 1, cursor: stream.cursor})),
    [],
  );
  t.equal(simulator.stats.requests, requests);
});

t.test('an export that expired before the resume is ERR_EXPORT_JOB_EXPIRED', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 20});
  const stream = api.exportRows({...twoDays, tables: ['SEARCHES'], pollInterval: 1, pageSize: 10, limit: 10});
  await collect(stream);
  simulator.expireExport(simulator.exports()[0]!.id);
  const resumed = api.exportRows({...twoDays, tables: ['SEARCHES'], pollInterval: 1, cursor: stream.cursor});
  await t.rejects(collect(resumed), {
    name: 'ExportJobError',
    code: 'ERR_EXPORT_JOB_EXPIRED',
    status: 'EXPIRED',
    message: /^exportRows GET \/v15\/exports\/[-0-9a-f]+ failed: export [-0-9a-f]+ has EXPIRED/,
  });
});

t.test('a FAILED export is ERR_EXPORT_JOB_FAILED', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 20, readyAfterPolls: 2});
  simulator.failNextExport();
  const stream = api.exportRows({...twoDays, pollInterval: 1});
  const error = await collect(stream).catch((failure: unknown) => failure);
  t.match(error, {code: 'ERR_EXPORT_JOB_FAILED', exportId: simulator.exports()[0]!.id, status: 'FAILED'});
});

t.test(
  'a job still pending after maxWait is ERR_EXPORT_JOB_TIMEOUT, and can be streamed later by id',
  async (t) => {
    const {simulator, api} = await coveoSetup(t, {rowsPerDay: 4, readyAfterPolls: 4});
    const stream = api.exportRows({
      ...twoDays,
      tables: ['GROUPS'],
      pollInterval: 5,
      maxPollInterval: 5,
      maxWait: 12,
    });
    const error = (await collect(stream).catch((failure: unknown) => failure)) as {
      exportId: string;
      message: string;
    };
    t.match(error, {code: 'ERR_EXPORT_JOB_TIMEOUT', status: 'PENDING'});
    t.match(error.message, /still PENDING after \d+ ms \(maxWait 12 ms\).*`exportId`/);
    const rows = await collect(api.exportRows({exportId: error.exportId, pollInterval: 1}));
    t.equal(rows.length, 8);
    t.equal(simulator.exports().length, 1);
  },
);

t.test('destroying a stream while it polls stops it at once', async (t) => {
  const {simulator, api} = await coveoSetup(t, {readyAfterPolls: 1000});
  const stream = api.exportRows({...twoDays, pollInterval: 60_000});
  stream.on('status', () => setImmediate(() => stream.destroy()));
  const started = Date.now();
  await t.rejects(collect(stream), {code: 'ERR_STREAM_PREMATURE_CLOSE'});
  t.ok(Date.now() - started < 5000);
  t.equal(simulator.exports()[0]?.status, 'PENDING');
});

t.test('a cursor of another export, or not a cursor at all, is refused at the call', async (t) => {
  const {api} = await coveoSetup(t, {rowsPerDay: 5});
  const stream = api.exportRows({...twoDays, tables: ['KEYWORDS'], pollInterval: 1, pageSize: 3, limit: 3});
  await collect(stream);
  t.throws(() => api.exportRows({...twoDays, tables: ['GROUPS'], cursor: stream.cursor}), {
    code: 'ERR_EXPORT_INVALID_OPTION',
    option: 'cursor',
    message: /^Expected `cursor` to be a cursor of an export with the same window/,
  });
  for (const cursor of [
    'nope',
    Buffer.from('{"v":2}').toString('base64url'),
    Buffer.from('[1]').toString('base64url'),
  ]) {
    t.throws(() => api.exportRows({...twoDays, cursor}), {
      name: 'InvalidOptionError',
      option: 'cursor',
      expected: 'a cursor made by a Coveo rows export',
    });
  }
});

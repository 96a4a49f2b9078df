import {parse} from 'csv-parse/sync';
import t from 'tap';
import {request} from 'undici';
import yauzl from 'yauzl';
import type {CoveoRow, CoveoStatusEvent} from '../lib/coveo/index.js';
import {collect, coveoSetup, keyOf, twoDays} from './helpers/coveo.js';

/** The export's zip read by other code (yauzl + csv-parse, whole files in memory): the reference. */
async function reference(url: string, token: string, exportId: string): Promise<CoveoRow[]> {
  const redirect = await request(`${url}/v15/exports/${exportId}?redirect=true`, {
    headers: {authorization: `Bearer ${token}`},
  });
  await redirect.body.dump();
  const storage = await request(String(redirect.headers.location));
  const zip = await yauzl.fromBufferPromise(Buffer.from(await storage.body.arrayBuffer()), {
    lazyEntries: true,
  });
  const rows: CoveoRow[] = [];
  for (;;) {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      zip
        .once('entry', resolve)
        .once('end', () => resolve(undefined))
        .once('error', reject);
      zip.readEntry();
    });
    if (entry === undefined) break;
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    const table = entry.fileName.replace(/\.csv$/, '');
    for (const record of parse(Buffer.concat(chunks), {bom: true, columns: true}) as Record<
      string,
      string
    >[]) {
      rows.push({table, ...record});
    }
  }
  return rows;
}

for (const format of ['EXCEL', 'NO_NEWLINE'] as const) {
  t.test(
    `every row of a ${format} export arrives once, with the values another CSV reader finds`,
    async (t) => {
      const {simulator, api} = await coveoSetup(t, {rowsPerDay: 40});
      const created = await api.createExport({
        ...twoDays,
        format,
        tables: ['SEARCHES', 'CLICKS', 'CUSTOM_EVENTS'],
      });
      t.equal(created.status, 'PENDING');
      const rows = await collect(api.exportRows({exportId: created.id, pollInterval: 1, pageSize: 7}));
      const expected = await reference(simulator.url, simulator.accessToken, created.id);
      t.equal(rows.length, 240);
      t.same(rows, expected);
      t.ok(
        rows.some((row) => Object.values(row).some((value) => /[,"\n]/.test(value))),
        'values with commas, quotes or line breaks were read',
      );
      if (format === 'NO_NEWLINE') {
        t.notOk(rows.some((row) => Object.values(row).some((value) => /[\r\n]/.test(value))));
      }
      t.same(
        Object.keys(rows[0] as CoveoRow).slice(0, 3),
        ['table', 'searchId', 'datetime'],
        'the BOM is not in a name',
      );
    },
  );
}

t.test('exportRows creates the job, reports its status and never sends the token to storage', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 30, readyAfterPolls: 3});
  const stream = api.exportRows({
    ...twoDays,
    tables: ['SEARCHES', 'KEYWORDS'],
    pollInterval: 1,
    split: false,
  });
  const statuses: CoveoStatusEvent[] = [];
  stream.on('status', (event: CoveoStatusEvent) => statuses.push(event));
  t.equal(simulator.stats.requests, 0, 'nothing is requested before the first read');
  const rows = await collect(stream);
  t.equal(rows.length, 120);
  t.same(new Set(rows.map(keyOf)).size, 120, 'no row twice');
  t.same(
    statuses.map((event) => event.status),
    ['PENDING', 'PENDING', 'PENDING', 'AVAILABLE'],
    'the create answer, then each poll',
  );
  t.ok(statuses.every((event) => event.exportId === statuses[0]?.exportId));
  t.same(statuses[0]?.window, twoDays);
  t.same([...new Set(rows.map((row) => row.table))], ['searches', 'keywords']);
  t.equal(simulator.storage.requests, 1);
  t.equal(simulator.storage.authorizationSeen, false);
  t.equal(simulator.exports().length, 1);
});

t.test('the rest of the API: estimate, rowLimit, getExport, listExports, deleteExport', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 10, rowLimit: 5000});
  t.equal(await api.rowLimit(), 5000);
  const estimate = await api.estimate({
    ...twoDays,
    tables: ['SEARCHES', 'CLICKS'],
    filters: {common: ["a=='b'"]},
  });
  t.same(estimate, {estimates: {SEARCHES: 20, CLICKS: 20}});
  const created = await api.createExport({
    ...twoDays,
    tables: ['GROUPS'],
    dimensions: ['userGroup'],
    filters: {
      common: ["originLevel1=='x'"],
      searches: ["queryPipeline=='y'"],
      customEvents: ["eventType=='z'"],
    },
    useDisplayNames: false,
    filename: 'groups-export',
    description: 'nightly',
  });
  t.same(created.filters, {f: "originLevel1=='x'", fs: "queryPipeline=='y'", fc: "eventType=='z'"});
  t.equal(created.description, 'nightly');
  t.equal((await api.getExport(created.id)).id, created.id);
  t.same(
    (await api.listExports()).map((item) => item.id),
    [created.id],
  );
  t.equal(await api.deleteExport(created.id), undefined);
  await t.rejects(api.getExport(created.id), {code: 'ERR_EXPORT_NOT_FOUND', status: 404});
  t.same(await api.listExports(), []);
  t.equal(simulator.exports().length, 0);
});

t.test('the organization is sent with every request when configured', async (t) => {
  const {api} = await coveoSetup(t, {rowsPerDay: 5, organizationId: 'acme'}, {organizationId: 'acme'});
  t.equal((await collect(api.exportRows({...twoDays, tables: ['SEARCHES'], pollInterval: 1}))).length, 10);
  const {api: wrong} = await coveoSetup(t, {organizationId: 'acme'}, {organizationId: 'other'});
  await t.rejects(wrong.rowLimit(), {code: 'ERR_EXPORT_FORBIDDEN'});
});

t.test('columns are named as the header row names them', async (t) => {
  for (const headerStyle of ['snake', 'display'] as const) {
    const {api} = await coveoSetup(t, {rowsPerDay: 3, headerStyle});
    const [row] = await collect(
      api.exportRows({...twoDays, tables: ['SEARCHES'], pollInterval: 1, limit: 1}),
    );
    t.equal(Object.keys(row as CoveoRow)[1], headerStyle === 'snake' ? 'search_id' : 'Search ID');
  }
});

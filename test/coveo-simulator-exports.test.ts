import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import t, {type Test} from 'tap';
import {request} from 'undici';
import type {CoveoSimulator, CoveoSimulatorOptions} from '../lib/simulator/index.js';
import {createCoveoSimulator} from '../lib/simulator/index.js';
import {shiftClock, startCoveoSimulator} from './helpers/coveo-simulator.js';
import {waitFor} from './helpers/wait-for.js';

const FROM = '2026-11-01T00:00:00.000Z';
const TO = '2026-11-02T00:00:00.000Z';
const WINDOW = `from=${FROM}&to=${TO}`;

/** The fields these tests read from JSON bodies (export objects, lists, links, estimates). */
type Json = {[key: string]: unknown; id: string; status: string; size: number; downloadLink: string} & Json[];

type Answer = {status: number; headers: Record<string, string | string[] | undefined>; body: Json};

async function call(
  simulator: CoveoSimulator,
  method: 'GET' | 'POST' | 'DELETE' | 'PUT',
  path: string,
  options: {token?: string | null; body?: string} = {},
): Promise<Answer> {
  const token = options.token === undefined ? simulator.accessToken : options.token;
  const response = await request(`${simulator.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : {authorization: `Bearer ${token}`}),
      ...(options.body === undefined ? {} : {'content-type': 'application/json'}),
    },
    ...(options.body === undefined ? {} : {body: options.body}),
  });
  const text = await response.body.text();
  const json = (response.headers['content-type'] ?? '').toString().startsWith('application/json');
  return {status: response.statusCode, headers: response.headers, body: json ? JSON.parse(text) : text};
}

const start = (t: Test, options: CoveoSimulatorOptions = {}) =>
  startCoveoSimulator(t, {rowsPerDay: 20, ...options});

t.test('creating an export answers 201 with every field of the export object, PENDING', async (t) => {
  const simulator = await start(t);
  const created = await call(
    simulator,
    'POST',
    `/v15/exports?${WINDOW}&tables=SEARCHES&tables=CLICKS&d=nightly&f=a%3D%3D1&f=b%3D%3D2&fs=c%3D%3D3&dimensions=queryExpression&useDisplayNames=true&org=${simulator.organizationId}`,
  );
  t.equal(created.status, 201);
  t.match(created.body, {
    id: /^[0-9a-f-]{36}$/,
    author: 'simulator@example.com',
    startDate: Number,
    from: Date.parse(FROM),
    to: Date.parse(TO),
    filters: {f: 'a==1 AND b==2', fs: 'c==3'},
    description: 'nightly',
    size: 0,
    status: 'PENDING',
    tables: ['searches', 'clicks'],
    downloadable: true,
    dimensions: ['queryExpression'],
    replayable: false,
    usingDisplayNames: true,
    scheduleId: null,
  });
  t.notOk('downloadLink' in created.body, 'no downloadLink before AVAILABLE');
  t.same(simulator.stats.byPath, {'/v15/exports': 1});
});

t.test('the JSON-body twin takes exportFormat and the long filter names', async (t) => {
  const simulator = await start(t);
  const body = JSON.stringify({
    from: FROM,
    to: TO,
    tables: ['ALL_EVENTS'],
    exportFormat: 'NO_NEWLINE',
    commonFilters: ['x==1'],
    searchesFilters: [],
    customEventsFilters: ['y==2'],
    filename: 'nightly-export',
    description: 'from a body',
    useDisplayNames: false,
  });
  const created = await call(simulator, 'POST', '/v15/exports/create', {body});
  t.equal(created.status, 201);
  t.match(created.body, {
    status: 'PENDING',
    tables: ['searches', 'clicks', 'custom_events'],
    filters: {f: 'x==1', fc: 'y==2'},
    description: 'from a body',
  });
  const link = await call(simulator, 'GET', `/v15/exports/${created.body.id}/downloadlink`);
  t.same(link.body, {id: created.body.id}, 'no link before the first status read made it AVAILABLE');
  await call(simulator, 'GET', `/v15/exports/${created.body.id}`);
  const ready = await call(simulator, 'GET', `/v15/exports/${created.body.id}/downloadlink`);
  t.match(ready.body.downloadLink, /\/storage\/[^/]+\/nightly-export\.zip\?X-Amz-Algorithm=/);
  t.equal(simulator.stats.byPath['/v15/exports/create'], 1);
  t.equal(simulator.stats.byPath['/v15/exports/{id}/downloadlink'], 2);
});

t.test(
  'an export becomes AVAILABLE at the Nth status read, with its size and the API download link',
  async (t) => {
    const simulator = await start(t, {readyAfterPolls: 3});
    const {body} = await call(simulator, 'POST', `/v15/exports?${WINDOW}`);
    const statuses: string[] = [];
    let last = {} as Json;
    for (let i = 0; i < 3; i++) {
      last = (await call(simulator, 'GET', `/v15/exports/${body.id}?redirect=false`)).body;
      statuses.push(last.status);
    }
    t.same(statuses, ['PENDING', 'PENDING', 'AVAILABLE']);
    t.ok(last.size > 22, 'the size of a real zip');
    t.equal(last.downloadLink, `${simulator.url}/v15/exports/${body.id}?redirect=true`);
    t.same(
      simulator.exports().map((record) => record.status),
      ['AVAILABLE'],
    );
  },
);

t.test('an export becomes AVAILABLE no sooner than readyAfterMs', async (t) => {
  const simulator = await start(t, {readyAfterMs: 60_000});
  const shift = shiftClock(t);
  const {body} = await call(simulator, 'POST', `/v15/exports?${WINDOW}`);
  t.equal((await call(simulator, 'GET', `/v15/exports/${body.id}`)).body.status, 'PENDING');
  shift(60_000);
  t.equal((await call(simulator, 'GET', `/v15/exports/${body.id}`)).body.status, 'AVAILABLE');
});

t.test('exports named by failExports, a predicate or failNextExport end FAILED', async (t) => {
  const byNumber = await start(t, {failExports: [2]});
  const outcomes: string[] = [];
  for (let i = 0; i < 3; i++) {
    const {body} = await call(byNumber, 'POST', `/v15/exports?${WINDOW}`);
    outcomes.push((await call(byNumber, 'GET', `/v15/exports/${body.id}`)).body.status);
  }
  t.same(outcomes, ['AVAILABLE', 'FAILED', 'AVAILABLE']);

  const seen: unknown[] = [];
  const byPredicate = await start(t, {
    failExports: (info) => {
      seen.push(info);
      return info.tables.includes('groups');
    },
  });
  const groups = await call(byPredicate, 'POST', `/v15/exports?${WINDOW}&tables=GROUPS`);
  t.equal((await call(byPredicate, 'GET', `/v15/exports/${groups.body.id}`)).body.status, 'FAILED');
  t.same(seen, [{index: 1, from: Date.parse(FROM), to: Date.parse(TO), tables: ['groups']}]);

  byPredicate.failNextExport();
  const next = await call(byPredicate, 'POST', `/v15/exports?${WINDOW}&tables=KEYWORDS`);
  t.equal((await call(byPredicate, 'GET', `/v15/exports/${next.body.id}`)).body.status, 'FAILED');
  const after = await call(byPredicate, 'POST', `/v15/exports?${WINDOW}&tables=KEYWORDS`);
  t.equal((await call(byPredicate, 'GET', `/v15/exports/${after.body.id}`)).body.status, 'AVAILABLE');
  const failed = await call(byPredicate, 'GET', `/v15/exports/${next.body.id}?redirect=true`);
  t.equal(failed.status, 409);
  t.match(failed.body, {type: 'EXPORT_NOT_AVAILABLE', message: /is FAILED/});
});

t.test('an export turns EXPIRED after expireAfterMs, or at once with expireExport()', async (t) => {
  const simulator = await start(t, {expireAfterMs: 3_600_000});
  const shift = shiftClock(t);
  const first = (await call(simulator, 'POST', `/v15/exports?${WINDOW}`)).body;
  const second = (await call(simulator, 'POST', `/v15/exports?${WINDOW}`)).body;
  for (const {id} of [first, second]) {
    t.equal((await call(simulator, 'GET', `/v15/exports/${id}`)).body.status, 'AVAILABLE');
  }
  t.ok(simulator.expireExport(second.id));
  t.notOk(simulator.expireExport('no-such-export'));
  const listed = await call(simulator, 'GET', '/v15/exports');
  t.same(
    listed.body.map((e) => [e.id, e.status]),
    [
      [second.id, 'EXPIRED'],
      [first.id, 'AVAILABLE'],
    ],
    'newest first',
  );
  shift(3_600_000);
  const expired = await call(simulator, 'GET', `/v15/exports/${first.id}`);
  t.equal(expired.body.status, 'EXPIRED');
  t.notOk('downloadLink' in expired.body);
  t.equal(expired.body.size, 0);
  t.same((await call(simulator, 'GET', `/v15/exports/${first.id}/downloadlink`)).body, {id: first.id});
  t.equal((await call(simulator, 'GET', `/v15/exports/${first.id}?redirect=true`)).status, 409);
});

t.test('redirect=true answers the configured 3xx to a fresh storage link each time', async (t) => {
  for (const redirectStatus of [303, 302, 307] as const) {
    const simulator = await start(t, {redirectStatus});
    const {body} = await call(simulator, 'POST', `/v15/exports?${WINDOW}&filename=my-export`);
    const first = await call(simulator, 'GET', `/v15/exports/${body.id}?redirect=true`);
    const second = await call(simulator, 'GET', `/v15/exports/${body.id}?redirect=true`);
    t.equal(first.status, redirectStatus);
    t.match(first.headers.location, new RegExp(`^${simulator.url}/storage/${body.id}/my-export\\.zip\\?`));
    t.not(first.headers.location, second.headers.location, 'each redirect mints a new link');
    t.equal(simulator.stats.byPath['/v15/exports/{id}'], 2);
  }
});

t.test('a deleted export is gone: 204, then 404 on every route, and out of the list', async (t) => {
  const simulator = await start(t);
  const kept = (await call(simulator, 'POST', `/v15/exports?${WINDOW}`)).body;
  const gone = (await call(simulator, 'POST', `/v15/exports?${WINDOW}`)).body;
  const deleted = await call(simulator, 'DELETE', `/v15/exports/${gone.id}`);
  t.equal(deleted.status, 204);
  t.equal(deleted.body, '');
  for (const path of [`/v15/exports/${gone.id}`, `/v15/exports/${gone.id}/downloadlink`]) {
    const missing = await call(simulator, 'GET', path);
    t.equal(missing.status, 404);
    t.same(missing.body, {message: `Export '${gone.id}' was not found.`, type: 'NOT_FOUND'});
  }
  t.equal((await call(simulator, 'DELETE', `/v15/exports/${gone.id}`)).status, 404);
  t.same(
    (await call(simulator, 'GET', '/v15/exports')).body.map((e) => e.id),
    [kept.id],
  );
});

t.test('deleting an export while a status read waits for its zip makes that read a 404', async (t) => {
  const simulator = await start(t, {rowsPerDay: 200_000, compress: true});
  const {body} = await call(simulator, 'POST', `/v15/exports?${WINDOW}&tables=SEARCHES`);
  const read = call(simulator, 'GET', `/v15/exports/${body.id}`);
  await waitFor(() => simulator.stats.inFlight === 1, {what: 'the status read waiting for the zip'});
  const removed = await call(simulator, 'DELETE', `/v15/exports/${body.id}`);
  t.equal(removed.status, 204);
  t.equal((await read).status, 404);
});

t.test('a zip cut short by a delete or an expiry is removed from disk at once, not at close', async (t) => {
  const tempDir = mkdtempSync(join(tmpdir(), 'coveo-simulator-test-'));
  t.teardown(() => rmSync(tempDir, {recursive: true, force: true}));
  // Large enough that the zips are still being written when the delete and the expiry come.
  const simulator = await start(t, {rowsPerDay: 200_000, tempDir});
  const zips = () => readdirSync(tempDir).flatMap((dir) => readdirSync(join(tempDir, dir)));
  const deleted = await call(simulator, 'POST', `/v15/exports?${WINDOW}&tables=SEARCHES`);
  const expired = await call(simulator, 'POST', `/v15/exports?${WINDOW}&tables=CLICKS`);
  await waitFor(() => zips().length === 2, {what: 'both zips being written'});
  t.equal((await call(simulator, 'DELETE', `/v15/exports/${deleted.body.id}`)).status, 204);
  t.ok(simulator.expireExport(expired.body.id));
  await waitFor(() => zips().length === 0, {what: 'the partial zips removed'});
  t.same(
    simulator.exports().map((record) => record.status),
    ['EXPIRED'],
    'the expired export is still listed',
  );
});

t.test('estimates count exactly the rows of the window per table; rowLimit answers the option', async (t) => {
  const simulator = await start(t, {rowsPerDay: {searches: 100, clicks: 50}, rowLimit: 1234});
  const all = await call(simulator, 'GET', `/v15/exports/estimate?${WINDOW}`);
  t.same(all.body, {estimates: {SEARCHES: 100, CLICKS: 50, CUSTOM_EVENTS: 300, GROUPS: 800, KEYWORDS: 1500}});
  const some = await call(simulator, 'GET', `/v15/exports/estimate?${WINDOW}&tables=CLICKS&f=x%3D%3D1`);
  t.same(some.body, {estimates: {CLICKS: 50}});
  t.same(simulator.rowCount({from: FROM, to: new Date(TO), tables: ['CLICKS']}), {CLICKS: 50});
  t.same(simulator.rowCount({from: Date.parse(FROM), to: TO}), all.body.estimates);
  t.same((await call(simulator, 'GET', '/v15/exports/rowLimit')).body, {exportRowCountLimit: 1234});
  const bad = await call(simulator, 'GET', '/v15/exports/estimate?from=yesterday');
  t.match([bad.status, bad.body], [400, {type: 'INVALID_PARAMETER', message: /'from' must be an ISO-8601/}]);
  const noEnd = await call(simulator, 'GET', `/v15/exports/estimate?from=${FROM}&tables=CLICKS`);
  t.match([noEnd.status, noEnd.body], [400, {message: "Parameter 'to' is required."}]);
});

t.test('health routes answer without a token', async (t) => {
  const simulator = await start(t);
  for (const path of ['/v15/exports/status', '/v15/exports/monitoring/health']) {
    const health = await call(simulator, 'GET', path, {token: null});
    t.same([health.status, health.body], [200, {status: 'UP'}]);
  }
});

t.test('close() is idempotent and deletes every zip', async (t) => {
  const tempDir = mkdtempSync(join(tmpdir(), 'coveo-simulator-test-'));
  t.teardown(() => rmSync(tempDir, {recursive: true, force: true}));
  const simulator = await createCoveoSimulator({rowsPerDay: 20, tempDir});
  const {body} = await call(simulator, 'POST', `/v15/exports?${WINDOW}`);
  await call(simulator, 'GET', `/v15/exports/${body.id}`);
  const link = (await call(simulator, 'GET', `/v15/exports/${body.id}/downloadlink`)).body.downloadLink;
  // A second export still being written when close() comes.
  await call(simulator, 'POST', `/v15/exports?${WINDOW}`);
  t.equal(readdirSync(tempDir).length, 1, 'one temporary folder holds the zips');
  await Promise.all([simulator.close(), simulator.close()]);
  await simulator.close();
  t.same(readdirSync(tempDir), [], 'the zips and their folder are gone');
  await t.rejects(request(link), 'the server no longer listens');
});

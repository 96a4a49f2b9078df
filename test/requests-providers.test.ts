import {mkdir, readFile} from 'node:fs/promises';
import {parse} from 'csv-parse/sync';
import t from 'tap';
import {
  ledgerPath,
  outcomeVars,
  parseRequest,
  runRequest,
  runWindow,
  type Window,
} from '../lib/requests/index.js';
import {createCoveoSimulator, createOpenPanelSimulator, createSimulator} from '../lib/simulator/index.js';

const window: Window = {
  start: new Date('2026-11-01T00:00:00Z'),
  end: new Date('2026-11-02T00:00:00Z'),
  key: '20261101T000000Z',
};
const coveo = await createCoveoSimulator({seed: 7, rowsPerDay: 40});
const openpanel = await createOpenPanelSimulator({
  events: 200,
  seed: 3,
  window: {start: window.start.getTime(), end: window.end.getTime()},
  rateLimit: false,
});
const croct = await createSimulator({
  events: 30,
  seed: 3,
  window: {start: window.start.getTime(), end: window.end.getTime()},
});
t.teardown(() => Promise.all([coveo.close(), openpanel.close(), croct.close()]));

const oneDay = (items: unknown[], extension = 'csv') =>
  parseRequest({
    name: 'providers',
    type: 'oneTime',
    from: '2026-11-01T00:00:00Z',
    to: '2026-11-02T00:00:00Z',
    format: {extension, timezone: 'UTC'},
    items,
  });

t.test(
  'a Coveo item exports the rows of its tables in the window, with the token from the environment',
  async (t) => {
    const request = oneDay([
      {provider: 'coveo', resource: 'rows', baseUrl: coveo.url, tables: ['SEARCHES'], pageSize: 10},
    ]);
    const result = await runWindow(request, window, {
      outDir: t.testdir(),
      env: {COVEO_ACCESS_TOKEN: coveo.accessToken, COVEO_ORGANIZATION_ID: ''},
    });
    t.equal(result.status, 'success', String(result.error));
    const rows = parse(await readFile(result.results[0]!.path), {columns: true}) as Record<string, string>[];
    t.equal(rows.length, coveo.rowCount({from: window.start, to: window.end, tables: ['SEARCHES']}).SEARCHES);
    t.ok(rows.every((row) => row.table === 'searches'));
  },
);

t.test('an OpenPanel item passes its filters to the API', async (t) => {
  const request = oneDay(
    [
      {
        provider: 'openpanel',
        resource: 'events',
        baseUrl: openpanel.url,
        events: ['screen_view'],
        includes: ['properties'],
        projectId: openpanel.projectId,
        profileId: 'nobody',
        filters: [{name: 'path', operator: 'startsWith', value: ['/']}],
      },
      {
        provider: 'openpanel',
        resource: 'events',
        baseUrl: openpanel.url,
        events: ['screen_view'],
        filename: 'views',
      },
    ],
    'ndjson',
  );
  const env = {OPENPANEL_CLIENT_ID: openpanel.clientId, OPENPANEL_CLIENT_SECRET: openpanel.clientSecret};
  const result = await runWindow(request, window, {outDir: t.testdir(), env});
  t.equal(result.status, 'success', String(result.error));
  t.equal(result.results[0]!.rows, 0, 'no events of a profile that does not exist');
  const views = (await readFile(result.results[1]!.path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  t.ok(views.length > 0 && views.every((view) => view.name === 'screen_view'));
  t.equal(result.rows, views.length);
});

t.test('a state path that cannot be read is an error, not a fresh start', async (t) => {
  const dir = t.testdir();
  const request = oneDay([{provider: 'croct', resource: 'users', baseUrl: croct.url}]);
  await mkdir(ledgerPath(dir, request));
  await t.rejects(runRequest(request, {outDir: dir, stateDir: dir, env: {}, once: true}), {code: 'EISDIR'});
});

t.test('windows that become due during a run are exported in the same run', async (t) => {
  const dir = t.testdir();
  let clock = Date.parse('2026-11-02T00:00:00Z');
  const request = parseRequest({
    name: 'hourly',
    type: 'recurring',
    periodicity: 'PT12H',
    periodStart: '2026-11-01T00:00:00Z',
    format: {extension: 'json'},
    items: [
      {provider: 'croct', resource: 'events', baseUrl: croct.url},
      {provider: 'croct', resource: 'users', baseUrl: croct.url},
    ],
  });
  let done = 0;
  const summary = await runRequest(request, {
    outDir: dir,
    stateDir: dir,
    env: {CROCT_API_KEY: croct.apiKey},
    once: true,
    now: () => new Date(clock),
    onEvent: (event) => {
      // The first two windows take "a day" each: two more close meanwhile.
      if (event.type === 'windowDone' && ++done <= 2) {
        clock += 43_200_000;
      }
    },
  });
  t.match(summary, {windows: 4, files: 8, failures: 0});
});

t.test('a failure that is not an Error is shown as text in the template variables', async (t) => {
  const request = oneDay([{provider: 'croct', resource: 'users'}]);
  t.match(outcomeVars(request, {window, results: [], error: 'disk full'}), {
    status: 'failure',
    error: 'disk full',
    rows: 0,
    files: [],
    window: {start: '2026-11-01T00:00:00+00:00', end: '2026-11-02T00:00:00+00:00', key: '20261101T000000Z'},
  });
});

import t, {type Test} from 'tap';
import {request} from 'undici';
import type {OpenPanelSimulator} from '../lib/simulator/index.js';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';

const WINDOW = {start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 11)};
const RANGE = 'start=2026-01-01&end=2026-01-10';

async function get(
  simulator: OpenPanelSimulator,
  query: string,
  headers: Record<string, string>,
): Promise<{status: number; body: unknown}> {
  const response = await request(`${simulator.url}/export/events?${query}`, {headers});
  return {status: response.statusCode, body: await response.body.json()};
}

function as(client: {clientId: string; clientSecret: string | null}): Record<string, string> {
  return {'openpanel-client-id': client.clientId, 'openpanel-client-secret': client.clientSecret ?? ''};
}

async function start(t: Test, options = {}): Promise<OpenPanelSimulator> {
  const simulator = await createOpenPanelSimulator({events: 100, window: WINDOW, ...options});
  t.teardown(() => simulator.close());
  return simulator;
}

t.test('the default read client exports its own project', async (t) => {
  const simulator = await start(t);
  const {status, body} = await get(simulator, RANGE, as(simulator));

  t.equal(status, 200);
  t.match(body, {meta: {count: 50, totalCount: 100}, data: Array});
  t.equal(simulator.projectId, 'demo');
  t.same(simulator.clients.read, {
    clientId: simulator.clientId,
    clientSecret: simulator.clientSecret,
    type: 'read',
    projectId: 'demo',
  });
});

const UNAUTHORIZED: Array<[string, (s: OpenPanelSimulator) => Record<string, string>, string]> = [
  ['no client id', () => ({}), 'Export: Client ID must be a valid UUIDv4'],
  [
    'a client id that is not a UUID',
    () => ({'openpanel-client-id': 'demo-client'}),
    'Export: Client ID must be a valid UUIDv4',
  ],
  [
    'an upper-case client id',
    (s) => ({...as(s), 'openpanel-client-id': s.clientId.toUpperCase()}),
    'Export: Client ID must be a valid UUIDv4',
  ],
  [
    'an unknown client id',
    (s) => ({...as(s), 'openpanel-client-id': '00000000-0000-4000-8000-000000000000'}),
    'Export: Invalid client id',
  ],
  ['a client without a secret', (s) => as(s.clients.noSecret), 'Export: Client has no secret'],
  ['a write client', (s) => as(s.clients.write), 'Export: Client is not allowed to export'],
  [
    'a wrong secret',
    (s) => ({...as(s), 'openpanel-client-secret': 'sec_wrong'}),
    'Export: Invalid client secret',
  ],
  ['a missing secret', (s) => ({'openpanel-client-id': s.clientId}), 'Export: Invalid client secret'],
];

for (const [what, headers, message] of UNAUTHORIZED) {
  t.test(`${what} gets a 401 saying "${message}"`, async (t) => {
    const simulator = await start(t);
    const {status, body} = await get(simulator, RANGE, headers(simulator));

    t.equal(status, 401);
    t.same(body, {error: 'Unauthorized', message});
  });
}

t.test('a bad query is a 400 before authentication', async (t) => {
  const simulator = await start(t);
  const {status, body} = await get(simulator, 'limit=abc', {});

  t.equal(status, 400);
  t.same(body, {
    status: 400,
    error: 'FastifyError',
    message: 'querystring/limit Expected number, received nan',
  });
});

t.test('a read client asking for another project gets a 403', async (t) => {
  const simulator = await start(t);

  for (const key of ['projectId', 'project_id']) {
    const {status, body} = await get(simulator, `${RANGE}&${key}=other`, as(simulator));

    t.equal(status, 403, key);
    t.same(body, {status: 403, message: 'You do not have access to this project'});
  }
});

t.test('projectId wins over project_id', async (t) => {
  const simulator = await start(t);

  t.equal((await get(simulator, `${RANGE}&projectId=demo&project_id=other`, as(simulator))).status, 200);
  t.equal((await get(simulator, `${RANGE}&projectId=other&project_id=demo`, as(simulator))).status, 403);
});

t.test('a read client naming its own project reads it', async (t) => {
  const simulator = await start(t);
  const {status, body} = await get(simulator, `${RANGE}&projectId=demo`, as(simulator));

  t.equal(status, 200);
  t.match(body, {meta: {totalCount: 100}});
});

t.test('a root client reads any project of its organization and gets a 404 for others', async (t) => {
  const simulator = await start(t, {otherProjects: ['other', 'empty']});
  const root = as(simulator.clients.root);

  t.match((await get(simulator, `${RANGE}&projectId=demo`, root)).body, {meta: {totalCount: 100}});
  t.same((await get(simulator, `${RANGE}&projectId=other`, root)).body, {
    meta: {count: 0, totalCount: 0, pages: 0, current: 1},
    data: [],
  });

  const missing = await get(simulator, `${RANGE}&projectId=nope`, root);

  t.equal(missing.status, 404);
  t.same(missing.body, {status: 404, message: 'Project not found'});
});

t.test('a read client without a project needs a project id, and may name none', async (t) => {
  const simulator = await start(t);
  const unscoped = as(simulator.clients.unscoped);
  const none = await get(simulator, RANGE, unscoped);

  t.equal(none.status, 400);
  t.same(none.body, {status: 400, message: 'project_id or projectId is required'});
  t.equal((await get(simulator, `${RANGE}&projectId=demo`, unscoped)).status, 403);
  t.equal((await get(simulator, `${RANGE}&projectId=`, unscoped)).status, 400, 'an empty project id is none');
});

t.test('extra clients are accepted as configured', async (t) => {
  const root = {
    clientId: '11111111-2222-4333-8444-555555555555',
    clientSecret: 'sec_root',
    type: 'root',
    projectId: null,
  };
  const bare = {clientId: '11111111-2222-4333-8444-666666666666', type: 'read', projectId: 'demo'};
  const simulator = await start(t, {clients: [root, bare]});

  t.equal((await get(simulator, `${RANGE}&projectId=demo`, as(root))).status, 200);
  t.same((await get(simulator, RANGE, as(root))).body, {
    status: 400,
    message: 'project_id or projectId is required',
  });
  t.same((await get(simulator, RANGE, as({clientId: bare.clientId, clientSecret: null}))).body, {
    error: 'Unauthorized',
    message: 'Export: Client has no secret',
  });
});

t.test('the built-in clients differ per seed and are valid lower-case UUIDs', async (t) => {
  const one = await start(t, {seed: 1});
  const two = await start(t, {seed: 2});
  const ids = Object.values(one.clients).map((client) => client.clientId);

  t.equal(new Set(ids).size, 5);
  t.ok(ids.every((id) => /^[0-9a-f-]{36}$/.test(id)));
  t.not(one.clientId, two.clientId);
  t.not(one.clientSecret, two.clientSecret);
});

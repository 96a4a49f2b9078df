import t from 'tap';
import {request} from 'undici';
import type {
  EventResponse,
  ProblemDetails,
  Session,
  SessionResponse,
  SingleEventResponse,
  User,
  UserResponse,
} from '../lib/croct/types.js';
import {eventIdOf} from '../lib/croct/types.js';
import type {Simulator} from '../lib/simulator/index.js';
import {createSimulator} from '../lib/simulator/index.js';

async function get(simulator: Simulator, path: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await request(simulator.url + path, {
    method: method as 'GET',
    headers: {'x-api-key': simulator.apiKey, accept: 'application/json', ...headers},
  });
  const text = await response.body.text();

  return {
    status: response.statusCode,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

t.test('GET /events answers the events envelope with metadata', async (t) => {
  const simulator = await createSimulator({events: 50});
  t.teardown(() => simulator.close());

  const {status, headers, body} = await get(simulator, '/events');
  const page = body as EventResponse;

  t.equal(status, 200);
  t.equal(headers['content-type'], 'application/json');
  t.equal(page.items.length, 50);
  t.same(page.metadata, {
    organizationName: 'Acme',
    organizationSlug: 'acme',
    workspaceName: 'Store',
    workspaceSlug: 'store',
    applicationName: 'Web',
    applicationSlug: 'web',
  });
  t.type(page.nextCursor, 'string');
  t.ok(page.nextCursor.length > 0);
});

t.test('GET /session and GET /user answer envelopes without metadata', async (t) => {
  const simulator = await createSimulator({events: 60, sessions: 6, users: 2});
  t.teardown(() => simulator.close());

  const sessions = (await get(simulator, '/session')).body as SessionResponse;
  const users = (await get(simulator, '/user')).body as UserResponse;

  t.same(Object.keys(sessions).sort(), ['items', 'nextCursor']);
  t.same(Object.keys(users).sort(), ['items', 'nextCursor']);
  t.equal(sessions.items.length, 6);
  t.equal(users.items.length, 2);
});

t.test('the plural /sessions and /users paths do not exist', async (t) => {
  const simulator = await createSimulator({events: 10});
  t.teardown(() => simulator.close());

  for (const path of ['/sessions', '/users', '/', '/events/a/b']) {
    const {status, headers, body} = await get(simulator, path);

    t.equal(status, 404, path);
    t.equal(headers['content-type'], 'application/problem+json');
    t.match(body, {type: 'https://croct.help/api/not-found', status: 404, instance: path});
  }
});

t.test('by-id endpoints return the items the lists return', async (t) => {
  const simulator = await createSimulator({
    events: 30,
    sessions: 5,
    users: 2,
    metadata: {applicationName: 'Shop'},
  });
  t.teardown(() => simulator.close());

  const event = ((await get(simulator, '/events?pageSize=1')).body as EventResponse).items[0];
  const session = ((await get(simulator, '/session?pageSize=1')).body as SessionResponse).items[0] as Session;
  const user = ((await get(simulator, '/user?pageSize=1')).body as UserResponse).items[0] as User;
  const single = (await get(simulator, `/events/${eventIdOf(event as never)}`)).body as SingleEventResponse;

  t.same(single.event, event);
  t.equal(single.metadata.applicationName, 'Shop');
  t.equal(single.metadata.applicationSlug, 'web');
  t.same((await get(simulator, `/session/${session.sessionId}`)).body, session);
  t.same((await get(simulator, `/user/${user.userId}`)).body, user);
  t.same(
    (await get(simulator, `/user/${user.userId?.toUpperCase()}`)).body,
    user,
    'ids are case-insensitive',
  );
});

t.test('by-id endpoints answer 404 problems for unknown ids', async (t) => {
  const simulator = await createSimulator({events: 10});
  t.teardown(() => simulator.close());

  for (const path of [
    '/events/6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10',
    '/session/not-a-uuid',
    '/user/%E0%A4%A',
    '/user/a%20b',
  ]) {
    const {status, body} = await get(simulator, path);
    const problem = body as ProblemDetails;

    t.equal(status, 404, path);
    t.equal(problem.type, 'https://croct.help/api/not-found');
    t.equal(problem.instance, path.split('/').slice(0, 2).join('/') + '/' + path.split('/')[2]);
  }
});

t.test('ids of items beyond the counts are not found', async (t) => {
  const small = await createSimulator({events: 10, sessions: 1, users: 1});
  const large = await createSimulator({events: 100, sessions: 20, users: 10});
  t.teardown(() => Promise.all([small.close(), large.close()]));

  const users = ((await get(large, '/user?pageSize=10')).body as UserResponse).items;
  const {status} = await get(small, `/user/${users[9]?.userId}`, {'x-api-key': small.apiKey});

  t.equal(status, 404);
});

t.test('non-GET methods answer 405 with Allow: GET', async (t) => {
  const simulator = await createSimulator({events: 10});
  t.teardown(() => simulator.close());

  for (const method of ['POST', 'DELETE', 'PUT']) {
    const {status, headers, body} = await get(simulator, '/events', {}, method);

    t.equal(status, 405, method);
    t.equal(headers.allow, 'GET');
    t.match(body, {type: 'https://croct.help/api/method-not-allowed', status: 405, instance: '/events'});
  }
});

t.test('a missing or malformed API key answers the invalid-api-key problem', async (t) => {
  const simulator = await createSimulator({events: 10});
  t.teardown(() => simulator.close());

  for (const key of ['', 'secret-key-123', '6f1c2a7e-3b1d-1c55-9a0e-2d8b7c4e9f10']) {
    const {status, headers, body} = await get(simulator, '/events', {'x-api-key': key});

    t.equal(status, 401);
    t.equal(headers['content-type'], 'application/problem+json');
    t.match(body, {
      type: 'https://croct.help/api/authentication/invalid-api-key',
      title: 'Invalid API key',
      status: 401,
      instance: '/events',
    });

    if (key !== '') {
      t.notOk(JSON.stringify(body).includes(key), 'the key is never echoed');
    }
  }

  const response = await request(`${simulator.url}/session`);
  t.equal(response.statusCode, 401, 'no header at all');
  await response.body.dump();
});

t.test('a well-formed but unknown API key answers the unknown-api-key problem', async (t) => {
  const simulator = await createSimulator({events: 10});
  t.teardown(() => simulator.close());

  const key = '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10';
  const {status, body} = await get(simulator, '/user/whatever', {'x-api-key': key});

  t.equal(status, 401);
  t.match(body, {
    type: 'https://croct.help/api/authentication/unknown-api-key',
    status: 401,
    instance: '/user/whatever',
  });
  t.notOk(JSON.stringify(body).includes(key));
});

t.test('extra API keys are accepted, in any case', async (t) => {
  const extra = '6F1C2A7E-3B1D-4C55-9A0E-2D8B7C4E9F10';
  const simulator = await createSimulator({events: 10, extraApiKeys: [extra]});
  t.teardown(() => simulator.close());

  t.equal((await get(simulator, '/events', {'x-api-key': extra})).status, 200);
  t.equal((await get(simulator, '/events', {'x-api-key': extra.toLowerCase()})).status, 200);
});

t.test('the default API key is a UUID v4 derived from the seed', async (t) => {
  const one = await createSimulator({seed: 7});
  const two = await createSimulator({seed: 7});
  const other = await createSimulator({seed: 8, apiKey: '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10'});
  t.teardown(() => Promise.all([one.close(), two.close(), other.close()]));

  t.equal(one.apiKey, two.apiKey);
  t.match(one.apiKey, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.equal(other.apiKey, '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10');
  t.match(one.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

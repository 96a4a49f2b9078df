import t, {type Test} from 'tap';
import {request} from 'undici';
import type {OpenPanelSimulator, OpenPanelSimulatorOptions} from '../lib/simulator/index.js';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';

const RANGE = 'start=2026-01-01&end=2026-01-10&limit=100';

async function start(t: Test, options: OpenPanelSimulatorOptions = {}): Promise<OpenPanelSimulator> {
  const simulator = await createOpenPanelSimulator({
    events: 300,
    window: {start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 11)},
    ...options,
  });
  t.teardown(() => simulator.close());
  return simulator;
}

function get(simulator: OpenPanelSimulator, query = RANGE, path = '/export/events') {
  return request(`${simulator.url}${path}?${query}`, {
    headers: {'openpanel-client-id': simulator.clientId, 'openpanel-client-secret': simulator.clientSecret},
  });
}

t.test('an injected 429 has OpenPanel’s body and a Retry-After', async (t) => {
  const simulator = await start(t);

  simulator.failNext('rate-limit', {retryAfter: 3});

  const response = await get(simulator);

  t.equal(response.statusCode, 429);
  t.equal(response.headers['retry-after'], '3');
  t.same(await response.body.json(), {
    status: 429,
    error: 'Too Many Requests',
    message: 'You have exceeded the rate limit for this endpoint.',
  });
  t.equal((await get(simulator)).statusCode, 200, 'only the next request fails');
});

t.test('injected 5xx answers are the plain text "Internal server error"', async (t) => {
  const simulator = await start(t);

  for (const [kind, status] of [
    ['server-error', 500],
    ['bad-gateway', 502],
    ['unavailable', 503],
    ['gateway-timeout', 504],
  ] as const) {
    simulator.failNext(kind);
    const response = await get(simulator);

    t.equal(response.statusCode, status, kind);
    t.match(response.headers['content-type'], /^text\/plain/);
    t.equal(await response.body.text(), 'Internal server error');
  }

  t.equal(simulator.stats.faultsInjected, 4);
});

t.test('cut and reset bodies, scheduled and seeded faults come from the shared core', async (t) => {
  const simulator = await start(t, {faults: {schedule: [{request: 2, kind: 'truncated-body'}]}});

  t.equal((await get(simulator)).statusCode, 200);

  const truncated = await get(simulator);

  await t.rejects(truncated.body.json(), 'the second page stops halfway');

  simulator.failNext('reset-before-headers');
  await t.rejects(get(simulator));
  simulator.failNext('reset-mid-body');
  await t.rejects(get(simulator).then((response) => response.body.text()));
  t.same(
    simulator.stats.log.map((entry) => entry.fault),
    [undefined, 'truncated-body', 'reset-before-headers', 'reset-mid-body'],
  );

  const seeded = await start(t, {faults: {rate: 1, kinds: ['unavailable']}});

  t.equal((await get(seeded)).statusCode, 503);
});

t.test('faults hit only requests that passed validation, auth and project checks', async (t) => {
  const simulator = await start(t);

  simulator.failNext('server-error');
  t.equal((await get(simulator, 'limit=abc')).statusCode, 400);
  t.equal((await get(simulator, `${RANGE}&projectId=other`)).statusCode, 403);
  t.equal((await get(simulator)).statusCode, 500);
});

t.test('latency delays each page, and stats log every request', async (t) => {
  const simulator = await start(t, {latency: 60});
  const started = Date.now();

  await (await get(simulator)).body.json();
  t.ok(Date.now() - started >= 55, 'the page waited for the latency');

  const unauthorized = await request(`${simulator.url}/export/events?${RANGE}`);

  await unauthorized.body.json();
  t.match(simulator.stats, {requests: 2, byPath: {'/export/events': 2}, byStatus: {200: 1, 401: 1}});
  t.match(simulator.stats.log[0], {
    method: 'GET',
    path: '/export/events',
    status: 200,
    query: {limit: '100'},
  });
  simulator.resetStats();
  t.equal(simulator.stats.requests, 0);
});

t.test('bytesPerSecond trickles the body', async (t) => {
  const simulator = await start(t, {bytesPerSecond: 200_000});
  const response = await get(simulator);
  const text = await response.body.text();

  t.ok(text.length > 10_000);
  t.ok(JSON.parse(text).data.length === 100);
});

t.test('unknown routes and methods get Fastify’s 404', async (t) => {
  const simulator = await start(t);
  const unknown = await request(`${simulator.url}/export/funnel`);

  t.equal(unknown.statusCode, 404);
  t.same(await unknown.body.json(), {
    message: 'Route GET:/export/funnel not found',
    error: 'Not Found',
    statusCode: 404,
  });

  const post = await request(`${simulator.url}/export/events`, {method: 'POST', body: '{}'});

  t.equal(post.statusCode, 404);
  t.match(await post.body.json(), {message: 'Route POST:/export/events not found'});
});

t.test('a repeated page with both dates is served from the cache until the table changes', async (t) => {
  const simulator = await start(t, {window: {start: Date.now() - 86_400_000, end: Date.now() - 1000}});
  const today = new Date().toISOString().slice(0, 10);
  const query = `start=2020-01-01&end=${today}&limit=5`;
  const first = await (await get(simulator, query)).body.text();

  t.equal(await (await get(simulator, query)).body.text(), first);
  simulator.insertEvents(1);
  t.not(await (await get(simulator, query)).body.text(), first);
});

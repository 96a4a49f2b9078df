import type {IncomingMessage} from 'node:http';
import t, {type Test} from 'tap';
import {request} from 'undici';
import type {OpenPanelSimulator, OpenPanelSimulatorOptions} from '../lib/simulator/index.js';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';
import {RateLimiter} from '../lib/simulator/openpanel/rate-limiter.js';

const RANGE = 'start=2026-01-01&end=2026-01-10&limit=1';

async function get(simulator: OpenPanelSimulator, query: string, headers: Record<string, string>) {
  const response = await request(`${simulator.url}/export/events?${query}`, {headers});
  return {status: response.statusCode, headers: response.headers, body: await response.body.json()};
}

async function start(t: Test, options: OpenPanelSimulatorOptions = {}): Promise<OpenPanelSimulator> {
  const simulator = await createOpenPanelSimulator({
    events: 10,
    window: {start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2)},
    ...options,
  });
  t.teardown(() => simulator.close());
  return simulator;
}

const auth = (s: OpenPanelSimulator) => ({
  'openpanel-client-id': s.clientId,
  'openpanel-client-secret': s.clientSecret,
});

t.test('100 requests per 10 s per client id by default, with x-ratelimit headers', async (t) => {
  const simulator = await start(t);
  const first = await get(simulator, RANGE, auth(simulator));

  t.equal(first.status, 200);
  t.equal(first.headers['x-ratelimit-limit'], '100');
  t.equal(first.headers['x-ratelimit-remaining'], '99');
  t.equal(first.headers['x-ratelimit-reset'], '10');

  for (let i = 2; i <= 100; i++) {
    t.equal((await get(simulator, RANGE, auth(simulator))).status, 200, `request ${i}`);
  }

  const refused = await get(simulator, RANGE, auth(simulator));

  t.equal(refused.status, 429);
  t.same(refused.body, {
    status: 429,
    error: 'Too Many Requests',
    message: 'You have exceeded the rate limit for this endpoint.',
  });
  t.equal(refused.headers['x-ratelimit-remaining'], '0');
  t.match(refused.headers['retry-after'], /^(9|10)$/);
  t.equal(simulator.stats.byStatus[429], 1);
});

t.test('the 429 comes before validation and authentication, and keys are per client id', async (t) => {
  const simulator = await start(t, {rateLimit: {max: 2}});
  const stranger = {'openpanel-client-id': '00000000-0000-4000-8000-000000000000'};

  t.equal((await get(simulator, 'limit=abc', stranger)).status, 400);
  t.equal((await get(simulator, RANGE, stranger)).status, 401);
  t.equal((await get(simulator, 'limit=abc', stranger)).status, 429, 'a bad query is refused first');
  t.equal((await get(simulator, RANGE, {})).status, 401, 'no client id: keyed by address');
  t.equal((await get(simulator, RANGE, auth(simulator))).status, 200, 'another client has its own budget');
});

t.test('without a client id the key falls back to proxy headers, then the peer address', async (t) => {
  const simulator = await start(t, {rateLimit: {max: 1}});

  t.equal((await get(simulator, RANGE, {'x-real-ip': '10.0.0.1'})).status, 401);
  t.equal((await get(simulator, RANGE, {'x-real-ip': '10.0.0.1'})).status, 429);
  t.equal((await get(simulator, RANGE, {'x-client-ip': '10.0.0.2'})).status, 401);
  t.equal((await get(simulator, RANGE, {'x-forwarded-for': '10.0.0.3'})).status, 401);
  t.equal((await get(simulator, RANGE, {})).status, 401);
  t.equal((await get(simulator, RANGE, {'openpanel-client-id': ''})).status, 429, 'an empty id is no key');
});

t.test('the window starts at a key’s first request and restarts after windowMs', async (t) => {
  let now = 1_000_000;
  const limiter = new RateLimiter({max: 2, windowMs: 10_000}, () => now);
  const from = (id: string) =>
    ({headers: {'openpanel-client-id': id}, socket: {}}) as unknown as IncomingMessage;

  t.same(limiter.take(from('a')).headers, {
    'x-ratelimit-limit': '2',
    'x-ratelimit-remaining': '1',
    'x-ratelimit-reset': '10',
  });
  now += 2500;
  t.same(limiter.take(from('a')), {
    limited: false,
    headers: {'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '8'},
  });
  t.same(limiter.take(from('a')), {
    limited: true,
    headers: {
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '8',
      'retry-after': '8',
    },
  });
  t.equal(limiter.take(from('b')).limited, false, 'another key has its own window');
  now += 7500;
  t.same(limiter.take(from('a')).headers, {
    'x-ratelimit-limit': '2',
    'x-ratelimit-remaining': '1',
    'x-ratelimit-reset': '10',
  });
});

t.test('rateLimit: false removes the limit and its headers; other routes are never limited', async (t) => {
  const simulator = await start(t, {rateLimit: false});

  for (let i = 0; i < 120; i++) {
    const response = await get(simulator, RANGE, auth(simulator));

    if (response.status !== 200 || response.headers['x-ratelimit-limit'] !== undefined) {
      t.fail(`request ${i}`);
    }
  }

  const limited = await start(t, {rateLimit: {max: 1}});

  for (let i = 0; i < 3; i++) {
    t.equal((await request(`${limited.url}/health`)).statusCode, 404);
  }
});

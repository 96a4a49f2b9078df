import t from 'tap';
import {request} from 'undici';
import type {Simulator} from '../lib/simulator/index.js';
import {createSimulator} from '../lib/simulator/index.js';

async function get(simulator: Simulator, path: string): Promise<number> {
  const response = await request(simulator.url + path, {headers: {'x-api-key': simulator.apiKey}});

  await response.body.dump();

  return response.statusCode;
}

t.test('stats count requests by path template and status, with a request log', async (t) => {
  const simulator = await createSimulator({events: 30});
  t.teardown(() => simulator.close());

  const before = Date.now();

  await get(simulator, '/events?pageSize=2&events=pageOpened&events=orderPlaced');
  await get(simulator, '/events?pageSize=0');
  await get(simulator, '/events/6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10');
  await get(simulator, '/session/abc');
  await get(simulator, '/user');
  await get(simulator, '/nowhere');

  const {stats} = simulator;

  t.equal(stats.requests, 6);
  t.same(stats.byPath, {
    '/events': 2,
    '/events/{id}': 1,
    '/session/{sessionId}': 1,
    '/user': 1,
    '/nowhere': 1,
  });
  t.same(stats.byStatus, {200: 2, 400: 1, 404: 3});
  t.equal(stats.inFlight, 0);
  t.equal(stats.peakConcurrent, 1);
  t.ok(stats.bytesSent > 1000);
  t.equal(stats.faultsInjected, 0);
  t.equal(stats.log.length, 6);
  t.match(stats.log[0], {
    method: 'GET',
    path: '/events',
    query: {pageSize: '2', events: ['pageOpened', 'orderPlaced']},
    status: 200,
  });
  t.ok((stats.log[0]?.time as number) >= before);
  t.type(stats.log[0]?.durationMs, 'number');
  t.notOk(JSON.stringify(stats).includes(simulator.apiKey), 'the API key is never logged');
});

t.test('peakConcurrent counts simultaneous requests', async (t) => {
  const simulator = await createSimulator({events: 30, latency: 40});
  t.teardown(() => simulator.close());

  await Promise.all([get(simulator, '/events'), get(simulator, '/session'), get(simulator, '/user')]);

  t.equal(simulator.stats.peakConcurrent, 3);
  t.equal(simulator.stats.inFlight, 0);
});

t.test('resetStats() zeroes the counters and the log', async (t) => {
  const simulator = await createSimulator({events: 30});
  t.teardown(() => simulator.close());

  simulator.failNext('server-error');
  await get(simulator, '/events');
  simulator.resetStats();

  t.same(simulator.stats, {
    requests: 0,
    byPath: {},
    byStatus: {},
    peakConcurrent: 0,
    inFlight: 0,
    bytesSent: 0,
    faultsInjected: 0,
    log: [],
  });

  await get(simulator, '/events');
  t.equal(simulator.stats.requests, 1, 'the same live object keeps counting');
});

t.test('the log keeps only the newest logLimit entries', async (t) => {
  const limited = await createSimulator({events: 30, logLimit: 2});
  const silent = await createSimulator({events: 30, logLimit: 0});
  t.teardown(() => Promise.all([limited.close(), silent.close()]));

  for (const size of [1, 2, 3]) {
    await get(limited, `/events?pageSize=${size}`);
    await get(silent, `/events?pageSize=${size}`);
  }

  t.same(
    limited.stats.log.map((entry) => entry.query),
    [{pageSize: '2'}, {pageSize: '3'}],
  );
  t.same(silent.stats.log, []);
  t.equal(silent.stats.requests, 3);
});

import type {IncomingHttpHeaders} from 'node:http';
import {get as httpGet} from 'node:http';
import t from 'tap';
import type {FaultKind, Simulator} from '../lib/simulator/index.js';
import {createSimulator} from '../lib/simulator/index.js';
import {waitFor} from './helpers/wait-for.js';

type Outcome = {
  status?: number;
  headers?: IncomingHttpHeaders;
  body: string;
  error?: string;
  complete: boolean;
};

/** One request on a fresh connection, reporting whatever happened, reset included. */
function fetchRaw(simulator: Simulator, path: string, key = simulator.apiKey): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = httpGet(
      `${simulator.url}${path}`,
      {headers: {'x-api-key': key}, agent: false},
      (response) => {
        const chunks: Buffer[] = [];

        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => {
          resolve({
            status: response.statusCode as number,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
            error: error.message,
            complete: false,
          });
        });
        response.on('end', () => {
          resolve({
            status: response.statusCode as number,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
            complete: response.complete,
          });
        });
      },
    );

    request.on('error', (error) => resolve({body: '', error: error.message, complete: false}));
  });
}

const STATUS_FAULTS: Array<[FaultKind, number, string]> = [
  ['rate-limit', 429, 'https://croct.help/api/rate-limit-exceeded'],
  ['server-error', 500, 'https://croct.help/api/internal-error'],
  ['bad-gateway', 502, 'https://croct.help/api/bad-gateway'],
  ['unavailable', 503, 'https://croct.help/api/service-unavailable'],
  ['gateway-timeout', 504, 'https://croct.help/api/gateway-timeout'],
];

for (const [kind, status, type] of STATUS_FAULTS) {
  t.test(`a '${kind}' fault answers ${status} with a problem body, once`, async (t) => {
    const simulator = await createSimulator({events: 20});
    t.teardown(() => simulator.close());

    simulator.failNext(kind);

    const failed = await fetchRaw(simulator, '/session?pageSize=2');
    const next = await fetchRaw(simulator, '/session?pageSize=2');

    t.equal(failed.status, status);
    t.equal(failed.headers?.['content-type'], 'application/problem+json');
    t.match(JSON.parse(failed.body), {type, status, instance: '/session'});
    t.equal(failed.headers?.['retry-after'], kind === 'rate-limit' ? '1' : undefined);
    t.equal(next.status, 200);
    t.equal(simulator.stats.faultsInjected, 1);
    t.equal(simulator.stats.log[0]?.fault, kind);
  });
}

t.test('Retry-After can be delta-seconds or an HTTP-date', async (t) => {
  const simulator = await createSimulator({events: 20, faults: {retryAfter: 'http-date'}});
  t.teardown(() => simulator.close());

  simulator.failNext('rate-limit');
  simulator.failNext('rate-limit', {retryAfter: 7});

  const sent = Date.now();
  const dated = await fetchRaw(simulator, '/events');
  const delta = await fetchRaw(simulator, '/events');
  const date = Date.parse(dated.headers?.['retry-after'] as string);

  // From the time the request was sent (an HTTP-date has whole seconds), however long the response took.
  t.ok(date > sent - 1000 && date <= Date.now() + 2000, 'about one second from the request');
  t.match(dated.headers?.['retry-after'], /GMT$/);
  t.equal(delta.headers?.['retry-after'], '7');
});

t.test("a 'reset-before-headers' fault destroys the connection before any byte", async (t) => {
  const simulator = await createSimulator({events: 20});
  t.teardown(() => simulator.close());

  simulator.failNext('reset-before-headers');

  const outcome = await fetchRaw(simulator, '/events');

  t.equal(outcome.status, undefined);
  t.match(outcome.error, /socket hang up|ECONNRESET/);
  t.equal(simulator.stats.log[0]?.status, 0);
  t.same(simulator.stats.byStatus, {});
  t.equal((await fetchRaw(simulator, '/events')).status, 200);
});

t.test("a 'reset-mid-body' fault sends headers and part of the body, then resets", async (t) => {
  const simulator = await createSimulator({events: 200});
  t.teardown(() => simulator.close());

  simulator.failNext('reset-mid-body');

  const outcome = await fetchRaw(simulator, '/events?pageSize=100');
  const length = Number(outcome.headers?.['content-length']);

  t.equal(outcome.status, 200);
  t.equal(outcome.complete, false);
  t.ok(outcome.body.length > 0 && Buffer.byteLength(outcome.body) < length, 'only part of the body arrived');
  t.equal(simulator.stats.byStatus[200], 1);
});

t.test("a 'truncated-body' fault ends a chunked response cleanly in the middle of the JSON", async (t) => {
  const simulator = await createSimulator({events: 200});
  t.teardown(() => simulator.close());

  simulator.failNext('truncated-body', {count: 2});

  for (const path of ['/user?pageSize=10', '/events?pageSize=0']) {
    const outcome = await fetchRaw(simulator, path);

    t.equal(outcome.headers?.['content-length'], undefined);
    t.equal(outcome.headers?.['transfer-encoding'], 'chunked');
    t.equal(outcome.complete, true);
    t.ok(outcome.body.length > 10);
    t.throws(() => JSON.parse(outcome.body));
  }

  t.equal(simulator.stats.faultsInjected, 2);
});

t.test('faults apply only to list requests that passed authentication', async (t) => {
  const simulator = await createSimulator({events: 20});
  t.teardown(() => simulator.close());

  simulator.failNext('server-error');

  t.equal((await fetchRaw(simulator, '/events', '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10')).status, 401);
  t.equal((await fetchRaw(simulator, '/events/6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10')).status, 404);
  t.equal((await fetchRaw(simulator, '/events')).status, 500);
});

t.test('scheduled faults hit the given list request numbers', async (t) => {
  const simulator = await createSimulator({
    events: 20,
    faults: {
      schedule: [
        {request: 2, kind: 'unavailable'},
        {request: 4, kind: 'rate-limit', retryAfter: 0},
      ],
    },
  });
  t.teardown(() => simulator.close());

  const statuses: Array<number | undefined> = [];

  for (let i = 0; i < 5; i++) {
    const outcome = await fetchRaw(simulator, '/events?pageSize=1');

    statuses.push(outcome.status);

    if (outcome.status === 429) {
      t.equal(outcome.headers?.['retry-after'], '0');
    }
  }

  t.same(statuses, [200, 503, 200, 429, 200]);
});

t.test('random faults are deterministic by seed and drawn from the given kinds', async (t) => {
  const options = {events: 20, faults: {rate: 0.5, kinds: ['server-error', 'bad-gateway'] as FaultKind[]}};
  const one = await createSimulator({...options, seed: 11});
  const two = await createSimulator({...options, seed: 11});
  const none = await createSimulator({events: 20, seed: 11, faults: {rate: 0}});
  const all = await createSimulator({events: 20, seed: 11, faults: {rate: 1, kinds: ['gateway-timeout']}});
  t.teardown(() => Promise.all([one.close(), two.close(), none.close(), all.close()]));

  const run = async (simulator: Simulator) => {
    const statuses: Array<number | undefined> = [];

    for (let i = 0; i < 30; i++) {
      statuses.push((await fetchRaw(simulator, '/user?pageSize=1')).status);
    }

    return statuses;
  };
  const first = await run(one);

  t.same(await run(two), first);
  t.ok(first.includes(500) && first.includes(502) && first.includes(200));
  t.ok(first.every((status) => status === 200 || status === 500 || status === 502));
  t.ok((await run(none)).every((status) => status === 200));
  t.ok((await run(all)).every((status) => status === 504));
});

t.test('failNext rejects bad arguments', async (t) => {
  const simulator = await createSimulator({events: 5});
  t.teardown(() => simulator.close());

  t.throws(() => simulator.failNext('explode' as FaultKind), {
    name: 'InvalidOptionError',
    message: /^Expected `kind` to be one of 'rate-limit', .*, got "explode"$/,
  });
  t.throws(() => simulator.failNext('rate-limit', {count: 0}), {
    name: 'InvalidOptionError',
    message: 'Expected `count` to be an integer of at least 1, got 0 (number)',
  });
  t.throws(() => simulator.failNext('rate-limit', {retryAfter: -1}), {
    name: 'InvalidOptionError',
    message: "Expected `retryAfter` to be an integer from 0 to 86400 or 'http-date', got -1 (number)",
  });
});

t.test('latency delays list responses', async (t) => {
  const simulator = await createSimulator({events: 20, latency: 30});
  t.teardown(() => simulator.close());

  const started = Date.now();

  t.equal((await fetchRaw(simulator, '/events?pageSize=1')).status, 200);
  t.ok(Date.now() - started >= 25);

  const quick = Date.now();

  t.equal((await fetchRaw(simulator, '/events/x')).status, 404);
  t.ok(Date.now() - quick < 1000, 'by-id requests are not delayed');
});

t.test('bytesPerSecond trickles the body in several chunks', async (t) => {
  const simulator = await createSimulator({events: 20, bytesPerSecond: 100_000});
  t.teardown(() => simulator.close());

  const started = Date.now();
  const outcome = await fetchRaw(simulator, '/events?pageSize=10');
  const bytes = Buffer.byteLength(outcome.body);

  t.equal(outcome.status, 200);
  t.doesNotThrow(() => JSON.parse(outcome.body));
  t.ok(bytes > 4000);
  t.ok(Date.now() - started >= (bytes / 100_000) * 1000 * 0.6, 'paced');
});

t.test('close() during latency or trickle leaves no timer behind', async (t) => {
  const slow = await createSimulator({events: 20, latency: 60_000});
  const trickle = await createSimulator({events: 20, bytesPerSecond: 1});
  const pending = [fetchRaw(slow, '/events'), fetchRaw(trickle, '/events')];

  await waitFor(() => slow.stats.inFlight === 1 && trickle.stats.inFlight === 1);
  await Promise.all([slow.close(), trickle.close()]);

  const [delayed, trickled] = await Promise.all(pending);

  t.equal(delayed?.status, undefined);
  t.equal(trickled?.complete, false);
  t.equal(slow.stats.inFlight, 0);
  t.equal(trickle.stats.inFlight, 0);
});

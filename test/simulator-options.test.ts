import t from 'tap';
import type {SimulatorOptions} from '../lib/simulator/index.js';
import {createSimulator} from '../lib/simulator/index.js';

const KEY = '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10';

const BAD: Array<[unknown, string | RegExp]> = [
  [{seed: 1.5}, 'Expected `seed` to be an integer of at least 0, got 1.5 (number)'],
  [{seed: -1}, 'Expected `seed` to be an integer of at least 0, got -1 (number)'],
  [{events: 0}, 'Expected `events` to be an integer from 1 to 4294967295, got 0 (number)'],
  [{events: '10'}, 'Expected `events` to be an integer from 1 to 4294967295, got "10"'],
  [{events: 10, sessions: 11}, 'Expected `sessions` to be an integer from 1 to 10, got 11 (number)'],
  [{events: 10, sessions: 5, users: 6}, 'Expected `users` to be an integer from 1 to 5, got 6 (number)'],
  [{window: {start: 10, end: 10}}, 'Expected `window.end` to be an integer of at least 11, got 10 (number)'],
  [{window: {start: 'x', end: 10}}, /^Expected `window.start` to be an integer/],
  [{window: 5}, 'Expected `window` to be an object, got 5 (number)'],
  [{apiKey: 'my-secret-key'}, 'Expected `apiKey` to be a UUID v4 string, got a string of 13 characters'],
  [{apiKey: 42}, 'Expected `apiKey` to be a UUID v4 string, got 42 (number)'],
  [{extraApiKeys: 'x'}, 'Expected `extraApiKeys` to be an array, got "x"'],
  [{extraApiKeys: [KEY, 'nope']}, /^Expected `extraApiKeys\[1\]` to be a UUID v4 string/],
  [{timeUnit: 'minutes'}, "Expected `timeUnit` to be 'milliseconds' or 'seconds', got \"minutes\""],
  [{schemaVersion: '0.9.0'}, "Expected `schemaVersion` to be '0.7.1' or '0.8.0', got \"0.9.0\""],
  [{live: true}, 'Expected `live` to be false or {eventsPerSecond}, got true (boolean)'],
  [
    {live: {eventsPerSecond: 0}},
    'Expected `live.eventsPerSecond` to be a number above 0 and at most 1000000, got 0 (number)',
  ],
  [{live: {}}, /^Expected `live.eventsPerSecond` to be a number/],
  [{latency: -1}, 'Expected `latency` to be a number from 0 to 60000, got -1 (number)'],
  [{latency: Number.NaN}, 'Expected `latency` to be a number from 0 to 60000, got NaN (number)'],
  [{bytesPerSecond: 0}, 'Expected `bytesPerSecond` to be a number of at least 1, got 0 (number)'],
  [{faults: 'often'}, 'Expected `faults` to be an object, got "often"'],
  [{faults: {rate: 2}}, 'Expected `faults.rate` to be a number from 0 to 1, got 2 (number)'],
  [{faults: {kinds: []}}, 'Expected `faults.kinds` to be a non-empty array, got an array of length 0'],
  [{faults: {kinds: ['boom']}}, /^Expected `faults.kinds\[0\]` to be one of 'rate-limit', /],
  [
    {faults: {retryAfter: -1}},
    "Expected `faults.retryAfter` to be an integer from 0 to 86400 or 'http-date', got -1 (number)",
  ],
  [{faults: {schedule: [{request: 0, kind: 'rate-limit'}]}}, /^Expected `faults.schedule\[0\].request`/],
  [{faults: {schedule: [null]}}, 'Expected `faults.schedule[0]` to be an object, got null'],
  [{faults: {schedule: [{request: 1, kind: 'x'}]}}, /^Expected `faults.schedule\[0\].kind`/],
  [
    {faults: {schedule: [{request: 1, kind: 'rate-limit', retryAfter: 'soon'}]}},
    /^Expected `faults.schedule\[0\].retryAfter`/,
  ],
  [{metadata: {organizationName: 5}}, 'Expected `metadata.organizationName` to be a string, got 5 (number)'],
  [{logLimit: -1}, /^Expected `logLimit` to be an integer/],
  [{port: 70_000}, 'Expected `port` to be an integer from 0 to 65535, got 70000 (number)'],
  [{host: ''}, 'Expected `host` to be a host name or IP address, got ""'],
  [
    {host: '0.0.0.0'},
    'Expected `host` to be a loopback address unless `allowNonLoopback` is true, got "0.0.0.0"',
  ],
  [{host: 'example.com'}, /loopback/],
  [null, 'Expected `options` to be an object, got null'],
];

for (const [options, message] of BAD) {
  t.test(
    `createSimulator(${JSON.stringify(options)}) throws an InvalidOptionError before listening`,
    async (t) => {
      t.throws(() => createSimulator(options as SimulatorOptions), {name: 'InvalidOptionError', message});
    },
  );
}

t.test('the API key is never echoed in an option error', async (t) => {
  const error = t.throws(() => createSimulator({apiKey: 'super-secret-value'})) as Error;

  t.notMatch(error.message, /secret/);
});

t.test('loopback hosts are accepted, and others when allowed', async (t) => {
  for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
    const simulator = await createSimulator({events: 5, host}).catch((error: NodeJS.ErrnoException) => error);

    if (simulator instanceof Error) {
      // Some machines have no IPv6 loopback or no 127.0.0.2 route: what matters is the option passed.
      t.match(simulator.code, /EADDRNOTAVAIL|EAFNOSUPPORT/, host);
      continue;
    }

    t.match(simulator.url, /^http:\/\/(127\.0\.0\.\d|\[::1\]):\d+$/, host);
    await simulator.close();
  }

  const open = await createSimulator({events: 5, host: '0.0.0.0', allowNonLoopback: true});

  t.match(open.url, /^http:\/\/0\.0\.0\.0:\d+$/);
  await open.close();
});

t.test('a busy port rejects the promise', async (t) => {
  const first = await createSimulator({events: 5});
  t.teardown(() => first.close());

  const port = Number(new URL(first.url).port);

  await t.rejects(createSimulator({events: 5, port}), {code: 'EADDRINUSE'});
});

t.test('close() is idempotent and destroys keep-alive connections', async (t) => {
  const simulator = await createSimulator({events: 5});
  const response = await fetch(`${simulator.url}/events`, {headers: {'x-api-key': simulator.apiKey}});

  await response.arrayBuffer();

  const started = Date.now();
  const closing = simulator.close();

  t.equal(simulator.close(), closing);
  await closing;
  t.ok(Date.now() - started < 4000, 'did not wait for the 5 s keep-alive timeout');
  await t.rejects(fetch(`${simulator.url}/events`));
});

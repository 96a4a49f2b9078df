import t from 'tap';
import type {OpenPanelSimulatorOptions} from '../lib/simulator/index.js';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';

const ID = '11111111-2222-4333-8444-555555555555';

const BAD: Array<[unknown, string | RegExp]> = [
  [null, 'Expected `options` to be an object, got null'],
  [{events: -1}, 'Expected `events` to be an integer from 0 to 4000000000, got -1 (number)'],
  [
    {events: 100, window: {start: 0, end: 50}},
    'Expected `window.end` to be an integer from 100 to 8640000000000000, got 50 (number)',
  ],
  [{window: 'today'}, 'Expected `window` to be an object, got "today"'],
  [{sessions: 0}, /^Expected `sessions` to be an integer of at least 1/],
  [{sessions: 5, profiles: 6}, 'Expected `profiles` to be an integer from 1 to 5, got 6 (number)'],
  [{projectId: ''}, 'Expected `projectId` to be a non-empty string, got ""'],
  [{otherProjects: 'x'}, 'Expected `otherProjects` to be an array, got "x"'],
  [{otherProjects: [3]}, 'Expected `otherProjects[0]` to be a non-empty string, got 3 (number)'],
  [{clients: [null]}, 'Expected `clients[0]` to be an object, got null'],
  [
    {clients: [{clientId: 'ABC', type: 'read'}]},
    'Expected `clients[0].clientId` to be a lower-case UUID, got "ABC"',
  ],
  [
    {clients: [{clientId: ID, clientSecret: 'hunter2', type: 'admin'}]},
    "Expected `clients[0].type` to be 'read', 'write', or 'root', got \"admin\"",
  ],
  [
    {clients: [{clientId: ID, clientSecret: 42, type: 'read'}]},
    'Expected `clients[0].clientSecret` to be a non-empty string, got 42 (number)',
  ],
  [
    {clients: [{clientId: ID, clientSecret: 's', type: 'read', projectId: 1}]},
    /^Expected `clients\[0\].projectId`/,
  ],
  [{rateLimit: true}, 'Expected `rateLimit` to be an object, got true (boolean)'],
  [{rateLimit: {max: 0}}, /^Expected `rateLimit.max` to be an integer of at least 1/],
  [
    {rateLimit: {windowMs: 0}},
    'Expected `rateLimit.windowMs` to be an integer from 1 to 3600000, got 0 (number)',
  ],
  [
    {live: {eventsPerSecond: 0}},
    'Expected `live.eventsPerSecond` to be a number from 0.001 to 100000, got 0 (number)',
  ],
  [{latency: -1}, 'Expected `latency` to be a number from 0 to 60000, got -1 (number)'],
  [{faults: {kinds: ['boom']}}, /^Expected `faults.kinds\[0\]` to be one of 'rate-limit'/],
  [{host: '0.0.0.0'}, /loopback/],
];

for (const [options, message] of BAD) {
  t.test(
    `createOpenPanelSimulator(${JSON.stringify(options)}) throws an InvalidOptionError before listening`,
    async (t) => {
      t.throws(() => createOpenPanelSimulator(options as OpenPanelSimulatorOptions), {
        name: 'InvalidOptionError',
        message,
      });
    },
  );
}

t.test('a client secret is never echoed in an option error', async (t) => {
  const error = t.throws(() =>
    createOpenPanelSimulator({clients: [{clientId: ID, clientSecret: '', type: 'read', projectId: null}]}),
  ) as Error;

  t.equal(
    error.message,
    'Expected `clients[0].clientSecret` to be a non-empty string, got a string of 0 characters',
  );
});

t.test('defaults: 10000 events over the 30 days before start, project demo', async (t) => {
  const simulator = await createOpenPanelSimulator();
  t.teardown(() => simulator.close());

  t.equal(simulator.eventCount(), 10_000);
  t.equal(simulator.projectId, 'demo');
  t.match(simulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.match(simulator.clientSecret, /^sec_[0-9a-f]{16}$/);
  t.equal(simulator.clients.noSecret.clientSecret, null);
  t.equal(simulator.clients.unscoped.projectId, null);
});

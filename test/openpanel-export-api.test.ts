import t, {type Test} from 'tap';
import {Agent, type Dispatcher} from 'undici';
import {decodeCursor} from '../lib/openpanel/cursor.js';
import {OpenPanelApi, setClock} from '../lib/openpanel/export-api.js';
import type {OpenPanelEventsOptions} from '../lib/openpanel/export-options.js';
import type {OpenPanelEvent} from '../lib/openpanel/types.js';
import {createOpenPanelSimulator, type OpenPanelSimulatorOptions} from '../lib/simulator/index.js';
import {openPanelClient} from './helpers/openpanel.js';

type Simulator = Awaited<ReturnType<typeof createOpenPanelSimulator>>;

async function start(t: Test, options: OpenPanelSimulatorOptions = {}): Promise<Simulator> {
  const simulator = await createOpenPanelSimulator({events: 300, rateLimit: false, ...options});
  t.teardown(() => simulator.close());
  return simulator;
}

/** A dispatcher that runs `before` just before each request goes out: inserts between any two requests. */
function interposing(t: Test, before: (n: number) => void): Dispatcher {
  let sent = 0;
  const agent = new Agent();
  t.teardown(() => agent.close());
  return agent.compose((dispatch) => (options, handler) => {
    before(sent++);
    return dispatch(options, handler);
  });
}

const api = openPanelClient;

async function drain(client: OpenPanelApi, options: OpenPanelEventsOptions) {
  const stream = client.exportEvents(options);
  const checkpoints: {cursor: string | undefined; items: number}[] = [];
  stream.on('checkpoint', ({cursor, items}) => checkpoints.push({cursor, items}));
  const ids: string[] = [];
  for await (const event of stream) ids.push((event as OpenPanelEvent).id);
  return {ids, checkpoints, cursor: stream.cursor};
}

function unique(ids: string[]): boolean {
  return new Set(ids).size === ids.length;
}

for (const prefetch of [1, 4]) {
  t.test(
    `prefetch ${prefetch}: events inserted before every request are neither repeated nor lost, and the next run gets them`,
    async (t) => {
      const simulator = await start(t);
      const before = simulator.eventCount();
      const dispatcher = interposing(t, (n) => simulator.insertEvents(n % 2 === 0 ? 13 : 1));
      const client = api(simulator, {dispatcher});
      const first = await drain(client, {pageSize: 25, prefetch});
      t.equal(first.ids.length, before, 'every event that existed when the export opened');
      t.ok(unique(first.ids), 'each once');
      const inserted = simulator.eventCount() - before;
      t.ok(inserted > 100, `${inserted} events arrived during the export`);

      const second = await drain(api(simulator), {pageSize: 25, prefetch, cursor: first.cursor});
      t.equal(second.ids.length, inserted, 'the next run from the final cursor: exactly what arrived since');
      t.equal(new Set([...first.ids, ...second.ids]).size, before + inserted, 'no event in both runs');
    },
  );
}

t.test('a checkpoint resumes exactly after more events arrived in between', async (t) => {
  const simulator = await start(t);
  const client = api(simulator);
  const whole = await drain(client, {pageSize: 40});
  const all = whole.ids;
  const middle = whole.checkpoints[3]!;
  simulator.insertEvents(57);
  const rest = await drain(api(simulator, {dispatcher: interposing(t, () => simulator.insertEvents(5))}), {
    pageSize: 40,
    prefetch: 3,
    cursor: middle.cursor,
  });
  t.same([...all.slice(0, middle.items), ...rest.ids], all);
});

t.test('the window is honoured to the millisecond though the server filters whole days', async (t) => {
  const simulator = await start(t);
  const all = await api(simulator).exportEvents({}).toArray();
  const times = all.map((event: OpenPanelEvent) => Date.parse(event.createdAt));
  const from = times[200]!;
  const until = times[100]!;
  const client = api(simulator);
  setClock(client, () => Date.now());
  const inside = await client.exportEvents({start: from, end: new Date(until), pageSize: 30}).toArray();
  const expected = all.filter((_: OpenPanelEvent, index: number) => index > 100 && index <= 200);
  t.same(
    inside.map((event: OpenPanelEvent) => event.id),
    expected.map((event: OpenPanelEvent) => event.id),
  );
  const query = simulator.stats.log.at(-1)!.query;
  t.match(query, {start: /^\d{4}-\d{2}-\d{2}$/, end: /^\d{4}-\d{2}-\d{2}$/}, 'both bounds, as whole days');
});

t.test('a frozen clock leaves events newer than "now" to the next run', async (t) => {
  const simulator = await start(t);
  const client = api(simulator);
  const all = await client.exportEvents({}).toArray();
  const now = Date.parse(all[150]!.createdAt);
  setClock(client, () => now);
  const first = await drain(client, {});
  t.equal(decodeCursor(first.cursor!).start, now, 'the next run starts at the frozen end');
  const second = await drain(api(simulator), {cursor: first.cursor});
  t.equal(first.ids.length + second.ids.length, simulator.eventCount());
  t.equal(second.ids.length, 151, 'the events from the frozen "now" on');
});

t.test(
  'filters, names, includes and a numeric-looking profileId reach the server as OpenPanel reads them',
  async (t) => {
    const simulator = await start(t);
    const client = api(simulator);
    const events = await client
      .exportEvents({events: ['screen_view', '404'], includes: ['properties'], pageSize: 1000})
      .toArray();
    t.ok(events.length > 0);
    t.ok(
      events.every((event: OpenPanelEvent) => event.name === 'screen_view' && event.properties !== undefined),
    );
    t.same(
      simulator.stats.log.at(-1)!.query.event,
      ['"404"', 'screen_view'],
      'repeated keys, numbers quoted',
    );

    t.same(await client.exportEvents({profileId: '12345'}).toArray(), [], 'accepted, not a 400');
    t.equal(simulator.stats.log.at(-1)!.query.profileId, '"12345"');

    const filtered = await client
      .exportEvents({filters: [{name: 'country', operator: 'is', value: ['DE']}], prefetch: 0})
      .toArray();
    t.ok(filtered.length > 0 && filtered.every((event: OpenPanelEvent) => event.country === 'DE'));
  },
);

t.test('the rate limit holds over a long export, read ahead and retries included', async (t) => {
  const simulator = await start(t, {events: 400, rateLimit: {max: 6, windowMs: 400}});
  // The client's limit equals the server's: a slot counts from its response, so the server never
  // sees more than the limit however the requests travel.
  const client = api(simulator, {rateLimit: {requests: 6, interval: 400}});
  const ids = (await client.exportEvents({pageSize: 10, prefetch: 4}).toArray()).map(
    (event: OpenPanelEvent) => event.id,
  );
  t.equal(ids.length, 400);
  t.ok(unique(ids));
  t.equal(simulator.stats.byStatus[429] ?? 0, 0, 'never refused');
  const times = simulator.stats.log.map((entry) => entry.time);
  t.ok(times.length > 40);
  for (const [index, time] of times.entries()) {
    const inWindow = times.filter((other, j) => j >= index && other - time < 400).length;
    t.ok(inWindow <= 6, `at most 6 requests in the 400 ms from request ${index}`);
  }
});

t.test('a 429 is honoured through Retry-After and the export completes', async (t) => {
  const simulator = await start(t);
  simulator.failNext('rate-limit', {count: 2, retryAfter: 1});
  const client = api(simulator);
  const retries: number[] = [];
  const stream = client.exportEvents({pageSize: 100});
  stream.on('retry', ({delay}) => retries.push(delay));
  t.equal((await stream.toArray()).length, 300);
  t.same(retries, [20, 20], 'the server asked for 1 s, capped by retry.maxRetryAfter');
});

t.test('every refusal is an error of the family with the server message and no secret', async (t) => {
  const simulator = await start(t);
  const secret = simulator.clientSecret;
  const cases: [string, Record<string, unknown>, OpenPanelEventsOptions, Record<string, unknown>][] = [
    [
      'a wrong secret',
      {clientSecret: `${secret}x`},
      {},
      {
        code: 'ERR_EXPORT_UNAUTHORIZED',
        status: 401,
        message: /HTTP 401: Unauthorized: Export: Invalid client secret$/,
      },
    ],
    [
      'an unknown client',
      {clientId: '00000000-0000-4000-8000-000000000000'},
      {},
      {code: 'ERR_EXPORT_UNAUTHORIZED', message: /Export: Invalid client id/},
    ],
    [
      'a write client',
      {clientId: simulator.clients.write.clientId, clientSecret: simulator.clients.write.clientSecret},
      {},
      {code: 'ERR_EXPORT_UNAUTHORIZED', message: /Export: Client is not allowed to export/},
    ],
    [
      'another project',
      {},
      {projectId: 'other'},
      {
        code: 'ERR_EXPORT_FORBIDDEN',
        status: 403,
        message: /HTTP 403: You do not have access to this project$/,
      },
    ],
    [
      'an unknown project',
      {clientId: simulator.clients.root.clientId, clientSecret: simulator.clients.root.clientSecret},
      {projectId: 'nope'},
      {code: 'ERR_EXPORT_NOT_FOUND', status: 404, message: /HTTP 404: Project not found$/},
    ],
    [
      'no project at all',
      {
        clientId: simulator.clients.unscoped.clientId,
        clientSecret: simulator.clients.unscoped.clientSecret,
        projectId: undefined,
      },
      {},
      {code: 'ERR_EXPORT_INVALID_INPUT', status: 400, message: /project_id or projectId is required/},
    ],
  ];
  for (const [name, configuration, options, expected] of cases) {
    const client = api(simulator, configuration);
    const failure = await client
      .exportEvents(options)
      .toArray()
      .then(
        () => undefined,
        (error: Error) => error,
      );
    t.match(failure, {name: 'HttpError', method: 'exportEvents', ...expected}, name);
    t.notMatch(failure?.message, secret, `${name}: the secret is nowhere in the message`);
    t.match(failure?.message, /^exportEvents GET \/export\/events\?/, `${name}: the method and path`);
  }
});

t.test('a plain-text 500 is retried, and reported with its text once the retries are spent', async (t) => {
  const simulator = await start(t);
  simulator.failNext('server-error');
  t.equal((await api(simulator).exportEvents({}).toArray()).length, 300, 'one 500, then the page');
  simulator.failNext('server-error', {count: 3});
  await t.rejects(
    api(simulator, {retry: {retries: 2, minDelay: 1}})
      .exportEvents({})
      .toArray(),
    {
      code: 'ERR_EXPORT_SERVER',
      status: 500,
      message: /HTTP 500: Internal server error$/,
    },
  );
});

t.test('exportChart returns the aggregated series', async (t) => {
  const simulator = await start(t);
  const client = api(simulator);
  const chart = await client.exportChart({series: [{name: 'screen_view'}], range: '30d', interval: 'day'});
  t.equal(chart.series[0]?.event.name, 'screen_view');
  t.ok(chart.series[0]!.data.length > 0);
  t.match(simulator.stats.log.at(-1), {path: '/export/charts', query: {projectId: simulator.projectId}});
  await t.rejects(client.exportChart({series: [{name: 'screen_view'}], projectId: 'other'}), {
    code: 'ERR_EXPORT_FORBIDDEN',
    method: 'exportChart',
  });
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  await t.rejects(client.exportChart({series: [{name: 'x'}]}, {signal: controller.signal}), {
    message: 'stop',
  });
  t.throws(() => client.exportChart({series: []}), {
    code: 'ERR_EXPORT_INVALID_OPTION',
    option: 'query.series',
  });
  t.throws(() => client.exportChart({series: [{name: 'x'}]}, {signal: 'no' as never}), {
    code: 'ERR_EXPORT_INVALID_OPTION',
    option: 'signal',
  });
});

t.test('a response that is not an events page is a ProtocolError', async (t) => {
  const simulator = await start(t);
  const client = api(simulator, {baseUrl: `${simulator.url}/export/charts?`});
  t.equal(client.configuration.baseUrl.search, '');
  const bad = new OpenPanelApi({
    clientId: simulator.clientId,
    clientSecret: simulator.clientSecret,
    baseUrl: `${simulator.url}/export`,
    projectId: simulator.projectId,
  });
  t.equal(
    (await bad.exportEvents({limit: 3}).toArray()).length,
    3,
    'a base ending in /export, as the docs write it',
  );
});

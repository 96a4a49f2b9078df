import t, {type Test} from 'tap';
import {request} from 'undici';
import type {OpenPanelSimulator} from '../lib/simulator/index.js';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';

type Chart = {
  series: Array<{
    id: string;
    names: string[];
    metrics: {sum: number; count: number};
    data: Array<{date: string; count: number}>;
  }>;
  metrics: {sum: number; average: number; min: number; max: number; count: number};
};

const DAY = 86_400_000;

async function start(t: Test, window = {start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 11)}) {
  const simulator = await createOpenPanelSimulator({events: 2000, window});
  t.teardown(() => simulator.close());
  return simulator;
}

async function charts(simulator: OpenPanelSimulator, query: string) {
  const response = await request(`${simulator.url}/export/charts?${query}`, {
    headers: {'openpanel-client-id': simulator.clientId, 'openpanel-client-secret': simulator.clientSecret},
  });
  return {status: response.statusCode, body: (await response.body.json()) as Chart};
}

async function total(simulator: OpenPanelSimulator, name: string): Promise<number> {
  const response = await request(
    `${simulator.url}/export/events?start=2020-01-01&end=2030-01-01&limit=1&event=${name}`,
    {headers: {'openpanel-client-id': simulator.clientId, 'openpanel-client-secret': simulator.clientSecret}},
  );
  return ((await response.body.json()) as {meta: {totalCount: number}}).meta.totalCount;
}

const series = (names: string[]) => encodeURIComponent(JSON.stringify(names.map((name) => ({name}))));

t.test('charts count each series per day, and the counts add up to the events', async (t) => {
  const simulator = await start(t);
  const {status, body} = await charts(
    simulator,
    `startDate=2026-01-01&endDate=2026-01-10T23:59:59Z&series=${series(['purchase', 'screen_view'])}`,
  );

  t.equal(status, 200);
  t.equal(body.series.length, 2);
  t.equal(body.series[0]?.data.length, 10);
  t.equal(body.series[0]?.data[0]?.date, '2026-01-01T00:00:00.000Z');
  t.equal(body.series[0]?.metrics.sum, await total(simulator, 'purchase'));
  t.equal(body.series[1]?.metrics.sum, await total(simulator, 'screen_view'));
  t.match(body.metrics, {
    sum: (body.series[0]?.metrics.sum ?? 0) + (body.series[1]?.metrics.sum ?? 0),
    count: 2,
  });
});

t.test('every interval buckets the same total; legacy events work', async (t) => {
  const simulator = await start(t, {start: Date.UTC(2026, 0, 30), end: Date.UTC(2026, 1, 2)});
  const expected = await total(simulator, 'screen_view');
  const range = 'startDate=2026-01-30&endDate=2026-02-01T23:59:59Z';

  for (const interval of ['hour', 'day', 'week', 'month']) {
    const {body} = await charts(simulator, `${range}&interval=${interval}&events=${series(['screen_view'])}`);

    t.equal(body.series[0]?.metrics.sum, expected, interval);
  }

  const minutes = await charts(
    simulator,
    `startDate=2026-01-30T00:00:00Z&endDate=2026-01-30T00:09:00Z&interval=minute&series=${series(['screen_view'])}`,
  );

  t.equal(minutes.body.series[0]?.data.length, 10);
  t.equal(
    (await charts(simulator, `${range}&interval=week&series=${series(['screen_view'])}`)).body.series[0]
      ?.data[0]?.date,
    '2026-01-26T00:00:00.000Z',
    'weeks start on Monday',
  );
});

t.test('defaults: the last 30 days by day, and no series is an empty chart', async (t) => {
  const simulator = await start(t, {start: Date.now() - 5 * DAY, end: Date.now() - 1000});
  const {body} = await charts(simulator, `series=${series(['login'])}`);

  t.equal(body.series[0]?.data.length, 31);
  t.equal(body.series[0]?.metrics.sum, await total(simulator, 'login'));
  t.same((await charts(simulator, '')).body, {
    series: [],
    metrics: {sum: 0, average: 0, min: 0, max: 0, count: 0},
  });
});

t.test('bad chart queries are 400s; auth and projects apply', async (t) => {
  const simulator = await start(t);

  t.equal((await charts(simulator, 'series=purchase')).status, 400);
  t.equal((await charts(simulator, `series=${encodeURIComponent('[{}]')}`)).status, 400);
  t.equal((await charts(simulator, `interval=year&series=${series(['x'])}`)).status, 400);
  t.equal((await charts(simulator, `startDate=soon&series=${series(['x'])}`)).status, 400);
  t.equal((await charts(simulator, `projectId=other&series=${series(['x'])}`)).status, 403);
  t.equal((await charts(simulator, `project_id=demo&series=${series(['x'])}`)).status, 200);
  t.equal((await request(`${simulator.url}/export/charts`)).statusCode, 401);
});

import t, {type Test} from 'tap';
import {decodeCursor, encodeCursor} from '../lib/openpanel/cursor.js';
import {OpenPanelApi} from '../lib/openpanel/export-api.js';
import type {OpenPanelEvent} from '../lib/openpanel/types.js';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';

type Simulator = Awaited<ReturnType<typeof createOpenPanelSimulator>>;

async function start(t: Test): Promise<Simulator> {
  const simulator = await createOpenPanelSimulator({events: 300, rateLimit: false});
  t.teardown(() => simulator.close());
  return simulator;
}

function api(simulator: Simulator): OpenPanelApi {
  return new OpenPanelApi({
    clientId: simulator.clientId,
    clientSecret: simulator.clientSecret,
    baseUrl: simulator.url,
    projectId: simulator.projectId,
    retry: {retries: 1, minDelay: 1, maxDelay: 5, maxRetryAfter: 20},
  });
}

async function ids(stream: AsyncIterable<unknown>): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of stream) seen.push((event as OpenPanelEvent).id);
  return seen;
}

for (const [before, after] of [
  [100, 30],
  [30, 100],
  [70, 1000],
]) {
  t.test(
    `a checkpoint made with pageSize ${before} resumes with pageSize ${after}, every event once`,
    async (t) => {
      const simulator = await start(t);
      const all = simulator.eventCount();
      const stream = api(simulator).exportEvents({pageSize: before});
      const first: string[] = [];
      for await (const event of stream) {
        // The checkpoint of the first page is made once its last event is passed to the loop.
        if (stream.checkpoint.items === before) break;
        first.push((event as OpenPanelEvent).id);
      }
      const cursor = stream.cursor;
      t.equal(decodeCursor(cursor!).offset, before, 'the checkpoint after the first page');
      const rest = await ids(api(simulator).exportEvents({pageSize: after, cursor}));
      t.equal(first.length + rest.length, all, 'each once');
      t.equal(new Set([...first, ...rest]).size, all, 'every event');
      t.notOk(
        simulator.stats.log.some((entry) => !/^[0-9]+$/.test(String(entry.query.page))),
        'no fractional page was requested',
      );
    },
  );
}

t.test('a tampered offset that is not a multiple of the page size is rounded down, not sent', async (t) => {
  const simulator = await start(t);
  const all = simulator.eventCount();
  const whole = api(simulator).exportEvents({pageSize: 50});
  const first: string[] = [];
  for await (const event of whole) {
    if (whole.checkpoint.items === 50) break;
    first.push((event as OpenPanelEvent).id);
  }
  const odd = encodeCursor({...decodeCursor(whole.cursor!), offset: 57});
  const rest = await ids(api(simulator).exportEvents({pageSize: 50, cursor: odd}));
  t.equal(new Set([...first, ...rest]).size, all, 'every event');
  t.equal(first.length + rest.length, all, 'each once');
});

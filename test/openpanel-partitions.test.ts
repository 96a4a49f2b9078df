import t, {type Test} from 'tap';
import {Agent, type Dispatcher} from 'undici';
import type {ExportStream} from '../lib/core/export-stream.js';
import {decodePartitionCursor, encodePartitionCursor} from '../lib/core/partition-cursor.js';
import type {OpenPanelApi} from '../lib/openpanel/export-api.js';
import type {OpenPanelEventsOptions} from '../lib/openpanel/export-options.js';
import {openPanelPartitionWindow, utcMidnight} from '../lib/openpanel/partitions.js';
import type {OpenPanelEvent} from '../lib/openpanel/types.js';
import {createOpenPanelSimulator, type OpenPanelSimulatorOptions} from '../lib/simulator/index.js';
import {openPanelClient} from './helpers/openpanel.js';
import {assertNoMoreRequests, readSome, readUntilFailure} from './helpers/partitions.js';
import {setup} from './helpers/simulator.js';

type Simulator = Awaited<ReturnType<typeof createOpenPanelSimulator>>;

const DAY = 86_400_000;
// Eight whole UTC days, well in the past: closed days, as a backfill reads them.
const START = Date.UTC(2026, 9, 1);
const END = START + 8 * DAY;

async function start(t: Test, options: OpenPanelSimulatorOptions = {}): Promise<Simulator> {
  const simulator = await createOpenPanelSimulator({
    events: 2400,
    window: {start: START, end: END},
    rateLimit: false,
    seed: 3,
    ...options,
  });
  t.teardown(() => simulator.close());
  return simulator;
}

function api(simulator: Simulator, extra: Record<string, unknown> = {}): OpenPanelApi {
  // The simulator runs without a limit: one test's exports may pass OpenPanel's 100 per 10 s.
  return openPanelClient(simulator, {rateLimit: false, ...extra});
}

async function readAll(stream: ExportStream<OpenPanelEvent>): Promise<string[]> {
  const ids: string[] = [];
  for await (const event of stream) ids.push(event.id);
  return ids;
}

/** The distinct `end` days the server was asked for: one per chain (every chain reads from the window's start). */
function chainEnds(simulator: Simulator): Set<string> {
  return new Set(simulator.stats.log.map((entry) => String(entry.query.end)));
}

for (const ordered of [true, false]) {
  t.test(
    `ordered: ${ordered}: every event once, chains cut at UTC midnights, no page read twice but where chains meet`,
    async (t) => {
      const simulator = await start(t);
      const client = api(simulator);
      const plain = await readAll(client.exportEvents({start: START, end: END, pageSize: 50}));
      const plainRequests = simulator.stats.requests;
      t.equal(plain.length, 2400);
      simulator.resetStats();
      const stream = client.exportEvents({start: START, end: END, pageSize: 50, partitions: 4, ordered});
      const got = await readAll(stream);
      t.equal(got.length, 2400);
      t.equal(new Set(got).size, 2400, 'no event twice');
      if (ordered) {
        t.same(got, plain, 'newest first, as one export lists them');
      } else {
        t.same([...got].sort(), [...plain].sort());
      }
      const chains = chainEnds(simulator).size;
      t.ok(chains >= 2, `${chains} chains`);
      // A chain cut mid-day would page through that day's newer events; at midnights, each chain
      // costs at most the page where it meets the next one and its last, short page.
      t.ok(
        simulator.stats.requests <= plainRequests + 2 * chains,
        `${simulator.stats.requests} requests against ${plainRequests} for one export, ${chains} chains`,
      );
      t.same(decodePartitionCursor(stream.cursor as string).chains, [], 'the final cursor has nothing left');
    },
  );

  t.test(`ordered: ${ordered}: a crash and resume repeats and loses nothing`, async (t) => {
    const simulator = await start(t);
    const client = api(simulator);
    const plain = await readAll(client.exportEvents({start: START, end: END, pageSize: 40}));
    const options = {start: START, end: END, pageSize: 40, partitions: 3, ordered};
    const seen: string[] = [];
    let cursor: string | undefined;
    for (const stop of [130, 777, 100_000]) {
      const part = await readSome(client.exportEvents({...options, cursor}), stop);
      seen.push(...part.items.map((event) => event.id));
      cursor = part.cursor;
    }
    t.equal(seen.length, 2400);
    t.equal(new Set(seen).size, 2400);
    if (ordered) {
      t.same(seen, plain, 'in order across the crashes');
    }
  });
}

t.test('skewed data: a busy chain is split at a midnight and every event comes once', async (t) => {
  const simulator = await start(t, {events: 800});
  // 2,400 more events in two days (of eight): 75% of the export.
  for (let index = 0; index < 2400; index++) {
    simulator.insertEvents(1, {at: START + 4 * DAY + Math.floor((index * 2 * DAY) / 2400) + 7});
  }
  const client = api(simulator);
  const stream = client.exportEvents({start: START, end: END, pageSize: 50, partitions: 4});
  const got = await readAll(stream);
  t.equal(got.length, 3200);
  t.equal(new Set(got).size, 3200);
  t.ok(chainEnds(simulator).size > 4, `chains were split (${chainEnds(simulator).size} chains)`);
});

t.test('events arriving during a partitioned export: each one that existed is read once', async (t) => {
  const now = Date.now();
  const simulator = await start(t, {events: 900, window: {start: now - 3 * DAY, end: now - 1000}});
  let sent = 0;
  const agent = new Agent();
  t.teardown(() => agent.close());
  // New events land at the newest end before every request: the chain reading today sees its
  // offsets shift, the others read closed days.
  const dispatcher: Dispatcher = agent.compose((dispatch) => (options, handler) => {
    simulator.insertEvents(sent++ % 2 === 0 ? 11 : 2);
    return dispatch(options, handler);
  });
  const got = await readAll(
    api(simulator, {dispatcher}).exportEvents({start: now - 3 * DAY, pageSize: 30, partitions: 3}),
  );
  t.equal(got.length, 900, 'every event that existed when the export was created');
  t.equal(new Set(got).size, 900, 'none twice');
  t.ok(simulator.eventCount() > 1000, `${simulator.eventCount() - 900} events arrived meanwhile`);
});

t.test(
  'an error in one partition fails the stream, cancels the others and leaves a cursor that resumes',
  async (t) => {
    const simulator = await start(t, {latency: 5, faults: {schedule: [{request: 7, kind: 'server-error'}]}});
    const client = api(simulator, {retry: {retries: 0}});
    const options = {start: START, end: END, pageSize: 50, partitions: 4};
    const {error, covered: read, cursor} = await readUntilFailure(client.exportEvents(options));
    t.equal(error?.code, 'ERR_EXPORT_SERVER');
    await assertNoMoreRequests(t, simulator.stats);
    const covered = read.map((event) => event.id);
    const rest = await readAll(client.exportEvents({...options, cursor}));
    t.equal(covered.length + rest.length, 2400);
    t.equal(new Set([...covered, ...rest]).size, 2400);
  },
);

t.test('partition options and cursors are checked at the call', async (t) => {
  const simulator = await start(t, {events: 300});
  const client = api(simulator);
  const stream = client.exportEvents({
    start: START,
    end: END,
    pageSize: 20,
    partitions: 2,
    events: ['screen_view'],
  });
  stream.on('data', () => {});
  const {cursor: partial, items: covered} = await new Promise<{cursor: string; items: number}>((resolve) => {
    stream.once('checkpoint', ({cursor, items}) => resolve({cursor: cursor as string, items}));
  });
  stream.destroy();
  const plainCursor = (await readSome(client.exportEvents({start: START, end: END, pageSize: 20}), 30))
    .cursor;
  const finished = client.exportEvents({start: START, end: END, partitions: 2});
  await readAll(finished);
  const cases: [OpenPanelEventsOptions, RegExp][] = [
    [{partitions: 2}, /Expected `start` to be a time: `partitions` splits the window/],
    [{start: START, ordered: true}, /Expected `ordered` to be undefined without `partitions`/],
    [{start: Date.now() + DAY, partitions: 2}, /Expected `start` to be a time before "now"/],
    [
      {start: START, partitions: 2, cursor: plainCursor},
      /Expected `cursor` to be a cursor of a partitioned export/,
    ],
    [{start: START, cursor: finished.cursor as string}, /Expected `partitions` to be a number of partitions/],
    [
      {start: START + DAY, end: END, partitions: 2, cursor: finished.cursor as string},
      /Expected `start` to be the cursor's start \(2026-10-01T00:00:00.000Z\) or earlier/,
    ],
    [
      {start: START, end: END - 1, partitions: 2, cursor: finished.cursor as string},
      /Expected `end` to be the cursor's end \(2026-10-09T00:00:00.000Z\) or later/,
    ],
    [
      {start: START, end: END, partitions: 2, cursor: partial, events: ['session_start']},
      /Expected `cursor` to be a cursor of an OpenPanel events export with the same `events`/,
    ],
  ];
  for (const [options, message] of cases) {
    t.throws(() => client.exportEvents(options), message);
  }
  // The same command line resumes: `end` later than the cursor's (frozen) one is fine.
  const views = await readAll(client.exportEvents({start: START, end: END, events: ['screen_view']}));
  const rest = client.exportEvents({
    start: START,
    end: END + DAY,
    partitions: 3,
    cursor: partial,
    events: ['screen_view'],
  });
  const after = await readAll(rest);
  t.ok(covered > 0 && after.length > 0, `${covered} events, then ${after.length}`);
  t.equal(new Set(after).size, after.length, 'none twice');
  t.equal(covered + after.length, views.length, 'the rest of the window, nothing more');
});

t.test(
  'shards are newest first and cut at UTC midnights; exported in index order they are one export',
  async (t) => {
    const window = {start: START, end: END};
    const shards = [0, 1, 2].map((index) => openPanelPartitionWindow(window, index, 3));
    t.same(shards, [
      {start: START + 5 * DAY, end: END},
      {start: START + 3 * DAY, end: START + 5 * DAY},
      {start: START, end: START + 3 * DAY},
    ]);
    t.same(
      openPanelPartitionWindow({start: START, end: START + DAY}, 0, 2),
      {start: START + DAY, end: START + DAY},
      'empty: one day, two shards',
    );
    t.same(openPanelPartitionWindow({start: START + 5, end: START + 90}, 0, 2), {
      start: START + 47,
      end: START + 90,
    });
    t.equal(utcMidnight(START + 3 * DAY - 5, START, END), START + 3 * DAY, 'the nearest midnight');
    t.equal(utcMidnight(START + DAY + 5, START + DAY, END), START + 2 * DAY, 'strictly inside');
    t.equal(utcMidnight(START + 5, START, START + DAY), undefined, 'none inside');
    const simulator = await start(t);
    const client = api(simulator);
    const plain = await readAll(client.exportEvents({...window, pageSize: 100}));
    const parts: string[] = [];
    for (const shard of shards) {
      parts.push(...(await readAll(client.exportEvents({...shard, pageSize: 100}))));
    }
    t.same(parts, plain);
  },
);

t.test(
  'without `end`, a finished cursor continues from its end: incremental runs read each new event once',
  async (t) => {
    const now = Date.now();
    const simulator = await start(t, {events: 600, window: {start: now - 3 * DAY, end: now - 1000}});
    const client = api(simulator);
    const options = {start: now - 3 * DAY, pageSize: 40, partitions: 3};
    const first = client.exportEvents(options);
    t.equal((await readAll(first)).length, 600);
    simulator.insertEvents(25);
    // The new events' millisecond must lie before the next export's frozen end.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = client.exportEvents({...options, cursor: first.cursor as string});
    const added = await readAll(second);
    t.equal(new Set(added).size, 25, 'what arrived since, once');
    const third = client.exportEvents({...options, cursor: second.cursor as string});
    t.same(await readAll(third), [], 'nothing new, nothing read');
  },
);

t.test('a cursor of another export is refused whatever its chains hold', async (t) => {
  const simulator = await start(t, {events: 200});
  const client = api(simulator);
  const finished = client.exportEvents({start: START, end: END, partitions: 2, events: ['screen_view']});
  await readAll(finished);
  t.same(decodePartitionCursor(finished.cursor as string).chains, [], 'no chain cursor left to compare');
  t.throws(
    () => client.exportEvents({start: START, end: END, partitions: 2, cursor: finished.cursor as string}),
    /Expected `cursor` to be a cursor of an OpenPanel events export with the same `events`/,
    'other filters',
  );
  const croct = encodePartitionCursor({window: {start: START, end: END}, chains: []});
  t.throws(
    () => client.exportEvents({start: START, partitions: 2, cursor: croct}),
    /Expected `cursor` to be a cursor of an OpenPanel events export/,
    "a Croct export's cursor",
  );
  const {api: croctApi} = await setup(t, {events: 10});
  t.throws(
    () => croctApi.exportEvents({start: START, partitions: 2, cursor: finished.cursor as string}),
    /Expected `cursor` to be a cursor of this export \(the same resource and filters\)/,
    'and an OpenPanel cursor in a Croct export',
  );
});

import t from 'tap';
import type {ExportStream} from '../lib/core/export-stream.js';
import {decodePartitionCursor} from '../lib/core/partition-cursor.js';
import {assertNoMoreRequests, readSome, readUntilFailure} from './helpers/partitions.js';
import {ids, setup} from './helpers/simulator.js';
import {waitFor} from './helpers/wait-for.js';

// The simulator's default window: 24 hours from 1440990000000.
const START = 1_440_990_000_000;
const END = 1_441_076_400_000;

async function readAll<T>(stream: ExportStream<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

for (const ordered of [true, false]) {
  t.test(`ordered: ${ordered}: every event of the window comes exactly once`, async (t) => {
    const {api} = await setup(t, {events: 1500, seed: 5});
    const plain = ids(await readAll(api.exportEvents({start: START, end: END, pageSize: 50})));
    const stream = api.exportEvents({start: START, end: END, pageSize: 50, partitions: 4, ordered});
    const got = ids(await readAll(stream));
    t.equal(got.length, 1500);
    t.equal(new Set(got).size, 1500, 'no event twice');
    if (ordered) {
      t.same(got, plain, 'in the order of one cursor chain');
    } else {
      t.same([...got].sort(), [...plain].sort());
    }
    t.same(decodePartitionCursor(stream.cursor as string).chains, [], 'the final cursor has nothing left');
  });

  t.test(`ordered: ${ordered}: a crash and resume repeats and loses nothing`, async (t) => {
    const {api} = await setup(t, {events: 1200, seed: 6});
    const options = {start: START, end: END, pageSize: 40, partitions: 3, ordered};
    const seen: string[] = [];
    let cursor: string | undefined;
    for (const stop of [95, 333, 10_000]) {
      const part = await readSome(api.exportEvents({...options, cursor}), stop);
      seen.push(...ids(part.items));
      cursor = part.cursor;
    }
    t.equal(seen.length, 1200);
    t.equal(new Set(seen).size, 1200);
  });
}

t.test('chains reading 3 pages ahead deliver every page they buffer (none stranded)', async (t) => {
  const {api} = await setup(t, {events: 3000, seed: 13});
  const stream = api.exportEvents({start: START, end: END, pageSize: 100, partitions: 8, prefetch: 3});
  const got = ids(await readAll(stream));
  t.equal(new Set(got).size, 3000);
});

t.test('skewed data: busy partitions are split and every event comes once', async (t) => {
  const {api, simulator} = await setup(t, {events: 4000, seed: 7, skew: {share: 0.8, span: 0.1, at: 0.3}});
  const stream = api.exportEvents({start: START, end: END, pageSize: 100, partitions: 4});
  const got = ids(await readAll(stream));
  t.equal(got.length, 4000);
  t.equal(new Set(got).size, 4000);
  const windows = new Set(simulator.stats.log.map((entry) => `${entry.query.start}-${entry.query.end}`));
  t.ok(windows.size > 4, `chains were split (${windows.size} sub-windows requested)`);
});

t.test('skewed data: a crash after splits resumes every chain exactly', async (t) => {
  const {api} = await setup(t, {events: 3000, seed: 8, skew: {share: 0.8, span: 0.1, at: 0.6}});
  const options = {start: START, end: END, pageSize: 50, partitions: 4, ordered: false};
  const first = await readSome(api.exportEvents(options), 1700);
  t.ok(decodePartitionCursor(first.cursor).chains.length > 0);
  const rest = ids(await readAll(api.exportEvents({...options, cursor: first.cursor})));
  const all = [...ids(first.items), ...rest];
  t.equal(all.length, 3000);
  t.equal(new Set(all).size, 3000);
});

t.test('with times in seconds on the wire, carved chains read every event once', async (t) => {
  // Split points fall inside a second, which the wire truncates: each chain keeps its own range.
  const {api} = await setup(
    t,
    {events: 1500, seed: 7, timeUnit: 'seconds', skew: {share: 0.8, span: 0.1, at: 0.3}},
    {timeUnit: 'seconds'},
  );
  const stream = api.exportEvents({start: START, end: END, pageSize: 50, partitions: 8, ordered: true});
  const got = ids(await readAll(stream));
  t.equal(got.length, 1500);
  t.same(got, ids(await readAll(api.exportEvents({start: START, end: END, pageSize: 100}))), 'in order');
});

t.test('sessions and users split on their own time fields', async (t) => {
  const {api} = await setup(t, {events: 900, seed: 9});
  const window = {start: START, end: END + 3_600_000, pageSize: 20, partitions: 3};
  const sessions = ids(await readAll(api.exportSessions({...window, ordered: true})));
  t.same(sessions, ids(await readAll(api.exportSessions({...window, partitions: undefined}))));
  const users = ids(await readAll(api.exportUsers(window)));
  t.same(users.sort(), ids(await readAll(api.exportUsers({...window, partitions: undefined}))).sort());
});

t.test('a paused consumer holds at most partitions × read-ahead pages plus two', async (t) => {
  const {api, simulator} = await setup(t, {events: 5000, seed: 10});
  const stream = api.exportEvents({start: START, end: END, pageSize: 50, partitions: 4, prefetch: 2});
  await new Promise((resolve) => stream.once('readable', resolve));
  t.ok(stream.read(), 'one item read, then none');
  await waitFor(() => simulator.stats.requests >= 10 && simulator.stats.inFlight === 0);
  await new Promise((resolve) => setTimeout(resolve, 30));
  // 4 chains × 2 pages, plus the page being read and the one handed ahead to the stream.
  t.ok(simulator.stats.requests <= 4 * 2 + 2, `${simulator.stats.requests} requests while paused`);
  stream.destroy();
});

t.test(
  'an error in one partition fails the stream after what was delivered, cancels the others and leaves a resumable checkpoint',
  async (t) => {
    const {api, simulator} = await setup(
      t,
      {events: 800, seed: 11, latency: 5, faults: {schedule: [{request: 9, kind: 'server-error'}]}},
      {retry: {retries: 0}},
    );
    const options = {start: START, end: END, pageSize: 25, partitions: 4};
    const {error, covered: read, cursor} = await readUntilFailure(api.exportEvents(options));
    t.equal(error?.code, 'ERR_EXPORT_SERVER');
    // The other partitions' requests were cancelled, and none started after the failure.
    await assertNoMoreRequests(t, simulator.stats);
    t.ok(cursor !== undefined);
    const covered = ids(read);
    const rest = ids(await readAll(api.exportEvents({...options, cursor})));
    t.equal(covered.length + rest.length, 800);
    t.equal(new Set([...covered, ...rest]).size, 800);
  },
);

t.test('a 429 in one partition holds every partition for its wait', async (t) => {
  const {api, simulator} = await setup(
    t,
    {events: 600, seed: 12, faults: {schedule: [{request: 3, kind: 'rate-limit', retryAfter: 1}]}},
    {retry: {minDelay: 0, maxDelay: 0, maxRetryAfter: 300}},
  );
  const stream = api.exportEvents({start: START, end: END, pageSize: 50, partitions: 3});
  let retries = 0;
  stream.on('retry', () => retries++);
  const got = ids(await readAll(stream));
  t.equal(new Set(got).size, 600);
  t.equal(retries, 1);
  const log = simulator.stats.log;
  const limited = log.find((entry) => entry.status === 429);
  const after = log.filter((entry) => limited !== undefined && entry.time > limited.time);
  const early = after.filter((entry) => entry.time < (limited?.time ?? 0) + 250);
  t.ok(early.length <= 2, `${early.length} requests sent during the wait (only those already under way)`);
});

t.test('partition options are checked at the call', async (t) => {
  const {api} = await setup(t, {events: 10});
  const cases: [Record<string, unknown>, RegExp][] = [
    [{start: START, partitions: 0}, /Expected `partitions` to be an integer from 1 to 64, got 0/],
    [{start: START, ordered: true}, /Expected `ordered` to be undefined without `partitions`/],
    [{partitions: 2}, /Expected `start` to be a time: `partitions` splits the window/],
    [{start: START, partitions: 2, ordered: 'yes'}, /Expected `ordered` to be a boolean/],
    [{start: START, partitions: 2, prefetch: 101}, /Expected `prefetch` to be an integer from 0 to 100/],
    [{start: Date.now() + 86_400_000, partitions: 2}, /Expected `start` to be a time before "now"/],
    [
      {start: START, partitions: 2, cursor: 'abc'},
      /Expected `cursor` to be a cursor of a partitioned export/,
    ],
    [{start: START, partitions: 2, cursor: 'xsp1.!!'}, /Expected `cursor` to be a cursor of a partitioned/],
  ];
  for (const [options, message] of cases) {
    t.throws(() => api.exportEvents(options), message);
  }
  const stream = api.exportEvents({start: START, end: END, partitions: 2});
  await readAll(stream);
  const cursor = stream.cursor as string;
  t.throws(
    () => api.exportEvents({start: START, cursor}),
    /Expected `partitions` to be a number of partitions/,
  );
  t.throws(
    () => api.exportEvents({start: START + 1, end: END, partitions: 2, cursor}),
    /Expected `start` to be the cursor's start \(2015-08-31T03:00:00.000Z\) or earlier: a cursor resumes its own window, got 1440990000001/,
  );
  t.doesNotThrow(
    () => api.exportEvents({start: START, partitions: 2, cursor}).destroy(),
    'end comes from the cursor',
  );
});

t.test(
  'without `end`, a finished partitioned cursor continues from its end: each new event once',
  async (t) => {
    const {api, simulator} = await setup(t, {events: 400, seed: 14});
    const options = {start: START, pageSize: 50, partitions: 3};
    const first = api.exportEvents(options);
    t.equal(ids(await readAll(first)).length, 400);
    const finished = decodePartitionCursor(first.cursor as string);
    t.same(finished.chains, [], 'finished');
    simulator.addEvents(37);
    // The new events' millisecond must lie before the next export's frozen end (else the one after gets them).
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = api.exportEvents({...options, cursor: first.cursor as string});
    t.equal(new Set(ids(await readAll(second))).size, 37, 'what arrived since, once');
    // In order this time: a continuation may change the order too.
    const third = api.exportEvents({...options, ordered: true, cursor: second.cursor as string});
    t.same(await readAll(third), [], 'nothing new, nothing read');
    // An unfinished cursor resumes its own window, `end` left out as the CLI leaves it.
    const crashed = await readSome(api.exportEvents({...options, end: END}), 120);
    const resumed = ids(await readAll(api.exportEvents({...options, cursor: crashed.cursor})));
    t.equal(crashed.items.length + resumed.length, 400, 'the rest of its own window, not up to now');
    const own = api.exportEvents({...options, end: finished.window.end, cursor: first.cursor as string});
    t.same(await readAll(own), [], 'up to its own `end`, a finished cursor has nothing more');
    t.throws(
      () => api.exportEvents({...options, end: END, cursor: first.cursor as string}),
      /Expected `end` to be the cursor's end \(.*\) or later: a cursor resumes its own window, got 1441076400000/,
      'an `end` before its own is refused',
    );
  },
);

t.test(
  'with times in seconds on the wire, incremental partitioned runs meet without a gap or an overlap',
  async (t) => {
    const {api, simulator} = await setup(
      t,
      {events: 300, seed: 15, timeUnit: 'seconds'},
      {timeUnit: 'seconds'},
    );
    const options = {start: START, pageSize: 40, partitions: 3};
    const seen: string[] = [];
    let cursor: string | undefined;
    // Events added just before each run share its second with the run's frozen end: the wire rounds
    // that end down, so they belong to the next run, which must read them once.
    for (const added of [10, 7, 0]) {
      simulator.addEvents(added);
      if (added === 0) {
        await new Promise((resolve) => setTimeout(resolve, 1100));
      }
      const stream = api.exportEvents({...options, cursor});
      seen.push(...ids(await readAll(stream)));
      cursor = stream.cursor as string;
    }
    t.equal(seen.length, 317, 'every event');
    t.equal(new Set(seen).size, 317, 'none twice');
  },
);

t.test('an `end` later than now is read up to now: the next run continues from there', async (t) => {
  const {api, simulator} = await setup(t, {events: 120, seed: 16});
  const options = {start: START, pageSize: 50, partitions: 3};
  const first = api.exportEvents({...options, end: Date.now() + 60_000});
  t.equal((await readAll(first)).length, 120);
  t.ok(
    decodePartitionCursor(first.cursor as string).window.end <= Date.now(),
    'read up to now, not the future',
  );
  simulator.addEvents(5);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const later = api.exportEvents({...options, end: Date.now() + 120_000, cursor: first.cursor as string});
  t.equal(new Set(ids(await readAll(later))).size, 5, 'the events that arrived since, once');
});

t.test('a cursor of another resource or another `events` filter is refused', async (t) => {
  const {api} = await setup(t, {events: 60, seed: 17});
  const window = {start: START, end: END + 3_600_000, pageSize: 20, partitions: 2};
  const sessions = api.exportSessions(window);
  await readAll(sessions);
  const message = /Expected `cursor` to be a cursor of this export \(the same resource and filters\)/;
  t.throws(
    () => api.exportEvents({...window, cursor: sessions.cursor as string}),
    message,
    'sessions into events',
  );
  const views = api.exportEvents({...window, events: ['productViewed']});
  await readAll(views);
  t.throws(
    () => api.exportEvents({...window, events: ['cartViewed'], cursor: views.cursor as string}),
    message,
    'another events filter',
  );
  t.doesNotThrow(
    () => api.exportEvents({...window, events: ['productViewed'], cursor: views.cursor as string}).destroy(),
    'the same one',
  );
});

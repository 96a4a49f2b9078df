import t, {type Test} from 'tap';
import {request} from 'undici';
import type {OpenPanelSimulator, OpenPanelSimulatorOptions} from '../lib/simulator/index.js';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';

type Event = {id: string; createdAt: string; profileId: string; deviceId: string; name: string};
type Page = {meta: {count: number; totalCount: number; pages: number; current: number}; data: Event[]};

const DAY = 86_400_000;
const WINDOW = {start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 11)};
const RANGE = 'start=2026-01-01&end=2026-01-10';

async function page(simulator: OpenPanelSimulator, query: string): Promise<Page> {
  const response = await request(`${simulator.url}/export/events?${query}`, {
    headers: {'openpanel-client-id': simulator.clientId, 'openpanel-client-secret': simulator.clientSecret},
  });
  if (response.statusCode !== 200) {
    throw new Error(`HTTP ${response.statusCode} for ${query}: ${await response.body.text()}`);
  }
  return (await response.body.json()) as Page;
}

async function all(simulator: OpenPanelSimulator, query: string, limit = 1000): Promise<Event[]> {
  const events: Event[] = [];
  for (let number = 1; ; number++) {
    const {data} = await page(simulator, `${query}&limit=${limit}&page=${number}`);
    events.push(...data);
    if (data.length < limit) {
      return events;
    }
  }
}

async function start(t: Test, options: OpenPanelSimulatorOptions = {}): Promise<OpenPanelSimulator> {
  const simulator = await createOpenPanelSimulator({
    events: 3000,
    window: WINDOW,
    rateLimit: false,
    ...options,
  });
  t.teardown(() => simulator.close());
  return simulator;
}

function inOrder(events: Event[]): boolean {
  return events.every((event, i) => {
    const previous = events[i - 1];
    return (
      previous === undefined ||
      previous.createdAt > event.createdAt ||
      (previous.createdAt === event.createdAt && previous.id < event.id)
    );
  });
}

t.test('paging a closed window delivers every event once, newest first, ids ascending on ties', async (t) => {
  const simulator = await start(t);
  const events = await all(simulator, RANGE, 700);

  t.equal(events.length, 3000);
  t.equal(new Set(events.map((event) => event.id)).size, 3000);
  t.ok(inOrder(events));
  t.match(await page(simulator, `${RANGE}&limit=700&page=2`), {
    meta: {count: 700, totalCount: 3000, pages: 5, current: 2},
  });
  t.match(events[0], {createdAt: /^2026-01-10T23:\d\d:\d\d\.\d{3}Z$/, name: String, profileId: String});
});

t.test('events inserted at the newest end shift every later page of an open window', async (t) => {
  const simulator = await start(t, {window: {start: Date.now() - 2 * DAY, end: Date.now() - 1000}});
  const today = new Date().toISOString().slice(0, 10);
  const range = `start=2020-01-01&end=${today}&limit=10`;
  const first = await page(simulator, `${range}&page=1`);

  t.equal(simulator.insertEvents(3), 3003);
  t.equal(simulator.eventCount(), 3003);

  const second = await page(simulator, `${range}&page=2`);

  t.same(
    second.data.slice(0, 3).map((event) => event.id),
    first.data.slice(7).map((event) => event.id),
    'the last three of page 1 come again',
  );
  t.equal(second.meta.totalCount, 3003);

  const newest = await page(simulator, `${range}&page=1`);

  t.ok(inOrder(newest.data));
  t.ok(
    newest.data
      .slice(0, 3)
      .every((event) => Date.parse(event.createdAt) >= Date.parse(first.data[0]?.createdAt ?? '')),
  );
});

t.test('a closed window in the past is not shifted by events inserted now', async (t) => {
  const simulator = await start(t);
  const before = await all(simulator, RANGE);

  simulator.insertEvents(50);

  t.same(await all(simulator, RANGE), before);
  t.equal(simulator.eventCount(), 3050);
});

t.test('events inserted into the past land at their place in the order', async (t) => {
  const simulator = await start(t);
  const at = Date.UTC(2026, 0, 5, 12, 0, 0, 123);

  t.equal(simulator.insertEvents(4, {at}), 3004);

  const events = await all(simulator, RANGE);
  const inserted = events.filter((event) => event.createdAt === new Date(at).toISOString());

  t.equal(events.length, 3004);
  t.equal(inserted.length, 4);
  t.ok(inOrder(events), 'ties are ordered by id ascending');
  t.equal(new Set(events.map((event) => event.id)).size, 3004);

  // The same under a filter, with inserts both amid and after the matching events.
  simulator.insertEvents(30, {at: Date.UTC(2026, 0, 3, 6)});
  simulator.insertEvents(30, {at: Date.UTC(2026, 0, 10, 23, 59, 59, 999)});

  const everything = await all(simulator, RANGE);
  const views = everything.filter((event) => event.name === 'screen_view');
  const filtered = await all(simulator, `${RANGE}&event=screen_view`, 7);

  t.same(
    filtered.map((event) => event.id),
    views.map((event) => event.id),
  );
  t.equal((await page(simulator, `${RANGE}&event=screen_view&limit=1`)).meta.totalCount, views.length);
});

t.test('a project without base events holds only what is inserted', async (t) => {
  const simulator = await start(t, {events: 0});

  t.equal(simulator.insertEvents(2), 2);
  t.equal(simulator.insertEvents(1), 3);

  const today = new Date().toISOString().slice(0, 10);
  const events = await all(simulator, `start=${today}&end=${today}`);

  t.equal(events.length, 3);
  t.ok(inOrder(events));
});

t.test('an insert at the exact time of a base event ties with it by id', async (t) => {
  const simulator = await start(t, {events: 10, window: {start: WINDOW.start, end: WINDOW.start + 10}});
  const base = await all(simulator, RANGE);

  for (const event of base) {
    simulator.insertEvents(1, {at: Date.parse(event.createdAt)});
  }

  const events = await all(simulator, RANGE, 3);

  t.equal(events.length, 20);
  t.ok(inOrder(events));
  t.ok(events.some((event, i) => i > 0 && events[i - 1]?.createdAt === event.createdAt));

  const filtered = await all(simulator, `${RANGE}&event=${base[0]?.name}`, 1);

  t.ok(inOrder(filtered));
  t.ok(filtered.every((event) => event.name === base[0]?.name));
});

t.test('page 1 without both start and end only looks back half a day, doubling while empty', async (t) => {
  const now = Date.now();
  const simulator = await start(t, {events: 300, window: {start: now - 3 * DAY, end: now - 1}});
  const first = await page(simulator, 'limit=80');
  const full = await all(simulator, `start=2020-01-01&end=${new Date(now + DAY).toISOString().slice(0, 10)}`);

  t.ok(first.meta.count > 0 && first.meta.count < 80, `page 1 is short (${first.meta.count} rows)`);
  t.ok(first.data.every((event) => Date.parse(event.createdAt) >= now - DAY / 2 - 1000));
  t.equal(first.meta.totalCount, 300, 'the count has no lookback');
  t.same(
    (await page(simulator, 'limit=80&page=2')).data.map((event) => event.id),
    full.slice(80, 160).map((event) => event.id),
    'page 2 has no lookback: the rows between are skipped',
  );

  const old = await start(t, {events: 50, window: {start: now - 10 * DAY, end: now - 5 * DAY}});

  t.equal((await page(old, 'limit=10&start=2026-01-01')).meta.count, 10, 'found after doubling to 8 days');

  const ancient = await start(t, {
    events: 50,
    window: {start: Date.UTC(2015, 0, 1), end: Date.UTC(2015, 0, 2)},
  });

  t.match(await page(ancient, 'limit=10'), {meta: {count: 0, totalCount: 50, pages: 5}, data: []});
  t.equal((await page(ancient, 'limit=10&page=2')).meta.count, 10, 'yet page 2 has rows');
});

t.test('profileId lists the profile’s anonymous events too, but counts only its own', async (t) => {
  const simulator = await start(t, {sessions: 40, profiles: 10});
  const events = await all(simulator, `${RANGE}&profileId=%2210001%22`);
  const own = events.filter((event) => event.profileId === '10001');
  const anonymous = events.filter((event) => event.profileId === event.deviceId);

  t.ok(own.length > 0 && anonymous.length > 0);
  t.equal(own.length + anonymous.length, events.length);
  t.equal(new Set(events.map((event) => event.deviceId)).size, 1, 'one device');
  t.equal((await page(simulator, `${RANGE}&profileId=%2210001%22`)).meta.totalCount, own.length);

  const device = anonymous[0]?.deviceId as string;
  const byDevice = await all(simulator, `${RANGE}&profileId=${device}`);

  t.ok(byDevice.length > 0 && byDevice.every((event) => event.profileId === device));
  t.equal(
    (await page(simulator, `${RANGE}&profileId=%2210004%22`)).meta.totalCount,
    0,
    'profile 4 is anonymous',
  );
  t.equal((await page(simulator, `${RANGE}&profileId=nobody`)).meta.totalCount, 0);
});

t.test('live mode inserts events at the newest end as time passes', async (t) => {
  const simulator = await start(t, {live: {eventsPerSecond: 2000}});
  const deadline = Date.now() + 5000;

  while (simulator.eventCount() < 3010 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }

  t.ok(simulator.eventCount() >= 3010);

  const today = new Date().toISOString().slice(0, 10);
  const newest = await page(simulator, `start=${today}&end=${today}&limit=5`);

  t.ok(newest.meta.totalCount >= 10);
  t.ok(inOrder(newest.data));
});

t.test('the same seed gives the same events and another seed other ones', async (t) => {
  const one = await start(t, {seed: 7});
  const same = await start(t, {seed: 7});
  const other = await start(t, {seed: 8});

  t.same(await all(one, RANGE), await all(same, RANGE));
  t.not(
    (await page(other, `${RANGE}&limit=1`)).data[0]?.id,
    (await page(one, `${RANGE}&limit=1`)).data[0]?.id,
  );
});

t.test('millions of events are served without storing them', async (t) => {
  const simulator = await start(t, {
    events: 5_000_000,
    window: {start: WINDOW.start, end: WINDOW.start + 30 * DAY},
  });
  const last = await page(simulator, 'start=2026-01-01&end=2026-01-30&limit=1000&page=5000');

  t.match(last.meta, {count: 1000, totalCount: 5_000_000, pages: 5000});
  t.equal(last.data.at(-1)?.createdAt, new Date(WINDOW.start).toISOString());

  const purchases = await page(simulator, 'start=2026-01-01&end=2026-01-01&limit=10&page=20&event=purchase');

  t.equal(purchases.meta.count, 10);
});

t.test('insertEvents checks its arguments', async (t) => {
  const simulator = await start(t);

  t.throws(() => simulator.insertEvents(-1), {
    name: 'InvalidOptionError',
    message: /^Expected `count` to be an integer/,
  });
  t.throws(() => simulator.insertEvents(1, {at: 'now' as never}), {
    name: 'InvalidOptionError',
    message: /^Expected `at`/,
  });
  t.throws(() => simulator.insertEvents(1, null as never), {
    name: 'InvalidOptionError',
    message: /^Expected `options`/,
  });
  t.equal(simulator.eventCount(), 3000);
});

import t, {type Test} from 'tap';
import {request} from 'undici';
import type {Event, Session, User} from '../lib/croct/types.js';
import {eventIdOf, eventTypeOf} from '../lib/croct/types.js';
import type {Simulator} from '../lib/simulator/index.js';
import {createSimulator} from '../lib/simulator/index.js';

type Page = {items: unknown[]; nextCursor: string};

/** Pages to the end, checking each cursor; returns the items and the number of requests. */
async function pageAll(t: Test, simulator: Simulator, path: string, query: string) {
  const items: unknown[] = [];
  let cursor: string | undefined;
  let requests = 0;

  for (;;) {
    const suffix = cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await request(`${simulator.url}${path}?${query}${suffix}`, {
      headers: {'x-api-key': simulator.apiKey},
    });
    const page = (await response.body.json()) as Page;

    requests += 1;

    if (response.statusCode !== 200) {
      throw new Error(`${path}?${query}: ${response.statusCode} ${JSON.stringify(page)}`);
    }

    t.ok(page.nextCursor.length > 0, 'every page has a cursor');

    if (page.items.length === 0) {
      return {items, requests, cursor: page.nextCursor};
    }

    t.not(page.nextCursor, cursor, 'a non-empty page moves the cursor');
    items.push(...page.items);
    cursor = page.nextCursor;
  }
}

const START = 1_440_990_000_000;
const HOUR = 3_600_000;

t.test('paging events visits each matching event once, in timestamp order', async (t) => {
  const simulator = await createSimulator({events: 1500, seed: 3});
  t.teardown(() => simulator.close());

  const all = (await pageAll(t, simulator, '/events', 'pageSize=1000')).items as Event[];
  const ids = all.map((event) => eventIdOf(event));

  t.equal(all.length, 1500);
  t.equal(new Set(ids).size, 1500, 'no duplicate');
  t.ok(
    all.every((event, i) => i === 0 || (all[i - 1] as Event).timestamp <= event.timestamp),
    'timestamps never decrease',
  );

  const windows = [
    ['', () => true],
    [`start=${START + 5 * HOUR}`, (e: Event) => e.timestamp >= START + 5 * HOUR],
    [`end=${START + 2 * HOUR}`, (e: Event) => e.timestamp < START + 2 * HOUR],
    [
      `start=${START + 3 * HOUR + 17}&end=${START + 9 * HOUR + 1}`,
      (e: Event) => e.timestamp >= START + 3 * HOUR + 17 && e.timestamp < START + 9 * HOUR + 1,
    ],
    [
      'events=orderPlaced&events=productViewed',
      (e: Event) => ['orderPlaced', 'productViewed'].includes(eventTypeOf(e) as string),
    ],
    [
      `events=pageOpened&start=${START + HOUR}&end=${START + 20 * HOUR}`,
      (e: Event) =>
        eventTypeOf(e) === 'pageOpened' && e.timestamp >= START + HOUR && e.timestamp < START + 20 * HOUR,
    ],
    [`start=${START + 48 * HOUR}`, () => false],
  ] as const;

  for (const [filter, keep] of windows) {
    const expected = all.filter(keep).map((event) => eventIdOf(event));

    for (const pageSize of [7, 100, 1000]) {
      const {items, requests} = await pageAll(t, simulator, '/events', `pageSize=${pageSize}&${filter}`);

      t.same(
        items.map((event) => eventIdOf(event as Event)),
        expected,
        `${filter || 'no filter'}, page size ${pageSize}`,
      );
      t.equal(requests, Math.ceil(expected.length / pageSize) + 1, 'only the last page is empty');
    }
  }
});

t.test('a page size of 1 pages one event at a time', async (t) => {
  const simulator = await createSimulator({events: 300});
  t.teardown(() => simulator.close());

  const all = (await pageAll(t, simulator, '/events', 'pageSize=1000')).items as Event[];
  const query = `pageSize=1&start=${START + 4 * HOUR}&end=${START + 8 * HOUR}`;
  const {items, requests} = await pageAll(t, simulator, '/events', query);
  const expected = all.filter((e) => e.timestamp >= START + 4 * HOUR && e.timestamp < START + 8 * HOUR);

  t.ok(expected.length > 20);
  t.same(items, expected);
  t.equal(requests, expected.length + 1);
});

t.test('paging sessions filters and orders on closeTime', async (t) => {
  const simulator = await createSimulator({events: 2000, sessions: 250, users: 40});
  t.teardown(() => simulator.close());

  const all = (await pageAll(t, simulator, '/session', 'pageSize=1000')).items as Session[];

  t.equal(all.length, 250);
  t.equal(new Set(all.map((s) => s.sessionId)).size, 250);
  t.ok(all.every((s, i) => i === 0 || (all[i - 1] as Session).closeTime! <= s.closeTime!));

  const from = START + 6 * HOUR;
  const to = START + 12 * HOUR;
  const expected = all.filter((s) => s.closeTime! >= from && s.closeTime! < to);

  for (const pageSize of [1, 7, 100]) {
    const {items} = await pageAll(t, simulator, '/session', `pageSize=${pageSize}&start=${from}&end=${to}`);

    t.same(items, expected, `page size ${pageSize}`);
  }
});

t.test('paging users filters and orders on lastModifiedTime', async (t) => {
  const simulator = await createSimulator({events: 2000, sessions: 250, users: 120});
  t.teardown(() => simulator.close());

  const all = (await pageAll(t, simulator, '/user', 'pageSize=1000')).items as User[];

  t.equal(all.length, 120);
  t.equal(new Set(all.map((u) => u.userId)).size, 120);
  t.ok(all.every((u, i) => i === 0 || (all[i - 1] as User).lastModifiedTime! <= u.lastModifiedTime!));

  const from = START + 3 * HOUR;
  const to = START + 15 * HOUR;
  const expected = all.filter((u) => u.lastModifiedTime! >= from && u.lastModifiedTime! < to);

  for (const pageSize of [1, 7, 100]) {
    const {items} = await pageAll(t, simulator, '/user', `pageSize=${pageSize}&start=${from}&end=${to}`);

    t.same(items, expected, `page size ${pageSize}`);
  }
});

t.test('the seconds wire unit scales start and end by 1000', async (t) => {
  const simulator = await createSimulator({events: 500, timeUnit: 'seconds'});
  t.teardown(() => simulator.close());

  const all = (await pageAll(t, simulator, '/events', 'pageSize=1000')).items as Event[];
  const from = START / 1000 + 3600;
  const to = START / 1000 + 7200;
  const {items} = await pageAll(t, simulator, '/events', `pageSize=50&start=${from}&end=${to}`);

  t.ok(items.length > 0);
  t.same(
    items,
    all.filter((e) => e.timestamp >= from * 1000 && e.timestamp < to * 1000),
  );
  t.ok((items[0] as Event).timestamp > 1e12, 'response timestamps stay in milliseconds');
});

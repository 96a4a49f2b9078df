import t from 'tap';
import {request} from 'undici';
import type {Event, EventResponse} from '../lib/croct/types.js';
import type {Simulator} from '../lib/simulator/index.js';
import {createSimulator} from '../lib/simulator/index.js';

async function page(simulator: Simulator, query: string): Promise<EventResponse> {
  const response = await request(`${simulator.url}/events?${query}`, {
    headers: {'x-api-key': simulator.apiKey},
  });

  if (response.statusCode !== 200) {
    throw new Error(`status ${response.statusCode}`);
  }

  return (await response.body.json()) as EventResponse;
}

async function drain(simulator: Simulator, query: string, cursor?: string) {
  const items: Event[] = [];
  let next = cursor;

  for (;;) {
    const body = await page(simulator, query + (next === undefined ? '' : `&cursor=${next}`));

    next = body.nextCursor;

    if (body.items.length === 0) {
      return {items, cursor: next};
    }

    items.push(...body.items);
  }
}

t.test('the final cursor returns the events added since, after everything existing', async (t) => {
  const simulator = await createSimulator({events: 120, sessions: 12, users: 4});
  t.teardown(() => simulator.close());

  const first = await drain(simulator, 'pageSize=50');
  const again = await page(simulator, `pageSize=50&cursor=${first.cursor}`);

  t.equal(first.items.length, 120);
  t.same(again.items, [], 'nothing new yet');
  t.equal(again.nextCursor, first.cursor, 'an empty page keeps the cursor');

  const before = Date.now();

  t.equal(simulator.addEvents(30), 150);
  t.equal(simulator.eventCount(), 150);
  t.equal(simulator.addEvents(0), 150);

  const second = await drain(simulator, 'pageSize=50', first.cursor);
  const last = first.items.at(-1) as Event;

  t.equal(second.items.length, 30);
  t.ok(second.items.every((e) => e.timestamp >= before && e.timestamp >= last.timestamp));
  t.equal(new Set([...first.items, ...second.items].map((e) => e.id)).size, 150);

  const third = await drain(simulator, 'pageSize=50', second.cursor);

  t.same(third.items, []);
});

t.test('appended events belong to existing sessions and users', async (t) => {
  const simulator = await createSimulator({events: 20, sessions: 4, users: 2});
  t.teardown(() => simulator.close());

  simulator.addEvents(10);

  const {items} = await drain(simulator, 'pageSize=100');

  for (const event of items.slice(20)) {
    for (const path of [`/session/${event.sessionId}`, `/user/${event.userId}`, `/events/${event.id}`]) {
      const response = await request(simulator.url + path, {headers: {'x-api-key': simulator.apiKey}});

      t.equal(response.statusCode, 200, path);
      await response.body.dump();
    }
  }
});

t.test('a cursor bounded by end does not pick up events after end', async (t) => {
  const simulator = await createSimulator({events: 40});
  t.teardown(() => simulator.close());

  const query = 'pageSize=10&end=1441076400000';
  const first = await drain(simulator, query);

  simulator.addEvents(5);

  t.equal(first.items.length, 40);
  t.same((await drain(simulator, query, first.cursor)).items, []);
});

t.test('live mode makes events appear over time without timers', async (t) => {
  const simulator = await createSimulator({events: 10, live: {eventsPerSecond: 1000}});
  t.teardown(() => simulator.close());

  const first = await drain(simulator, 'pageSize=1000');

  await new Promise((resolve) => setTimeout(resolve, 40));

  const second = await drain(simulator, 'pageSize=1000', first.cursor);
  const all = [...first.items, ...second.items];

  t.ok(first.items.length >= 10);
  t.ok(second.items.length > 0, 'new events appeared');
  t.ok(
    all.every((e, i) => i === 0 || (all[i - 1] as Event).timestamp <= e.timestamp),
    'timestamps never decrease',
  );
  t.equal(new Set(all.map((e) => e.id)).size, all.length);
  t.ok((all.at(-1) as Event).timestamp <= Date.now());
});

t.test('live mode and added events interleave in time order', async (t) => {
  const simulator = await createSimulator({events: 5, live: {eventsPerSecond: 2000}});
  t.teardown(() => simulator.close());

  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    simulator.eventCount();
    await new Promise((resolve) => setTimeout(resolve, 5));
    simulator.addEvents(3);
  }

  await new Promise((resolve) => setTimeout(resolve, 5));

  const {items} = await drain(simulator, 'pageSize=1000');

  t.ok(items.length <= simulator.eventCount());
  t.ok(items.length >= 5 + 9);
  t.ok(items.every((e, i) => i === 0 || (items[i - 1] as Event).timestamp <= e.timestamp));
});

t.test('addEvents rejects counts that are not non-negative integers', async (t) => {
  const simulator = await createSimulator({events: 5});
  t.teardown(() => simulator.close());

  t.throws(() => simulator.addEvents(-1), {name: 'InvalidOptionError', option: 'count'});
  t.throws(() => simulator.addEvents(1.5), {
    name: 'InvalidOptionError',
    message: 'Expected `count` to be an integer of at least 0, got 1.5 (number)',
  });
  t.throws(() => simulator.addEvents(2 ** 32), {
    name: 'InvalidOptionError',
    message: /Expected `count` to be an integer from 0 to/,
  });
});

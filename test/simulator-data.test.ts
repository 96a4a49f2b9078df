import t from 'tap';
import {request} from 'undici';
import type {Event, EventResponse, Session, User} from '../lib/croct/types.js';
import {eventIdOf, eventTypeOf, KNOWN_EVENT_TYPES} from '../lib/croct/types.js';
import type {Simulator} from '../lib/simulator/index.js';
import {createSimulator} from '../lib/simulator/index.js';

async function json<T>(simulator: Simulator, path: string): Promise<T> {
  const response = await request(simulator.url + path, {headers: {'x-api-key': simulator.apiKey}});

  return (await response.body.json()) as T;
}

t.test('every event type of the schema version appears within the first 200 events', async (t) => {
  for (const seed of [1, 2, 99]) {
    const simulator = await createSimulator({seed, schemaVersion: '0.8.0'});
    const {items} = await json<EventResponse>(simulator, '/events?pageSize=200');

    t.same(new Set(items.map((event) => eventTypeOf(event))), new Set(KNOWN_EVENT_TYPES), `seed ${seed}`);
    await simulator.close();
  }
});

t.test('common types dominate and rare ones stay rare', async (t) => {
  const simulator = await createSimulator({events: 5000});
  t.teardown(() => simulator.close());

  const counts = new Map<string, number>();

  for (let page = 0, cursor = ''; page < 5; page++) {
    const body = await json<EventResponse>(simulator, `/events?pageSize=1000${cursor}`);

    cursor = `&cursor=${body.nextCursor}`;

    for (const event of body.items) {
      const type = eventTypeOf(event) as string;

      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
  }

  t.ok((counts.get('pageOpened') ?? 0) > 10 * (counts.get('orderPlaced') ?? 0));
  t.ok((counts.get('productViewed') ?? 0) > (counts.get('cartModified') ?? 0));
});

t.test('events reference sessions and users that exist and contain them', async (t) => {
  const simulator = await createSimulator({events: 400, sessions: 40, users: 12});
  t.teardown(() => simulator.close());

  const {items} = await json<EventResponse>(simulator, '/events?pageSize=400');
  const sessions = new Map<string, Session>();
  const users = new Map<string, User>();

  for (const event of items) {
    const session =
      sessions.get(event.sessionId) ?? (await json<Session>(simulator, `/session/${event.sessionId}`));
    const user = users.get(event.userId) ?? (await json<User>(simulator, `/user/${event.userId}`));

    sessions.set(event.sessionId, session);
    users.set(event.userId, user);
    t.equal(session.userId, event.userId);
    t.equal(session.externalUserId, user.externalUserId);
    t.ok(
      event.timestamp >= (session.window?.start as number) &&
        event.timestamp <= (session.window?.end as number),
      'the session window spans its events',
    );
    t.ok((session.closeTime as number) > (session.window?.end as number));
    t.ok((user.lastModifiedTime as number) >= (session.closeTime as number));
  }

  t.equal(sessions.size, 40);
  t.equal(users.size, 12);

  const counted = [...users.values()].reduce((sum, user) => sum + (user.statistics?.sessions ?? 0), 0);

  t.equal(counted, 40, 'user statistics count their sessions');
});

t.test('items have realistic shapes, some nulls and some null contexts', async (t) => {
  const simulator = await createSimulator({events: 1000});
  t.teardown(() => simulator.close());

  const {items} = await json<EventResponse>(simulator, '/events?pageSize=1000');
  const byType = (type: string) => items.find((event) => eventTypeOf(event) === type) as Event;

  t.ok(items.some((event) => event.context === null));
  t.ok(items.some((event) => event.context?.type === 'web' && 'tabId' in event.context));
  t.match(byType('productViewed').payload, {
    '@type': 'productViewed',
    product: {productId: String, displayPrice: Number},
  });
  t.match(byType('orderPlaced').payload, {
    order: {orderId: /^ORD-/, currency: 'USD', items: Array, total: Number},
  });
  t.match(byType('cartModified').payload, {cart: {items: Array, lastUpdateTime: Number}});
  t.match(byType('locationDetected').payload, {location: {country: String, timezone: /\//}});
  t.match(byType('clientDetected').payload, {client: {browser: {type: String}, device: {category: String}}});
  t.match(byType('slotPersonalized').payload, {
    personalization: {slotId: String},
    metadata: {slotName: String},
  });
  t.match(byType('goalCompleted').payload, {goalId: String});
  t.match(byType('audienceMatched').payload, {audienceIds: Array});
  t.ok(JSON.stringify(items).includes(':null'), 'some fields are null');

  // The types API 0.8.0 added exist only in its data.
  const v8 = await createSimulator({events: 1000, schemaVersion: '0.8.0'});
  t.teardown(() => v8.close());

  const added = (await json<EventResponse>(v8, '/events?pageSize=1000')).items;
  const byAddedType = (type: string) => added.find((event) => eventTypeOf(event) === type) as Event;

  t.match(byAddedType('sessionStarted').payload, {session: {sessionId: String}});
  t.match(byAddedType('sessionMerged').payload, {mergedSessions: [{sessionId: String}]});
  t.match(byAddedType('userProfileChanged').payload, {patch: {operations: Array}});
  t.match(byAddedType('productOrdered').payload, {order: {quantity: Number}, item: {product: Object}});

  const users = await json<{items: User[]}>(simulator, '/user?pageSize=1000');

  t.ok(
    users.items.some((user) => user.externalUserId === null),
    'some users are anonymous',
  );
  t.ok(
    users.items.some((user) => typeof user.email === 'string'),
    'some users are identified',
  );
});

t.test('schema 0.8.0 spells ids, discriminators and changed fields the new way', async (t) => {
  const simulator = await createSimulator({events: 20_000, schemaVersion: '0.8.0'});
  t.teardown(() => simulator.close());

  const {items} = await json<EventResponse>(simulator, '/events?pageSize=1000');
  const byType = (type: string) => items.find((event) => eventTypeOf(event) === type) as Event;
  const first = items[0] as Event;

  t.type(first.eventId, 'string');
  t.equal(first.id, undefined);
  t.ok((first.systemTimestamp as number) > first.timestamp);
  t.ok(
    items.every(
      (event) => (event.payload as {type?: string}).type !== undefined && !('@type' in event.payload),
    ),
  );
  t.match(byType('locationDetected').payload, {location: {population: Number}});
  t.notOk('timezone' in (byType('locationDetected').payload as {location: object}).location);
  t.match(byType('audienceMatched').payload, {audiences: Array});
  t.match(byType('leadGenerated').payload, {value: Number});

  const leads = await json<EventResponse>(
    simulator,
    '/events?pageSize=100&events=leadGenerated&events=linkOpened',
  );

  t.ok(
    leads.items.some((event) => 'patch' in event.payload),
    'some leads patch the profile',
  );
  t.ok(leads.items.some((event) => eventTypeOf(event) === 'leadGenerated' && !('patch' in event.payload)));
  t.ok(leads.items.some((event) => eventTypeOf(event) === 'linkOpened' && !('link' in event.payload)));

  const event = await json<{event: Event}>(simulator, `/events/${eventIdOf(first)}`);

  t.same(event.event, first);
});

t.test('the same seed gives the same data; another seed gives other data', async (t) => {
  const one = await createSimulator({seed: 5, events: 300});
  const two = await createSimulator({seed: 5, events: 300});
  const other = await createSimulator({seed: 6, events: 300});
  t.teardown(() => Promise.all([one.close(), two.close(), other.close()]));

  for (const path of ['/events?pageSize=300', '/session', '/user']) {
    const a = JSON.stringify(await json<unknown>(one, path));

    t.equal(JSON.stringify(await json<unknown>(two, path)), a, path);
    t.not(JSON.stringify(await json<unknown>(other, path)), a, path);
  }
});

t.test('counts in the millions are served without generating everything', async (t) => {
  const simulator = await createSimulator({events: 50_000_000, sessions: 5_000_000, users: 4_000_000});
  t.teardown(() => simulator.close());

  const start = 1_440_990_000_000 + 23 * 3_600_000;
  const page = await json<EventResponse>(simulator, `/events?pageSize=1000&start=${start}`);
  const users = await json<{items: User[]}>(simulator, `/user?pageSize=5&start=${start}`);
  const last = page.items.at(-1) as Event;

  t.equal(page.items.length, 1000);
  t.ok((page.items[0] as Event).timestamp >= start);
  t.equal(users.items.length, 5);
  t.match(await json<Session>(simulator, `/session/${last.sessionId}`), {userId: last.userId});
});

t.test('counts in the billions keep sessions and users consistent', async (t) => {
  const simulator = await createSimulator({
    events: 4_000_000_000,
    sessions: 3_000_000_007,
    users: 2_999_999_999,
  });
  t.teardown(() => simulator.close());

  const start = 1_441_076_400_000 - 10;
  const page = await json<EventResponse>(simulator, `/events?pageSize=1000&start=${start}`);
  const last = page.items.at(-1) as Event;
  const session = await json<Session>(simulator, `/session/${last.sessionId}`);

  t.ok(page.items.length > 100);
  t.equal(session.userId, last.userId);
  t.ok(
    last.timestamp >= (session.window?.start as number) && last.timestamp <= (session.window?.end as number),
  );
  t.match(await json<User>(simulator, `/user/${last.userId}`), {userId: last.userId});
});

t.test('eventTypeOf and eventIdOf read both spellings and ignore non-strings', async (t) => {
  t.equal(eventTypeOf({payload: {'@type': 'pageOpened'}}), 'pageOpened');
  t.equal(eventTypeOf({payload: {type: 'orderPlaced'}}), 'orderPlaced');
  t.equal(eventTypeOf({payload: {type: 3}}), undefined);
  t.equal(eventTypeOf({payload: null}), undefined);
  t.equal(eventTypeOf({}), undefined);
  t.equal(eventIdOf({id: 'a'}), 'a');
  t.equal(eventIdOf({eventId: 'b'}), 'b');
  t.equal(eventIdOf({id: 1}), undefined);
});

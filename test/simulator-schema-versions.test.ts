import t from 'tap';
import {request} from 'undici';
import type {Event, EventResponse, Session} from '../lib/croct/types.js';
import {eventTypeOf, KNOWN_EVENT_TYPES} from '../lib/croct/types.js';
import type {Simulator} from '../lib/simulator/index.js';
import {createSimulator} from '../lib/simulator/index.js';

/** The ten types API 0.8.0 added (the official client's EventType enum at 0.8.0 minus the one at 0.7.1). */
const ADDED_IN_0_8_0 = [
  'sessionMerged',
  'sessionClosed',
  'sessionStarted',
  'postViewed',
  'userProfileChanged',
  'campaignDetected',
  'sessionAttributesChanged',
  'productOrdered',
  'interestShown',
  'linkOpened',
];

const TYPES_0_7_1 = KNOWN_EVENT_TYPES.filter((type) => !ADDED_IN_0_8_0.includes(type));

async function get(simulator: Simulator, path: string): Promise<{status: number; body: unknown}> {
  const response = await request(simulator.url + path, {headers: {'x-api-key': simulator.apiKey}});

  return {status: response.statusCode, body: await response.body.json()};
}

async function allEvents(simulator: Simulator, query = ''): Promise<Event[]> {
  const events: Event[] = [];

  for (let cursor = ''; ; ) {
    const {body} = await get(simulator, `/events?pageSize=1000${query}${cursor}`);
    const page = body as EventResponse;

    events.push(...page.items);

    if (page.items.length === 0) {
      return events;
    }

    cursor = `&cursor=${page.nextCursor}`;
  }
}

t.test('schema 0.7.1 sends only its own 25 event types, each within the first 200 events', async (t) => {
  t.equal(TYPES_0_7_1.length, 25);

  for (const seed of [1, 2, 99]) {
    const simulator = await createSimulator({seed});
    const {body} = await get(simulator, '/events?pageSize=200');
    const types = new Set((body as EventResponse).items.map((event) => eventTypeOf(event)));

    t.same(types, new Set(TYPES_0_7_1), `seed ${seed}`);
    await simulator.close();
  }
});

t.test('schema 0.7.1 never sends a 0.8.0-only type, however many events', async (t) => {
  const simulator = await createSimulator({events: 20_000});
  t.teardown(() => simulator.close());

  const events = await allEvents(simulator);
  const types = new Set(events.map((event) => eventTypeOf(event)));

  t.equal(events.length, 20_000);
  t.same(
    ADDED_IN_0_8_0.filter((type) => types.has(type)),
    [],
  );
});

t.test('schema 0.8.0 sends the ten types it added', async (t) => {
  const simulator = await createSimulator({events: 2000, schemaVersion: '0.8.0'});
  t.teardown(() => simulator.close());

  const types = new Set((await allEvents(simulator)).map((event) => eventTypeOf(event)));

  t.same(
    ADDED_IN_0_8_0.filter((type) => !types.has(type)),
    [],
  );
});

for (const type of ADDED_IN_0_8_0) {
  t.test(`schema 0.7.1 rejects the 0.8.0-only type ${type} in the events filter with a 400`, async (t) => {
    const simulator = await createSimulator({events: 50});
    t.teardown(() => simulator.close());

    const {status, body} = await get(simulator, `/events?events=pageOpened&events=${type}`);

    t.equal(status, 400);
    t.match(body, {
      status: 400,
      title: 'Invalid input',
      detail: '1 error occurred',
      violations: [`events contains an unknown event type: ${type}`],
    });
  });
}

t.test('schema 0.8.0 accepts its added types in the events filter and returns only them', async (t) => {
  const simulator = await createSimulator({events: 2000, schemaVersion: '0.8.0'});
  t.teardown(() => simulator.close());

  const events = await allEvents(simulator, '&events=sessionStarted&events=productOrdered');

  t.ok(events.length > 0);
  t.same(new Set(events.map((event) => eventTypeOf(event))), new Set(['sessionStarted', 'productOrdered']));
});

t.test('events carry exactly the top-level fields of their schema version', async (t) => {
  const old = await createSimulator({events: 300});
  const v8 = await createSimulator({events: 300, schemaVersion: '0.8.0'});
  t.teardown(() => Promise.all([old.close(), v8.close()]));

  for (const event of await allEvents(old)) {
    t.same(Object.keys(event).sort(), ['context', 'id', 'payload', 'sessionId', 'timestamp', 'userId']);
    t.ok('@type' in event.payload && !('type' in event.payload));
  }

  for (const event of await allEvents(v8)) {
    t.same(Object.keys(event).sort(), [
      'context',
      'eventId',
      'payload',
      'sessionId',
      'systemTimestamp',
      'timestamp',
      'userId',
    ]);
    t.ok('type' in event.payload && !('@type' in event.payload));
  }
});

t.test(
  'locations use timezone and a string population in 0.7.1, timeZone and a number in 0.8.0',
  async (t) => {
    const old = await createSimulator({events: 300, sessions: 30});
    const v8 = await createSimulator({events: 300, sessions: 30, schemaVersion: '0.8.0'});
    t.teardown(() => Promise.all([old.close(), v8.close()]));

    const oldSessions = (await get(old, '/session?pageSize=1000')).body as {items: Session[]};
    const v8Sessions = (await get(v8, '/session?pageSize=1000')).body as {items: Session[]};

    t.equal(oldSessions.items.length, 30);
    t.equal(v8Sessions.items.length, 30);

    for (const {location} of oldSessions.items) {
      t.ok(location !== undefined && 'timezone' in location && !('timeZone' in location));
      t.type(location?.population, 'string');
    }

    for (const {location} of v8Sessions.items) {
      t.ok(location !== undefined && 'timeZone' in location && !('timezone' in location));
      t.type(location?.population, 'number');
    }
  },
);

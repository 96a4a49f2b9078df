import t from 'tap';
import {Configuration} from '../lib/croct/configuration.js';
import {ExportApi} from '../lib/croct/export-api.js';
import {eventTypeOf} from '../lib/croct/types.js';
import {ids, reference, setup} from './helpers/simulator.js';

t.test('exportEvents delivers every event exactly once, in timestamp order', async (t) => {
  const {simulator, api} = await setup(t, {events: 1234});
  const events = await api.exportEvents({pageSize: 100}).toArray();
  // 13 pages of items, then the empty page that ends the export.
  t.equal(simulator.stats.byPath['/events'], 14);
  t.equal(events.length, 1234);
  t.equal(new Set(ids(events)).size, 1234, 'no duplicate');
  t.same(ids(events), ids(await reference(simulator, '/events')), 'same items as a plain paging loop');
  t.ok(
    events.every((event, index) => index === 0 || event.timestamp >= events[index - 1]!.timestamp),
    'timestamp order',
  );
});

t.test('exportSessions and exportUsers page through their endpoints', async (t) => {
  const {simulator, api} = await setup(t, {events: 400, sessions: 57, users: 23});
  const sessions = await api.exportSessions({pageSize: 10}).toArray();
  const users = await api.exportUsers({pageSize: 7}).toArray();
  t.equal(simulator.stats.byPath['/session'], 7);
  t.equal(simulator.stats.byPath['/user'], 5);
  t.equal(sessions.length, 57);
  t.same(ids(sessions), ids(await reference(simulator, '/session')));
  t.equal(users.length, 23);
  t.same(ids(users), ids(await reference(simulator, '/user')));
});

t.test('the query speaks the protocol: start, end, pageSize, cursor, repeated events', async (t) => {
  const {simulator, api} = await setup(t, {events: 300});
  const start = 1_440_990_000_000;
  const end = start + 12 * 3600 * 1000;
  const events = await api
    .exportEvents({start: new Date(start), end, pageSize: 50, events: ['productViewed', 'pageOpened']})
    .toArray();
  t.ok(events.length > 0);
  t.ok(events.every((event) => ['productViewed', 'pageOpened'].includes(eventTypeOf(event)!)));
  t.ok(events.every((event) => event.timestamp >= start && event.timestamp < end));
  const expected = await reference(simulator, '/events', {
    start: String(start),
    end: String(end),
    events: ['productViewed', 'pageOpened'],
  });
  t.same(ids(events), ids(expected));
  const first = simulator.stats.log.find((entry) => entry.path === '/events');
  t.same(first?.query, {
    start: String(start),
    end: String(end),
    pageSize: '50',
    events: ['productViewed', 'pageOpened'],
  });
  const second = simulator.stats.log.filter((entry) => entry.path === '/events')[1];
  t.type(second?.query.cursor, 'string', 'later pages send the cursor');
});

t.test('the seconds wire unit sends whole seconds', async (t) => {
  const {simulator, api} = await setup(t, {events: 200, timeUnit: 'seconds'}, {timeUnit: 'seconds'});
  const start = 1_440_990_000_000 + 3600_000;
  const events = await api.exportEvents({start, end: '2015-08-31T09:00:00Z'}).toArray();
  t.ok(events.length > 0);
  t.ok(
    events.every((event) => event.timestamp >= start && event.timestamp < Date.parse('2015-08-31T09:00:00Z')),
  );
  t.same(simulator.stats.log[0]?.query.start, String(start / 1000));
});

t.test('the by-id methods fetch one item', async (t) => {
  const {api} = await setup(t, {events: 50});
  const [event] = await api.exportEvents({limit: 1}).toArray();
  const single = await api.exportEventById(String(event!.id));
  t.same(single.event, event);
  t.match(single.metadata, {organizationSlug: 'acme'});
  const session = await api.exportSessionById(event!.sessionId);
  t.equal(session.sessionId, event!.sessionId);
  const user = await api.exportUserById(event!.userId);
  t.equal(user.userId, event!.userId);
});

t.test('an unknown id is a 404 error with the problem details', async (t) => {
  const {simulator, api} = await setup(t, {events: 10});
  await t.rejects(api.exportUserById('no such/user'), {
    name: 'HttpError',
    code: 'ERR_EXPORT_NOT_FOUND',
    status: 404,
    message: /^exportUserById GET \/user\/no%20such%2Fuser failed with HTTP 404/,
  });
  t.equal(simulator.stats.requests, 1, 'not retried');
});

t.test('the by-id methods retry transient failures and honour the signal', async (t) => {
  const {simulator, api} = await setup(t, {events: 10});
  const [event] = await api.exportEvents({limit: 1}).toArray();
  const reason = new Error('stop');
  await t.rejects(api.exportSessionById(event!.sessionId, {signal: AbortSignal.abort(reason)}), reason);
  t.equal(simulator.stats.byPath['/session/{sessionId}'] ?? 0, 0, 'an aborted signal sends nothing');
  t.throws(() => api.exportEventById(''), {message: 'Expected `eventId` to be a non-empty string, got ""'});
  t.throws(() => api.exportUserById(42 as never), {message: /^Expected `userId` to be a non-empty string/});
  t.throws(() => api.exportSessionById('x', {signal: 'no' as never}), {message: /^Expected `signal`/});
});

t.test('export options are validated synchronously at the call', async (t) => {
  const {api} = await setup(t, {events: 10});
  const cases: [() => unknown, RegExp][] = [
    [
      () => api.exportEvents({pageSize: 0}),
      /^Expected `pageSize` to be an integer from 1 to 1000, got 0 \(number\)$/,
    ],
    [() => api.exportEvents({pageSize: 1001}), /`pageSize`.*got 1001/],
    [() => api.exportEvents({start: 'last week'}), /^Expected `start` to be a Date, an ISO-8601 string/],
    [() => api.exportEvents({start: 2000, end: 1000}), /^Expected `end` to be after `start`/],
    [
      () => api.exportEvents({events: []}),
      /^Expected `events` to be a non-empty array of event types, got an array/,
    ],
    [() => api.exportEvents({events: ['ok', 'not ok']}), /^Expected `events\[1\]` to be an event type name/],
    [() => api.exportSessions({events: ['pageOpened']} as never), /^Expected `options.events` to be one of/],
    [() => api.exportUsers({pagesize: 10} as never), /^Expected `options.pagesize` to be one of/],
    [
      () => api.exportUsers({parser: 'fast'} as never),
      /^Expected `parser` to be one of 'json', 'incremental'/,
    ],
    [() => api.exportUsers(7 as never), /^Expected `options` to be an object, got 7/],
    [() => api.exportEvents({prefetch: -1}), /^Expected `prefetch` to be an integer from 0 to 100/],
    [() => new ExportApi({} as never), /^Expected `configuration` to be a Configuration instance/],
  ];
  for (const [call, message] of cases) t.throws(call, {code: 'ERR_EXPORT_INVALID_OPTION', message});
});

t.test('a base URL with a path prefix keeps it', async (t) => {
  const {simulator, dispatcher} = await setup(t, {events: 5});
  const api = new ExportApi(
    new Configuration({apiKey: simulator.apiKey, baseUrl: `${simulator.url}/prefix/`, dispatcher}),
  );
  await t.rejects(api.exportEvents().toArray(), {name: 'HttpError', status: 404});
  t.equal(simulator.stats.log[0]?.path, '/prefix/events');
});

import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import t from 'tap';
import {InvalidOptionError} from '../lib/core/errors.js';
import {httpSettings, OpenPanelConfiguration} from '../lib/openpanel/configuration.js';
import {decodeCursor, encodeCursor} from '../lib/openpanel/cursor.js';
import {OpenPanelApi} from '../lib/openpanel/export-api.js';
import {resolveEventsQuery} from '../lib/openpanel/export-options.js';
import {describeOpenPanelProblem} from '../lib/openpanel/problem.js';
import {chartUrl, eventsUrl, wireString} from '../lib/openpanel/wire.js';

const clientId = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const clientSecret = 'sec_0123456789abcdef';

t.test('the configuration applies its defaults and keeps the secret off the object', async (t) => {
  const configuration = new OpenPanelConfiguration({clientId, clientSecret});
  t.equal(configuration.baseUrl.href, 'https://api.openpanel.dev/');
  t.same(configuration.rateLimit, {requests: 100, interval: 10_000});
  t.equal(configuration.requestTimeout, 300_000);
  t.equal(configuration.projectId, undefined);
  t.ok(Object.isFrozen(configuration));
  t.notMatch(JSON.stringify(configuration), clientSecret);
  const settings = httpSettings(configuration);
  t.match(settings.headers, {'openpanel-client-id': clientId, 'openpanel-client-secret': clientSecret});
  t.same(settings.secrets, [clientSecret]);
  t.equal(
    settings.limiter,
    httpSettings(new OpenPanelConfiguration({clientId, clientSecret})).limiter,
    'one limiter per client id',
  );
  t.equal(
    httpSettings(new OpenPanelConfiguration({clientId, clientSecret, rateLimit: false})).limiter,
    undefined,
  );
  const custom = new OpenPanelConfiguration({
    clientId,
    clientSecret,
    baseUrl: 'http://127.0.0.1:9/api?x=1#y',
    projectId: 'p1',
    rateLimit: {requests: 5, interval: 100},
    retry: {retries: 2},
    userAgent: 'me',
  });
  t.equal(custom.baseUrl.href, 'http://127.0.0.1:9/api');
  t.equal(custom.retry.retries, 2);
  t.equal(custom.projectId, 'p1');
  t.equal(new OpenPanelApi(custom).configuration, custom, 'an OpenPanelApi takes a configuration as it is');
});

t.test(
  'every bad setting names the option, the expected form and what it got, never the secret',
  async (t) => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        {clientId: clientId.toUpperCase()},
        'clientId',
        /a lower-case UUID \(OpenPanel rejects upper-case hex\), got "3F2B/,
      ],
      [{clientId: 'abc'}, 'clientId', /a UUID such as/],
      [{clientId: undefined}, 'clientId', /got undefined/],
      [{clientSecret: ''}, 'clientSecret', /a non-empty string, got a string of 0 characters/],
      [{clientSecret: 12345}, 'clientSecret', /a non-empty string, got 12345 \(number\)/],
      [{baseUrl: 'not a url'}, 'baseUrl', /an absolute http\(s\) URL, got "not a url"/],
      [{baseUrl: 'ftp://host'}, 'baseUrl', /without credentials/],
      [{baseUrl: 'https://user:pw@host'}, 'baseUrl', /without credentials/],
      [{projectId: ''}, 'projectId', /a non-empty string/],
      [{rateLimit: {requests: 0, interval: 10}}, 'rateLimit.requests', /an integer from 1/],
      [{rateLimit: true}, 'rateLimit', /an object/],
      [{retry: {retries: -1}}, 'retry.retries', /an integer from 0 to 1000/],
      [{retry: {tries: 1}}, 'retry.tries', /one of the known options/],
      [{headersTimeout: 0}, 'headersTimeout', /an integer from 1 to 2147483647/],
      [{bodyTimeout: 1.5}, 'bodyTimeout', /an integer/],
      [{requestTimeout: 2 ** 31}, 'requestTimeout', /an integer/],
      [{dispatcher: {}}, 'dispatcher', /an undici Dispatcher/],
      [{userAgent: ''}, 'userAgent', /a non-empty string/],
      [{apiKey: 'x'}, 'configuration.apiKey', /one of the known options/],
    ];
    for (const [change, option, message] of cases) {
      const parameters = {clientId, clientSecret, ...change} as never;
      t.throws(
        () => new OpenPanelConfiguration(parameters),
        {name: 'InvalidOptionError', option, message},
        option,
      );
      try {
        new OpenPanelApi(parameters);
      } catch (error) {
        t.notMatch((error as Error).message, clientSecret.slice(4), `${option}: no secret in the message`);
      }
    }
    t.throws(() => new OpenPanelConfiguration(null as never), {
      code: 'ERR_EXPORT_INVALID_OPTION',
      option: 'configuration',
    });
    t.throws(
      () =>
        new OpenPanelConfiguration({
          clientId,
          clientSecret: 'a secret that is long enough'.padEnd(70, 'z'),
          retry: 3 as never,
        }),
      {option: 'retry', message: /got 3 \(number\)/},
    );
  },
);

t.test('export options are checked at the call, naming the option', async (t) => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{pageSize: 0}, 'pageSize', /^Expected `pageSize` to be an integer from 1 to 1000, got 0 \(number\)$/],
    [{pageSize: 1001}, 'pageSize', /1 to 1000/],
    [{start: 'yesterday'}, 'start', /ISO-8601/],
    [{start: '2026-11-02', end: '2026-11-01'}, 'end', /after `start`/],
    [{events: []}, 'events', /a non-empty array of strings/],
    [{events: ['a', '']}, 'events[1]', /a non-empty string/],
    [{includes: 'properties'}, 'includes', /a non-empty array/],
    [{profileId: 5}, 'profileId', /a non-empty string/],
    [{projectId: ''}, 'projectId', /a non-empty string/],
    [{filters: {}}, 'filters', /an array of filters/],
    [{filters: [null]}, 'filters[0]', /an object/],
    [{filters: [{operator: 'is', value: []}]}, 'filters[0].name', /a non-empty string/],
    [{filters: [{name: 'a', operator: 'equals', value: []}]}, 'filters[0].operator', /one of is, isNot/],
    [{filters: [{name: 'a', operator: 'is', value: 'x'}]}, 'filters[0].value', /an array of values/],
    [{cursor: 'junk'}, 'cursor', /a cursor made by an OpenPanel events export/],
    [{type: 'x'}, 'options.type', /one of the known options/],
  ];
  const api = new OpenPanelApi({clientId, clientSecret, baseUrl: 'http://127.0.0.1:9'});
  for (const [options, option, message] of cases) {
    t.throws(
      () => api.exportEvents(options as never),
      {code: 'ERR_EXPORT_INVALID_OPTION', option, message},
      option,
    );
  }
  t.throws(
    () => api.exportEvents({prefetch: 101}),
    {code: 'ERR_EXPORT_INVALID_OPTION', option: 'prefetch'},
    'stream options by the stream',
  );
  t.throws(() => resolveEventsQuery('x', undefined), InvalidOptionError);
});

t.test(
  'a cursor only continues an export of the same filters; the order of names does not matter',
  async (t) => {
    const query = resolveEventsQuery({events: ['b', 'a', 'b'], start: '2026-11-01T06:00:00Z'}, 'p1');
    t.same(query.events, ['a', 'b']);
    t.equal(query.initial.start, Date.parse('2026-11-01T06:00:00Z'));
    t.equal(query.initial.until, null);
    t.equal(query.pageSize, 1000);
    const cursor = encodeCursor({...query.initial, end: query.initial.start + 99, offset: 2000});
    const resumed = resolveEventsQuery({events: ['a', 'b'], cursor, start: '2020-01-01'}, 'p1');
    t.same(resumed.initial, decodeCursor(cursor), 'the cursor carries the window');
    t.throws(() => resolveEventsQuery({events: ['a'], cursor}, 'p1'), {
      option: 'cursor',
      message: /a cursor of an export with the same `events`, `profileId`, `filters` and `projectId`/,
    });
    t.throws(
      () => resolveEventsQuery({events: ['a', 'b'], cursor}, 'p2'),
      {code: 'ERR_EXPORT_INVALID_OPTION', option: 'cursor'},
      'another project',
    );
  },
);

t.test('values the server would turn into numbers, booleans or JSON are sent JSON-quoted', async (t) => {
  for (const value of ['12345', '-1', '1.5', 'true', 'false', 'null', '[1]', '{"a":1}', '"x"']) {
    t.equal(wireString(value), JSON.stringify(value), value);
  }
  for (const value of ['screen_view', '12a', '1.', 'abc-1', '2026-11-01', 'user@example.com']) {
    t.equal(wireString(value), value, value);
  }
  const state = {
    query: 'q',
    start: 0,
    end: Date.parse('2026-11-02T00:00:00Z'),
    until: null,
    offset: 2000,
    total: 0,
    last: null,
  };
  const url = eventsUrl(
    new URL('https://op.example/api/'),
    {
      events: ['a'],
      profileId: '7',
      includes: ['properties', 'profile'],
      filters: [{name: 'path', operator: 'is', value: ['/']}],
      projectId: '42',
      pageSize: 1000,
      initial: state,
    },
    state,
  );
  t.equal(
    url.href,
    'https://op.example/api/export/events?projectId=%2242%22&profileId=%227%22&event=a&start=1970-01-01&end=2026-11-01' +
      '&page=3&limit=1000&includes=properties&includes=profile' +
      '&filters=%5B%7B%22name%22%3A%22path%22%2C%22operator%22%3A%22is%22%2C%22value%22%3A%5B%22%2F%22%5D%7D%5D',
  );
  const chart = chartUrl(
    new URL('https://op.example'),
    {
      series: [{name: 'a'}],
      interval: 'day',
      startDate: '2026',
      breakdowns: [{name: 'country'}],
      previous: true,
    },
    undefined,
  );
  t.same(Object.fromEntries(chart.searchParams), {
    series: '[{"name":"a"}]',
    interval: 'day',
    startDate: '"2026"',
    breakdowns: '[{"name":"country"}]',
    previous: 'true',
  });
});

t.test('error bodies read as one line in OpenPanel words', async (t) => {
  t.equal(
    describeOpenPanelProblem({error: 'Unauthorized', message: 'Export: Invalid client secret'}),
    'Unauthorized: Export: Invalid client secret',
  );
  t.equal(
    describeOpenPanelProblem({status: 403, message: 'You do not have access to this project'}),
    'You do not have access to this project',
  );
  t.equal(describeOpenPanelProblem({detail: 'Internal server error'}), 'Internal server error');
  t.equal(
    describeOpenPanelProblem({
      error: 'Bad Request',
      message: 'Invalid query parameters',
      details: [
        {path: ['limit'], message: 'Expected number, received nan'},
        {message: 'bad'},
        'plain',
        7,
        {path: []},
      ],
    }),
    'Bad Request: Invalid query parameters (limit: Expected number, received nan; bad; plain)',
  );
});

t.test('a body that is not an events page is a ProtocolError naming the envelope', async (t) => {
  const bodies = [
    '{}',
    '{"data":[],"meta":{}}',
    '{"data":{},"meta":{"totalCount":1}}',
    '[]',
    'null',
    '{"data":[],"meta":{"totalCount":-1}}',
  ];
  let index = 0;
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(bodies[index++]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const {port} = server.address() as AddressInfo;
  const api = new OpenPanelApi({
    clientId,
    clientSecret,
    baseUrl: `http://127.0.0.1:${port}`,
    rateLimit: false,
  });
  for (const body of bodies) {
    await t.rejects(
      api.exportEvents({}).toArray(),
      {
        code: 'ERR_EXPORT_PROTOCOL',
        message:
          /^exportEvents GET \/export\/events\?start=.* broke the protocol: the response is not an object with a `data` array and a `meta.totalCount` count$/,
      },
      body,
    );
  }
});

import t from 'tap';
import {InvalidOptionError} from '../lib/core/errors.js';
import {parseRequest, RequestValidationError} from '../lib/requests/index.js';

type Json = Record<string, unknown>;

const valid = (): Json => ({
  name: 'daily-orders',
  type: 'recurring',
  periodicity: 'P1D',
  format: {
    extension: 'csv',
    timezone: 'Europe/Rome',
    columns: [{id: 'timestamp', label: 'Ora'}, {id: 'id|eventId'}],
  },
  items: [{provider: 'croct', resource: 'events', events: ['orderPlaced']}],
});

const oneTime = (): Json => {
  const {periodicity: _, ...rest} = valid();
  return {...rest, type: 'oneTime', from: '2026-11-01T00:00:00', to: '2026-11-02T00:00:00'};
};

const item = (extra: Json, provider = 'croct', resource = 'events'): Json => ({
  ...valid(),
  items: [{provider, resource, ...extra}],
});
const format = (extra: Json): Json => ({...valid(), format: {extension: 'csv', ...extra}});
const notify = (notification: unknown): Json => ({...valid(), notification});
const message = (extra: Json): Json =>
  notify({messages: [{policy: 'onSuccess', medium: 'slack', text: 'done', ...extra}]});
const without = (json: Json, key: string): Json => {
  const copy = {...json};
  delete copy[key];
  return copy;
};

const timeForm =
  'an ISO 8601 date-time such as "2026-11-01T00:00:00" (offset optional) or a number of Unix seconds';
const durationForm = 'an ISO 8601 duration such as "PT15M", "PT1H", "P1D", "P1W", "P1M" or "P1Y2M"';
const unknownField = (known: string) =>
  `one of the known fields (${known}); unknown fields are errors, not ignored`;
const croctFields = 'provider, resource, filename, label, baseUrl, pageSize, events';

// [what, request, path, expected form, received as shown]
const cases: [string, unknown, string, string, string][] = [
  ['the request is not an object', 3, '', 'an object', '3 (number)'],
  [
    'an unknown top-level field',
    {...valid(), colour: 'red'},
    'colour',
    unknownField(
      '$schema, name, type, periodicity, periodStart, delay, from, to, period, format, items, notification',
    ),
    '"colour"',
  ],
  [
    'a missing name',
    without(valid(), 'name'),
    'name',
    'a name of 1 to 100 letters, digits, ".", "_" or "-" that does not start with "." or "-", such as "daily-orders"',
    'nothing (the field is missing)',
  ],
  [
    'a name with a slash',
    {...valid(), name: 'a/b'},
    'name',
    'a name of 1 to 100 letters, digits, ".", "_" or "-" that does not start with "." or "-", such as "daily-orders"',
    '"a/b"',
  ],
  ['an unknown type', {...valid(), type: 'weekly'}, 'type', 'one of "oneTime", "recurring"', '"weekly"'],
  ['a malformed periodicity', {...valid(), periodicity: 'P1X'}, 'periodicity', durationForm, '"P1X"'],
  [
    'a zero periodicity',
    {...valid(), periodicity: 'P0D'},
    'periodicity',
    'a duration longer than zero, such as "P1D"',
    '"P0D"',
  ],
  [
    'a periodStart with a space',
    {...valid(), periodStart: '2026-11-01 00:00'},
    'periodStart',
    timeForm,
    '"2026-11-01 00:00"',
  ],
  ['a negative periodStart', {...valid(), periodStart: -5}, 'periodStart', timeForm, '-5 (number)'],
  ['a fractional periodStart', {...valid(), periodStart: 1.5}, 'periodStart', timeForm, '1.5 (number)'],
  [
    'a periodStart on 30 February',
    {...valid(), periodStart: '2026-02-30T00:00:00'},
    'periodStart',
    'a real date and time (no 30 February, no hour 24)',
    '"2026-02-30T00:00:00"',
  ],
  ['a malformed delay', {...valid(), delay: 'soon'}, 'delay', durationForm, '"soon"'],
  [
    'a recurring request without periodicity',
    without(valid(), 'periodicity'),
    'periodicity',
    'an ISO 8601 duration such as "P1D" in a recurring request',
    'nothing (the field is missing)',
  ],
  [
    'a recurring request with from',
    {...valid(), from: '2026-11-01'},
    'from',
    'absent in a recurring request (its windows come from periodicity and periodStart)',
    '"2026-11-01"',
  ],
  [
    'a one-time request with periodicity',
    {...oneTime(), periodicity: 'P1D'},
    'periodicity',
    'absent in a one-time request (use from/to, or period)',
    '"P1D"',
  ],
  [
    'a one-time request with both period and from',
    {...oneTime(), period: 'P1D'},
    'from',
    'absent with period (a period ends at the first run)',
    '"2026-11-01T00:00:00"',
  ],
  [
    'a one-time request with neither from nor period',
    without(without(oneTime(), 'from'), 'to'),
    'from',
    'a start (with an optional to), or a period instead, in a one-time request',
    'nothing (the field is missing)',
  ],
  [
    'a one-time request that ends before it starts',
    {...oneTime(), to: '2026-10-31T00:00:00'},
    'to',
    'a time after from (2026-10-31T23:00:00.000Z)',
    '"2026-10-31T00:00:00"',
  ],
  [
    'a zero period',
    {...without(without(oneTime(), 'from'), 'to'), period: 'PT0S'},
    'period',
    'a duration longer than zero, such as "P1D"',
    '"PT0S"',
  ],
  ['a missing format', without(valid(), 'format'), 'format', 'an object', 'nothing (the field is missing)'],
  ['a format that is a string', {...valid(), format: 'csv'}, 'format', 'an object', '"csv"'],
  [
    'an unknown extension',
    format({extension: 'docx'}),
    'format.extension',
    'one of "csv", "json", "ndjson", "xlsx", "xls", "pdf"',
    '"docx"',
  ],
  [
    'an unknown format field',
    format({sheet: 'x'}),
    'format.sheet',
    unknownField('extension, timezone, columns, csvDelimiter, bom, filename'),
    '"sheet"',
  ],
  ['an empty time zone', format({timezone: ''}), 'format.timezone', 'a string of 1 to 100 characters', '""'],
  [
    'an unknown time zone',
    format({timezone: 'Mars/Olympus'}),
    'format.timezone',
    'an IANA time zone such as "Europe/Rome" or "UTC"',
    '"Mars/Olympus"',
  ],
  [
    'no columns',
    format({columns: []}),
    'format.columns',
    'a list of 1 to 500 columns',
    'an array of length 0',
  ],
  ['columns as a string', format({columns: 'a,b'}), 'format.columns', 'a list of 1 to 500 columns', '"a,b"'],
  ['a column that is a string', format({columns: ['a']}), 'format.columns[0]', 'an object', '"a"'],
  [
    'a column with an empty id',
    format({columns: [{id: 'a'}, {id: 'b'}, {id: ''}]}),
    'format.columns[2].id',
    'a dotted path such as "payload.order.total" (alternatives separated by "|")',
    '""',
  ],
  [
    'a column id with an empty step',
    format({columns: [{id: 'payload..total'}]}),
    'format.columns[0].id',
    'a dotted path such as "payload.order.total" (alternatives separated by "|")',
    '"payload..total"',
  ],
  [
    'a column without an id',
    format({columns: [{label: 'x'}]}),
    'format.columns[0].id',
    'a dotted path such as "payload.order.total" (alternatives separated by "|")',
    'nothing (the field is missing)',
  ],
  [
    'a column with an empty label',
    format({columns: [{id: 'a', label: ''}]}),
    'format.columns[0].label',
    'a string of 1 to 200 characters',
    '""',
  ],
  [
    'two columns with one label',
    format({columns: [{id: 'a', label: 'A'}, {id: 'A'}]}),
    'format.columns[1].label',
    'a label no other column has',
    '"A"',
  ],
  [
    'an unknown column field',
    format({columns: [{id: 'a', width: 3}]}),
    'format.columns[0].width',
    unknownField('id, label'),
    '"width"',
  ],
  [
    'a two-character delimiter',
    format({csvDelimiter: ';;'}),
    'format.csvDelimiter',
    'one character other than a quote or a line break, such as ";" or "\\t"',
    '";;"',
  ],
  [
    'a delimiter for xlsx',
    format({extension: 'xlsx', csvDelimiter: ';'}),
    'format.csvDelimiter',
    'absent: it applies to "csv" only',
    '";"',
  ],
  ['a bom that is a string', format({bom: 'yes'}), 'format.bom', 'a boolean', '"yes"'],
  [
    'a bom for json',
    format({extension: 'json', bom: true}),
    'format.bom',
    'absent: it applies to "csv" only',
    'true (boolean)',
  ],
  [
    'a hidden file name',
    format({filename: '.hidden'}),
    'format.filename',
    'a name of 1 to 100 letters, digits, ".", "_" or "-" that does not start with "." or "-", such as "daily-orders"',
    '".hidden"',
  ],
  ['no items', {...valid(), items: []}, 'items', 'a list of 1 to 100 items', 'an array of length 0'],
  ['an item that is a number', {...valid(), items: [3]}, 'items[0]', 'an object', '3 (number)'],
  [
    'an item without a provider',
    {...valid(), items: [{resource: 'events'}]},
    'items[0].provider',
    'one of "croct", "openpanel", "coveo"',
    'nothing (the field is missing)',
  ],
  [
    'an item without a resource',
    {...valid(), items: [{provider: 'mixpanel'}]},
    'items[0].resource',
    'a resource such as "events"',
    'nothing (the field is missing)',
  ],
  [
    'an unknown provider',
    item({}, 'mixpanel'),
    'items[0].provider',
    'one of "croct", "openpanel", "coveo"',
    '"mixpanel"',
  ],
  [
    'an unknown Croct resource',
    item({}, 'croct', 'evnts'),
    'items[0].resource',
    'one of "events", "sessions", "users"',
    '"evnts"',
  ],
  ['an unknown Croct filter', item({types: ['a']}), 'items[0].types', unknownField(croctFields), '"types"'],
  [
    'an empty event list',
    item({events: []}),
    'items[0].events',
    'a non-empty list of distinct event types',
    'an array of length 0',
  ],
  [
    'an event type with a space',
    item({events: ['order placed']}),
    'items[0].events[0]',
    'an event type such as "orderPlaced"',
    '"order placed"',
  ],
  [
    'an event type twice',
    item({events: ['a', 'a']}),
    'items[0].events',
    'a non-empty list of distinct event types',
    'an array of length 2',
  ],
  [
    'event types for sessions',
    item({events: ['a']}, 'croct', 'sessions'),
    'items[0].events',
    'absent: only events have event types',
    'an array of length 1',
  ],
  ['a zero page size', item({pageSize: 0}), 'items[0].pageSize', 'an integer from 1 to 1000', '0 (number)'],
  [
    'a fractional page size',
    item({pageSize: 1.5}),
    'items[0].pageSize',
    'an integer from 1 to 1000',
    '1.5 (number)',
  ],
  [
    'an ftp base URL',
    item({baseUrl: 'ftp://example.com'}),
    'items[0].baseUrl',
    'an http(s) URL such as "https://api.example.com"',
    'a string of 17 characters',
  ],
  ['an empty item label', item({label: ''}), 'items[0].label', 'a string of 1 to 200 characters', '""'],
  [
    'two items with one file name',
    {
      ...valid(),
      items: [
        {provider: 'croct', resource: 'users'},
        {provider: 'croct', resource: 'users'},
      ],
    },
    'items[1].filename',
    'a file name no other item has (set filename on one of them)',
    '"croct-users"',
  ],
  [
    'an OpenPanel resource it lacks',
    item({}, 'openpanel', 'sessions'),
    'items[0].resource',
    'one of "events"',
    '"sessions"',
  ],
  [
    'an unknown OpenPanel filter operator',
    item({filters: [{name: 'path', operator: 'bad', value: ['/']}]}, 'openpanel'),
    'items[0].filters[0].operator',
    'one of "is", "isNot", "contains", "doesNotContain", "startsWith", "endsWith", "regex", "isNull", "isNotNull", "gt", "lt", "gte", "lte", "inCohort", "notInCohort"',
    '"bad"',
  ],
  [
    'an OpenPanel filter without values',
    item({filters: [{name: 'path', operator: 'is'}]}, 'openpanel'),
    'items[0].filters[0].value',
    'a list of values',
    'nothing (the field is missing)',
  ],
  [
    'an OpenPanel filter value that is an object',
    item({filters: [{name: 'path', operator: 'is', value: [{}]}]}, 'openpanel'),
    'items[0].filters[0].value[0]',
    'a string, number, boolean or null',
    'an object',
  ],
  [
    'OpenPanel filters as an object',
    item({filters: {path: '/'}}, 'openpanel'),
    'items[0].filters',
    'a list of filters',
    'an object',
  ],
  [
    'no OpenPanel includes',
    item({includes: []}, 'openpanel'),
    'items[0].includes',
    'a non-empty list of distinct names',
    'an array of length 0',
  ],
  [
    'a lower-case Coveo table',
    item({tables: ['searches']}, 'coveo', 'rows'),
    'items[0].tables[0]',
    'one of "SEARCHES", "CLICKS", "CUSTOM_EVENTS", "KEYWORDS", "GROUPS", "ALL_EVENTS"',
    '"searches"',
  ],
  [
    'an unknown Coveo filter kind',
    item({filters: {clicks: ['x']}}, 'coveo', 'rows'),
    'items[0].filters.clicks',
    unknownField('common, searches, customEvents'),
    '"clicks"',
  ],
  ['a notification that is a string', notify('ops'), 'notification', 'an object', '"ops"'],
  [
    'a short-form notification without text',
    notify({medium: 'email'}),
    'notification.text',
    'a string of 1 to 10000 characters',
    'nothing (the field is missing)',
  ],
  [
    'a short-form notification with a policy',
    notify({medium: 'email', text: 'x', policy: 'onFailure'}),
    'notification.policy',
    unknownField('medium, target, title, text'),
    '"policy"',
  ],
  [
    'messages that are not a list',
    notify({messages: {}}),
    'notification.messages',
    'a list of up to 50 messages',
    'an object',
  ],
  [
    'an unknown policy',
    message({policy: 'always'}),
    'notification.messages[0].policy',
    'one of "onSuccess", "onFailure"',
    '"always"',
  ],
  [
    'an unknown medium',
    message({medium: 'pigeon'}),
    'notification.messages[0].medium',
    'one of "email", "slack", "discord", "telegram"',
    '"pigeon"',
  ],
  [
    'a numeric target',
    message({target: 5}),
    'notification.messages[0].target',
    'a string of 1 to 2000 characters',
    '5 (number)',
  ],
  [
    'an empty title',
    message({title: ''}),
    'notification.messages[0].title',
    'a string of 1 to 1000 characters',
    '""',
  ],
  [
    'a notification field next to messages',
    notify({messages: [], medium: 'email'}),
    'notification.medium',
    unknownField('messages'),
    '"medium"',
  ],
];

t.test('every schema error names the JSON path, the expected form and the value received', async (t) => {
  for (const [what, json, path, expected, received] of cases) {
    const error = t.throws(() => parseRequest(json, {source: 'daily.json'}), what) as RequestValidationError;
    t.ok(
      error instanceof RequestValidationError && error instanceof InvalidOptionError,
      `${what}: the error family`,
    );
    t.equal(error.code, 'ERR_EXPORT_INVALID_OPTION', `${what}: code`);
    t.equal(error.path, path, `${what}: path`);
    t.equal(error.option, path === '' ? 'request' : path, `${what}: option`);
    t.equal(error.expected, expected, `${what}: expected`);
    t.equal(error.source, 'daily.json');
    t.equal(
      error.message,
      `daily.json: ${path === '' ? 'the request' : path}: expected ${expected}, got ${received}`,
      what,
    );
  }
});

t.test('the message shows no value that may be a secret, only its length', async (t) => {
  const hook = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
  const secrets: [unknown, string][] = [
    [message({target: `${hook} `.repeat(100)}), 'notification.messages[0].target'],
    [item({baseUrl: 'https://user:hunter2@example.com/x y'}), 'items[0].baseUrl'],
    [{...valid(), name: 'https://user:hunter2@example.com'}, 'name'],
    [{...valid(), type: 'abcdefABCDEF0123456789abcdefXYZ_'}, 'type'],
    [{...valid(), type: '3f2b1c9e-1111-4222-8333-444455556666'}, 'type'],
  ];
  for (const [json, path] of secrets) {
    const error = t.throws(() => parseRequest(json)) as RequestValidationError;
    t.equal(error.path, path);
    t.match(error.message, /got a string of \d+ characters$/, path);
    t.notMatch(error.message, /hunter2|XXXX|3f2b1c9e|abcdefABCDEF/, path);
  }
});

t.test('a long value is truncated and the message has no source without one', async (t) => {
  const error = t.throws(() => parseRequest(message({title: 'ab '.repeat(400)}))) as RequestValidationError;
  t.equal(
    error.message,
    `notification.messages[0].title: expected a string of 1 to 1000 characters, got "${'ab '.repeat(19)}..."`,
  );
  t.equal(error.source, undefined);
  t.equal(error.name, 'RequestValidationError');
});

t.test('an odd unknown key is quoted in the path', async (t) => {
  const error = t.throws(() => parseRequest({...valid(), format: {extension: 'csv', 'odd key': 1}}));
  t.equal((error as RequestValidationError).path, 'format["odd key"]');
});

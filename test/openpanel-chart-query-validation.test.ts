import t from 'tap';
import {OpenPanelApi} from '../lib/openpanel/export-api.js';

const api = new OpenPanelApi({
  clientId: '0a1b2c3d-0000-4000-8000-00000000abcd',
  clientSecret: 'secret-value',
  baseUrl: 'http://127.0.0.1:9',
  rateLimit: false,
  retry: {retries: 0},
});

const bad: [string, unknown, string, RegExp][] = [
  ['a query that is not an object', 'screen_view', 'query', /an object/],
  ['a misspelt key (rnage)', {series: [{name: 'a'}], rnage: '7d'}, 'query.rnage', /one of the known options/],
  ['an unknown interval', {series: [{name: 'a'}], interval: 'yearly'}, 'query.interval', /minute, hour, day/],
  ['an unknown range', {series: [{name: 'a'}], range: 'forever'}, 'query.range', /30min, lastHour.*custom/],
  ['no series', {range: '7d'}, 'query.series', /a non-empty array of series/],
  ['a series that is not an object', {series: ['a']}, 'query.series[0]', /an object/],
  ['a series without a name', {series: [{}]}, 'query.series[0].name', /a non-empty string/],
  ['a series with a number name', {series: [{name: 'a'}, {name: 7}]}, 'query.series[1].name', /string/],
  ['an unknown segment', {series: [{name: 'a', segment: 'all'}]}, 'query.series[0].segment', /user_average/],
  [
    'a property that is not a string',
    {series: [{name: 'a', property: 1}]},
    'query.series[0].property',
    /string/,
  ],
  [
    'a filter with an unknown operator',
    {series: [{name: 'a', filters: [{name: 'path', operator: 'like', value: ['/']}]}]},
    'query.series[0].filters[0].operator',
    /startsWith/,
  ],
  [
    'breakdowns that are not an array',
    {series: [{name: 'a'}], breakdowns: 'country'},
    'query.breakdowns',
    /array/,
  ],
  [
    'a breakdown without a name',
    {series: [{name: 'a'}], breakdowns: [{id: 'x'}]},
    'query.breakdowns[0].name',
    /string/,
  ],
  [
    'a previous that is not a boolean',
    {series: [{name: 'a'}], previous: 'yes'},
    'query.previous',
    /a boolean/,
  ],
  ['a startDate that is not a string', {series: [{name: 'a'}], startDate: 5}, 'query.startDate', /string/],
  ['a projectId that is not a string', {series: [{name: 'a'}], projectId: 42}, 'query.projectId', /string/],
];

for (const [what, query, option, message] of bad) {
  t.test(`exportChart refuses ${what} at the call, naming \`${option}\``, async (t) => {
    t.throws(() => api.exportChart(query as never), {name: 'InvalidOptionError', option, message});
  });
}

t.test('exportChart refuses an unknown option, also at the call', async (t) => {
  t.throws(() => api.exportChart({series: [{name: 'a'}]}, {sigal: 1} as never), {
    name: 'InvalidOptionError',
    option: 'options.sigal',
  });
});

t.test('a query with every field valid passes the checks and goes to the network', async (t) => {
  const chart = api.exportChart({
    series: [
      {name: 'a', segment: 'property_sum', property: 'properties.price', filters: []},
      {name: 'b', filters: [{name: 'path', operator: 'is', value: ['/']}]},
    ],
    interval: 'week',
    range: 'custom',
    breakdowns: [{name: 'country'}],
    previous: true,
    startDate: '2026-11-01',
    endDate: '2026-11-24',
    projectId: 'p1',
  });
  // Port 9 refuses the connection: the request was made, so the query was accepted.
  await t.rejects(chart, {code: 'ERR_EXPORT_NETWORK'});
});

import t from 'tap';
import {CsvRecords} from '../lib/coveo/csv-records.js';
import {CoveoApi, CoveoConfiguration, describeCoveoProblem} from '../lib/coveo/index.js';
import {tableOf} from '../lib/coveo/zip-tables.js';

const api = new CoveoApi({accessToken: 'xx-token-0123456789abcdef'});
const window = {from: '2026-11-01', to: '2026-11-02'};

t.test('bad options throw at the call, naming the option, the expected form and the value', async (t) => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{to: window.to}, 'from', /^Expected `from` to be the start of the window .*, got undefined$/],
    [{from: window.from}, 'to', /^Expected `to` to be the end of the window/],
    [
      {from: window.to, to: window.from},
      'to',
      /^Expected `to` to be after `from` \(2026-11-02T00:00:00.000Z\), got "2026-11-01"$/,
    ],
    [
      {...window, tables: ['SEARCHES', 'VISITS']},
      'tables[1]',
      /one of 'SEARCHES', 'CLICKS', 'CUSTOM_EVENTS', 'KEYWORDS', 'GROUPS', 'ALL_EVENTS', got "VISITS"/,
    ],
    [{...window, tables: []}, 'tables', /a non-empty array of strings, got an array of length 0/],
    [{...window, dimensions: [1]}, 'dimensions[0]', /a non-empty string, got 1 \(number\)/],
    [{...window, filters: {common: 'x'}}, 'filters.common', /a non-empty array of strings/],
    [
      {...window, filters: {visits: ['x']}},
      'filters.visits',
      /one of the known options \(common, searches, customEvents\)/,
    ],
    [{...window, filters: []}, 'filters', /an object, got an array/],
    [{...window, format: 'excel'}, 'format', /one of 'EXCEL', 'NO_NEWLINE', got "excel"/],
    [{...window, useDisplayNames: 'yes'}, 'useDisplayNames', /a boolean/],
    [{...window, filename: 'été'}, 'filename', /a US-ASCII file name/],
    [{...window, description: ''}, 'description', /a non-empty string/],
    [{exportId: 'e', from: window.from}, 'from', /left out with `exportId`/],
    [{exportId: ''}, 'exportId', /a non-empty string/],
    [{...window, pollInterval: 0}, 'pollInterval', /an integer from 1 to 2147483647, got 0/],
    [{...window, pollInterval: 100, maxPollInterval: 50}, 'maxPollInterval', /an integer from 100 to/],
    [{...window, maxWait: -1}, 'maxWait', /an integer of at least 0/],
    [{...window, split: 1}, 'split', /a boolean/],
    [{...window, pageSize: 100_001}, 'pageSize', /an integer from 1 to 100000/],
    [{...window, tempDir: 'tmp'}, 'tempDir', /an absolute directory path, got "tmp"/],
    [{...window, tempDir: 3}, 'tempDir', /a non-empty string/],
    [{...window, prefetch: -1}, 'prefetch', /an integer from 0 to 100/],
    [{...window, page: 2}, 'options.page', /one of the known options/],
  ];
  for (const [options, option, message] of cases) {
    t.throws(() => api.exportRows(options), {name: 'InvalidOptionError', option, message}, option);
  }
  t.throws(() => api.exportRows(null as never), {name: 'InvalidOptionError', option: 'options'});
});

t.test('the promise methods check their arguments at the call', async (t) => {
  t.throws(() => api.getExport(''), {name: 'InvalidOptionError', option: 'exportId'});
  t.throws(() => api.deleteExport(3 as never), {name: 'InvalidOptionError', option: 'exportId'});
  t.throws(() => api.createExport({from: window.from} as never), {name: 'InvalidOptionError', option: 'to'});
  t.throws(() => api.estimate({...window, format: 'EXCEL'} as never), {
    name: 'InvalidOptionError',
    option: 'query.format',
  });
  t.throws(() => api.rowLimit({signal: 'x'} as never), {name: 'InvalidOptionError', option: 'signal'});
  t.throws(() => api.listExports({timeout: 1} as never), {
    name: 'InvalidOptionError',
    option: 'options.timeout',
  });
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  await t.rejects(api.rowLimit({signal: controller.signal}), {message: 'stop'});
});

t.test('the configuration checks the token without quoting it, and keeps it off the object', async (t) => {
  for (const accessToken of [undefined, '', 'has space', 'tab\t', 42]) {
    t.throws(() => new CoveoConfiguration({accessToken} as never), {
      name: 'InvalidOptionError',
      option: 'accessToken',
      message: /^Expected `accessToken` to be a non-empty string of printable ASCII without spaces/,
    });
  }
  t.throws(() => new CoveoConfiguration({accessToken: 'has a secret space'}), {
    message: /got a string of 18 characters$/,
  });
  t.throws(() => new CoveoConfiguration({accessToken: 'ok-token', organizationId: ''}), {
    name: 'InvalidOptionError',
    option: 'organizationId',
  });
  t.throws(() => new CoveoConfiguration({accessToken: 'ok-token', region: 'eu'} as never), {
    name: 'InvalidOptionError',
    option: 'configuration.region',
  });
  t.throws(() => new CoveoConfiguration({accessToken: 'ok-token', rateLimit: {requests: 0}} as never), {
    name: 'InvalidOptionError',
    option: /^rateLimit/,
  });
  const configuration = new CoveoConfiguration({
    accessToken: 'secret-token-value',
    rateLimit: {requests: 10, interval: 1000},
    baseUrl: 'https://platform-eu.cloud.coveo.com/rest/ua/',
  });
  t.notMatch(JSON.stringify(configuration), /secret-token-value/);
  t.equal(configuration.baseUrl.href, 'https://platform-eu.cloud.coveo.com/rest/ua/');
  t.same(configuration.rateLimit, {requests: 10, interval: 1000});
  t.equal(new CoveoApi(configuration).configuration, configuration);
  t.equal(
    new CoveoApi({accessToken: 'ok-token'}).configuration.baseUrl.href,
    'https://analytics.cloud.coveo.com/rest/ua',
  );
});

t.test('a shared rate limiter paces every client of one token', async (t) => {
  const {rawServer, sendJson} = await import('./helpers/raw-server.js');
  const server = await rawServer(t, (_request, response) =>
    sendJson(response, 200, {exportRowCountLimit: 3}),
  );
  const rateLimit = {requests: 2, interval: 60_000};
  const first = new CoveoApi({accessToken: 'limited-token', baseUrl: server.url, rateLimit});
  const second = new CoveoApi({accessToken: 'limited-token', baseUrl: server.url, rateLimit});
  t.equal(await first.rowLimit(), 3);
  t.equal(await second.rowLimit(), 3);
  const controller = new AbortController();
  const third = first.rowLimit({signal: controller.signal});
  setTimeout(() => controller.abort(new Error('waited')), 30);
  await t.rejects(third, {message: 'waited'}, 'the third request of the minute waits for a slot');
  t.equal(server.requests(), 2);
});

t.test('error bodies in every shape read as one line', async (t) => {
  t.equal(describeCoveoProblem({message: 'Nope.', type: 'ACCESS_DENIED'}), 'Nope. [ACCESS_DENIED]');
  t.equal(describeCoveoProblem({errorCode: 'NOT_FOUND', message: 'No export.'}), 'No export. [NOT_FOUND]');
  t.equal(describeCoveoProblem({title: 'Bad', detail: 'Worse'}), 'Worse [Bad]');
  t.equal(describeCoveoProblem({code: 'X'}), '[X]');
  t.equal(describeCoveoProblem({detail: ' '}), '');
  t.equal(
    describeCoveoProblem({detail: '<html><head><title>502 Bad Gateway</title></head><body>x</body></html>'}),
    'an HTML page: 502 Bad Gateway',
  );
  t.equal(
    describeCoveoProblem({
      detail: '<!DOCTYPE html><html><style>p{}</style><h1>Blocked&nbsp;by WAF</h1></html>',
    }),
    'an HTML page: Blocked by WAF',
  );
  t.equal(
    describeCoveoProblem({detail: `<Error><Message>${'y'.repeat(300)}</Message></Error>`}).length,
    'an XML body: '.length + 200,
  );
  t.equal(describeCoveoProblem({detail: '<html></html>'}), 'an HTML page');
});

t.test('the CSV reader: any chunking, quotes, CRLF or LF, a BOM, empty lines', async (t) => {
  const text = '\uFEFFa,b,c\r\n1,"x, ""y""\r\nz",\r\n\r\n"q"r,2,"3"\n4,,"a\nb"';
  const expected = [
    ['a', 'b', 'c'],
    ['1', 'x, "y"\r\nz', ''],
    ['qr', '2', '3'],
    ['4', '', 'a\nb'],
  ];
  const bytes = Buffer.from(text);
  for (const size of [1, 2, 3, 5, 8, bytes.length]) {
    const reader = new CsvRecords();
    const out: string[][] = [];
    for (let index = 0; index < bytes.length; index += size)
      reader.write(bytes.subarray(index, index + size), out);
    reader.end(out);
    t.same(out, expected, `chunks of ${size} bytes`);
  }
  const whole = new CsvRecords();
  const out: string[][] = [];
  whole.end(out);
  t.same(out, [], 'an empty file');
  const bomOnly = new CsvRecords();
  bomOnly.write(Buffer.from([0xef, 0xbb]), out);
  bomOnly.end(out);
  t.same(out, [['\uFFFD']], 'a cut BOM is text');
});

t.test('a file name gives the table', async (t) => {
  t.equal(tableOf('searches.csv'), 'searches');
  t.equal(tableOf('export/Custom_Events.CSV'), 'custom_events');
  t.equal(tableOf('.hidden'), '.hidden');
  t.equal(tableOf('keywords'), 'keywords');
});

import {inspect} from 'node:util';
import t from 'tap';
import {Agent} from 'undici';
import {defaultRetryPolicy} from '../lib/core/retry.js';
import {Configuration, httpSettings} from '../lib/croct/configuration.js';
import {describeCroctProblem} from '../lib/croct/page-format.js';

const apiKey = '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10';

t.test('defaults', async (t) => {
  const configuration = new Configuration({apiKey});
  t.equal(configuration.baseUrl.href, 'https://api.croct.io/export');
  t.equal(configuration.timeUnit, 'milliseconds');
  t.equal(configuration.headersTimeout, 30_000);
  t.equal(configuration.bodyTimeout, 30_000);
  t.same(configuration.retry, defaultRetryPolicy);
  t.equal(configuration.parser, 'json');
  t.equal(configuration.dispatcher, undefined);
  t.equal(configuration.userAgent, 'export-stream');
  t.equal(configuration.compression, true);
  t.ok(Object.isFrozen(configuration));
});

t.test('every setting can be given; basePath is the official client’s name for baseUrl', async (t) => {
  const dispatcher = new Agent();
  t.teardown(() => dispatcher.close());
  const configuration = new Configuration({
    apiKey,
    basePath: 'http://127.0.0.1:4000/export/?x=1#y',
    timeUnit: 'seconds',
    headersTimeout: 5,
    bodyTimeout: 6,
    requestTimeout: 7,
    retry: {retries: 0, minDelay: 1},
    parser: 'incremental',
    dispatcher,
    userAgent: 'my-job/1.0',
  });
  t.equal(configuration.baseUrl.href, 'http://127.0.0.1:4000/export/');
  t.same(configuration.retry, {...defaultRetryPolicy, retries: 0, minDelay: 1});
  t.same(httpSettings(configuration), {
    dispatcher,
    headers: {
      'x-api-key': apiKey,
      accept: 'application/json',
      'user-agent': 'my-job/1.0',
      'accept-encoding': 'br, gzip, deflate',
    },
    headersTimeout: 5,
    bodyTimeout: 6,
    requestTimeout: 7,
    secrets: [apiKey],
    describe: describeCroctProblem,
  });
});

t.test('the API key never shows in inspection, JSON or spreads', async (t) => {
  const configuration = new Configuration({apiKey});
  t.notMatch(inspect(configuration, {depth: 10, showHidden: true}), apiKey);
  t.notMatch(JSON.stringify(configuration), apiKey);
  t.notMatch(JSON.stringify({...configuration}), apiKey);
});

t.test('bad settings are rejected at construction with one message shape', async (t) => {
  const cases: [unknown, RegExp][] = [
    [undefined, /^Expected `configuration` to be an object, got undefined$/],
    [{}, /^Expected `apiKey` to be a UUID such as 00000000-0000-4000-8000-000000000000, got undefined$/],
    [{apiKey: 'secret-but-not-a-uuid'}, /^Expected `apiKey` to be a UUID .*, got a string of 21 characters$/],
    [{apiKey, baseUrl: 'not a url'}, /^Expected `baseUrl` to be an absolute http\(s\) URL, got "not a url"$/],
    [{apiKey, baseUrl: 'ftp://x'}, /^Expected `baseUrl` to be an absolute http\(s\) URL without credentials/],
    [{apiKey, baseUrl: 'https://user:pw@x'}, /without credentials, got a string of 17 characters$/],
    [{apiKey, baseUrl: ''}, /^Expected `baseUrl` to be a non-empty string, got ""$/],
    [
      {apiKey, timeUnit: 'minutes'},
      /^Expected `timeUnit` to be one of 'milliseconds', 'seconds', got "minutes"$/,
    ],
    [
      {apiKey, headersTimeout: 0},
      /^Expected `headersTimeout` to be an integer from 1 to 2147483647, got 0 \(number\)$/,
    ],
    [
      {apiKey, bodyTimeout: 1.5},
      /^Expected `bodyTimeout` to be an integer from 1 to 2147483647, got 1.5 \(number\)$/,
    ],
    [{apiKey, retry: 3}, /^Expected `retry` to be an object, got 3 \(number\)$/],
    [{apiKey, retry: {retires: 3}}, /^Expected `retry.retires` to be one of the known options/],
    [{apiKey, retry: {retries: -1}}, /^Expected `retry.retries` to be an integer from 0 to 1000, got -1/],
    [{apiKey, retry: {factor: 0.5}}, /^Expected `retry.factor` to be a number of at least 1, got 0.5/],
    [
      {apiKey, retry: {minDelay: Number.NaN}},
      /^Expected `retry.minDelay` to be a number of at least 0, got NaN/,
    ],
    [{apiKey, parser: 'sax'}, /^Expected `parser` to be one of 'json', 'incremental', got "sax"$/],
    [{apiKey, dispatcher: {}}, /^Expected `dispatcher` to be an undici Dispatcher, got an object$/],
    [{apiKey, userAgent: ''}, /^Expected `userAgent` to be a non-empty string, got ""$/],
    [{apiKey, apikey: apiKey}, /^Expected `configuration.apikey` to be one of the known options/],
  ];
  for (const [parameters, message] of cases) {
    const error = t.throws(() => new Configuration(parameters as never), {
      code: 'ERR_EXPORT_INVALID_OPTION',
      message,
    });
    t.notMatch(String((error as Error)?.message), 'secret-but-not-a-uuid');
  }
});

t.test('compression can be turned off, and must be a boolean', async (t) => {
  const configuration = new Configuration({apiKey, compression: false});
  t.equal(configuration.compression, false);
  t.notOk('accept-encoding' in httpSettings(configuration).headers);
  t.throws(() => new Configuration({apiKey, compression: 'yes' as never}), {
    code: 'ERR_EXPORT_INVALID_OPTION',
    message: 'Expected `compression` to be a boolean, got "yes"',
  });
});

import {gzipSync} from 'node:zlib';
import t from 'tap';
import {Agent} from 'undici';
import {RequestError, RequestFailure} from '../lib/core/errors.js';
import {send} from '../lib/core/http.js';
import {DEFAULT_MAX_TEXT_BYTES, parseJson, readText} from '../lib/core/http-body.js';
import {httpPageFetcher, type PageRequestSettings} from '../lib/core/page-request.js';
import {croctPageFormat} from '../lib/croct/page-format.js';
import {rawServer} from './helpers/raw-server.js';

const context = {method: 'exportEvents', path: '/events', httpMethod: 'GET'};
const never = () => new AbortController().signal;
const hooks = {item: () => {}, retry: () => {}, emit: () => {}};

async function settingsFor(t: Parameters<typeof rawServer>[0], extra: Partial<PageRequestSettings> = {}) {
  const dispatcher = new Agent();
  t.teardown(() => dispatcher.destroy());
  const settings: PageRequestSettings = {
    dispatcher,
    headers: {},
    headersTimeout: 5000,
    bodyTimeout: 5000,
    requestTimeout: 5000,
    secrets: [],
    parser: 'json',
    retry: {retries: 3, minDelay: 0, maxDelay: 0, factor: 2, maxRetryAfter: 0, maxRetryTime: 60_000},
    ...extra,
  };
  return settings;
}

const bigPage = JSON.stringify({items: Array.from({length: 50}, (_, id) => ({id})), nextCursor: null});

t.test(
  'a JSON page larger than maxTextBytes fails with ERR_EXPORT_TOO_LARGE naming the incremental parser, not retried',
  async (t) => {
    for (const encoding of [undefined, 'gzip']) {
      const server = await rawServer(t, (_request, response) => {
        // Chunked, without a length: the size is only known while reading.
        response.writeHead(200, {
          'content-type': 'application/json',
          ...(encoding ? {'content-encoding': encoding} : {}),
        });
        const body = encoding ? gzipSync(bigPage) : Buffer.from(bigPage);
        response.write(body.subarray(0, 10));
        response.end(body.subarray(10));
      });
      const settings = await settingsFor(t, {maxTextBytes: 100});
      const fetchPage = httpPageFetcher(
        () => ({url: new URL(`${server.url}/events`)}),
        settings,
        'exportEvents',
        croctPageFormat,
      );
      const error = await fetchPage(undefined, never(), hooks).catch((reason: unknown) => reason);
      t.type(error, RequestFailure);
      t.notOk(error instanceof RequestError, 'not one of the transient request errors');
      t.match(error, {
        code: 'ERR_EXPORT_TOO_LARGE',
        message:
          /^exportEvents GET \/events failed: the body is larger than 100 bytes, more than one string can hold; use `parser: 'incremental'` for such pages$/,
      });
      t.equal(server.requests(), 1, `not retried (${encoding ?? 'identity'})`);
    }
  },
);

t.test('a JSON page announced larger than maxTextBytes is parsed incrementally instead', async (t) => {
  const server = await rawServer(t, (_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(bigPage)),
    });
    response.end(bigPage);
  });
  const settings = await settingsFor(t, {maxTextBytes: 100});
  const items: unknown[] = [];
  const fetchPage = httpPageFetcher(
    () => ({url: new URL(`${server.url}/events`)}),
    settings,
    'exportEvents',
    croctPageFormat,
  );
  const page = await fetchPage(undefined, never(), {...hooks, item: (item) => items.push(item)});
  t.equal(items.length, 50, 'handed over one by one');
  t.same(page, {nextCursor: null});
});

t.test('readText reads up to the default limit, and exactly the limit is allowed', async (t) => {
  t.equal(DEFAULT_MAX_TEXT_BYTES, 256 * 1024 * 1024);
  const server = await rawServer(t, (_request, response) => response.end('x'.repeat(100)));
  const settings = await settingsFor(t);
  const response = await send({url: new URL(server.url)}, settings, never(), context);
  t.equal(await readText(response, {maxTextBytes: 100}, never(), context), 'x'.repeat(100));
  const again = await send({url: new URL(server.url)}, settings, never(), context);
  t.equal((await readText(again, {}, never(), context)).length, 100);
});

t.test('readText keeps multi-byte characters split across chunks whole', async (t) => {
  const text = 'çé🙂'.repeat(1000);
  const bytes = Buffer.from(text);
  const server = await rawServer(t, (_request, response) => {
    response.write(bytes.subarray(0, 1001));
    response.end(bytes.subarray(1001));
  });
  const settings = await settingsFor(t);
  const response = await send({url: new URL(server.url)}, settings, never(), context);
  t.equal(await readText(response, settings, never(), context), text);
});

t.test('readText passes an abort’s reason through', async (t) => {
  const server = await rawServer(t, (_request, response) => response.write('partial'));
  const settings = await settingsFor(t);
  const controller = new AbortController();
  const response = await send({url: new URL(server.url)}, settings, controller.signal, context);
  const reason = new Error('stop');
  const reading = readText(response, settings, controller.signal, context);
  controller.abort(reason);
  await t.rejects(reading, reason);
});

t.test('parseJson parses, and calls an unparsable body a transient bad response', async (t) => {
  t.same(parseJson('{"items":[1]}', context), {items: [1]});
  t.equal(parseJson('null', context), null);
  const error = (() => {
    try {
      return parseJson('{"items":[1', context);
    } catch (error) {
      return error;
    }
  })();
  t.type(error, RequestError);
  t.match(error, {
    code: 'ERR_EXPORT_BAD_RESPONSE',
    message: 'exportEvents GET /events failed: the body is not valid JSON (11 characters)',
    cause: SyntaxError,
  });
});

for (const [name, broken] of [
  ['cut short', '{"items":[{"id":1},{"id":2},{"id"'],
  ['not JSON', '{"items":[{"id":1},{"id":2}}}'],
] as const) {
  t.test(`incremental: a body ${name} is retried, and no item is repeated or lost`, async (t) => {
    const whole = JSON.stringify({items: [{id: 1}, {id: 2}, {id: 3}]});
    const server = await rawServer(t, (_request, response, index) => {
      response.writeHead(200, {'content-type': 'application/json'});
      response.end(index === 0 ? broken : whole);
    });
    const settings = await settingsFor(t, {parser: 'incremental'});
    const fetchPage = httpPageFetcher(
      () => ({url: new URL(`${server.url}/events`)}),
      settings,
      'exportEvents',
      croctPageFormat,
    );
    const items: unknown[] = [];
    const retries: unknown[] = [];
    const page = await fetchPage(undefined, never(), {
      ...hooks,
      item: (item) => items.push(item),
      retry: (event) => retries.push(event.error),
    });
    t.same(items, [{id: 1}, {id: 2}, {id: 3}]);
    t.same(page, {nextCursor: undefined});
    t.match(retries, [
      {
        code: 'ERR_EXPORT_BAD_RESPONSE',
        message: /failed: the body is incomplete: (truncated|malformed-json)$/,
      },
    ]);
    t.equal(server.requests(), 2);
  });
}

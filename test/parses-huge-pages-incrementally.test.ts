import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import t from 'tap';
import {Agent} from 'undici';
import {ExportStream} from '../lib/core/export-stream.js';
import {httpPageFetcher, type PageRequestSettings} from '../lib/core/page-request.js';
import {defaultRetryPolicy} from '../lib/core/retry.js';
import {croctPageFormat} from '../lib/croct/page-format.js';

/** A server answering one Croct page of `count` items, with or without a Content-Length. */
async function pageServer(t: {teardown: (fn: () => unknown) => void}, count: number, withLength: boolean) {
  let requests = 0;
  const body = JSON.stringify({items: Array.from({length: count}, (_, id) => ({id})), nextCursor: null});
  const server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, withLength ? {'content-length': Buffer.byteLength(body)} : {});
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dispatcher = new Agent();
  t.teardown(async () => {
    await dispatcher.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const {port} = server.address() as AddressInfo;
  const settings: PageRequestSettings = {
    dispatcher,
    headers: {},
    headersTimeout: 5000,
    bodyTimeout: 5000,
    requestTimeout: 10_000,
    secrets: [],
    maxTextBytes: 200,
    parser: 'json',
    retry: {...defaultRetryPolicy, minDelay: 0, maxDelay: 0},
  };
  const fetchPage = httpPageFetcher(
    () => ({url: new URL(`http://127.0.0.1:${port}/events`)}),
    settings,
    'exportEvents',
    croctPageFormat,
  );
  return {fetchPage, requests: () => requests};
}

t.test('a page announced larger than a string can hold is parsed incrementally, whole', async (t) => {
  const {fetchPage, requests} = await pageServer(t, 100, true);
  const items = await new ExportStream<{id: number}>(fetchPage).toArray();
  t.same(
    items.map((item) => item.id),
    Array.from({length: 100}, (_, id) => id),
  );
  t.equal(requests(), 1);
});

t.test(
  'a page without a length that grows past the limit fails once, naming the incremental parser',
  async (t) => {
    const {fetchPage, requests} = await pageServer(t, 100, false);
    await t.rejects(new ExportStream(fetchPage).toArray(), {
      name: 'RequestFailure',
      code: 'ERR_EXPORT_TOO_LARGE',
      message: /larger than 200 bytes.*parser: 'incremental'/,
    });
    t.equal(requests(), 1, 'not retried: the next attempt would be just as large');
  },
);

t.test('a small page with a length is parsed whole as configured', async (t) => {
  const {fetchPage} = await pageServer(t, 2, true);
  t.same(await new ExportStream(fetchPage).toArray(), [{id: 0}, {id: 1}]);
});

import t from 'tap';
import {httpPageFetcher} from '../lib/core/page-request.js';
import {Configuration, httpSettings} from '../lib/croct/configuration.js';
import {croctPageFormat} from '../lib/croct/page-format.js';
import {rawApiKey, rawClient, rawServer} from './helpers/raw-server.js';

type Page = {body: string} | {items: unknown[]; cursor: string | null};

/**
 * A server whose answer to the n-th request for a cursor is `pages[cursor][n]` (the last one when
 * there are fewer), written as raw text so that member order, escapes and broken JSON are exact.
 */
async function pagedServer(t: Parameters<typeof rawServer>[0], pages: Record<string, Page[]>) {
  const seen = new Map<string, number>();
  return rawServer(t, (request, response) => {
    const cursor = new URL(request.url ?? '/', 'http://x').searchParams.get('cursor') ?? '(start)';
    const answers = pages[cursor] ?? [{items: [], cursor: null}];
    const index = seen.get(cursor) ?? 0;
    seen.set(cursor, index + 1);
    const page = answers[Math.min(index, answers.length - 1)] as Page;
    response.writeHead(200, {'content-type': 'application/json'});
    response.end('body' in page ? page.body : JSON.stringify({items: page.items, nextCursor: page.cursor}));
  });
}

const cursorsOf = (paths: readonly string[]) =>
  paths.map((path) => new URL(path, 'http://x').searchParams.get('cursor') ?? '(start)');

t.test('the cursor is followed wherever the server puts it, never a nested decoy', async (t) => {
  const server = await pagedServer(t, {
    '(start)': [{body: '{"nextCursor":"c1","items":[{"id":"a","nextCursor":"decoy"}]}'}],
    c1: [{body: '{"items":[{"id":"b","note":"\\"nextCursor\\":\\"x\\""}],"nextCursor":"c2","metadata":{}}'}],
    c2: [{body: '{"items":[{"id":"c"}],"metadata":{"nextCursor":"meta"},"nextCursor":"c\\u00e9\\u2028"}'}],
    'cé\u2028': [{body: '{"nextCursor":"first","items":[{"id":"d"}],"nextCursor":"end"}'}],
    end: [{body: '{"items":[],"nextCursor":"end2"}'}],
  });
  const ids = (await rawClient(t, server.url).exportSessions().toArray()).map((item) => item.id);
  t.same(ids, ['a', 'b', 'c', 'd'], 'every item once, in order');
  t.same(cursorsOf(server.paths), ['(start)', 'c1', 'c2', 'cé\u2028', 'end'], 'no extra request');
});

t.test('a null cursor ends the export after the page, with no request ahead', async (t) => {
  const server = await pagedServer(t, {'(start)': [{items: [{id: 'a'}], cursor: null}]});
  t.same(await rawClient(t, server.url).exportSessions().toArray(), [{id: 'a'}]);
  t.equal(server.requests(), 1);
});

t.test('a body the scan cannot read falls back to the parse and its retry', async (t) => {
  const server = await pagedServer(t, {
    '(start)': [{body: '{"items":[{"id":"a"}],"nextCursor":"c1"'}, {items: [{id: 'a'}], cursor: 'c1'}],
    c1: [{items: [{id: 'b'}], cursor: 'c2'}],
  });
  const ids = (await rawClient(t, server.url).exportSessions().toArray()).map((item) => item.id);
  t.same(ids, ['a', 'b']);
  t.same(cursorsOf(server.paths), ['(start)', '(start)', 'c1', 'c2'], 'nothing requested from the cut body');
});

t.test('a cursor that is not a string is the parse’s protocol error', async (t) => {
  const server = await pagedServer(t, {'(start)': [{body: '{"items":[{"id":"a"}],"nextCursor":7}'}]});
  await t.rejects(rawClient(t, server.url).exportSessions().toArray(), {
    name: 'ProtocolError',
    message: /`nextCursor` is a number, expected a string/,
  });
  t.equal(server.requests(), 1);
});

t.test(
  'a page whose scan succeeds but whose parse fails is retried against the cursor sent early',
  async (t) => {
    // A leading zero is not JSON: the scan skips over it, JSON.parse does not.
    const invalid = {body: '{"items":[{"id":"a","n":01}],"nextCursor":"c1"}'};
    t.test('the retry returns the same cursor: every item once', async (t) => {
      const server = await pagedServer(t, {
        '(start)': [invalid, {items: [{id: 'a'}], cursor: 'c1'}],
        c1: [{items: [{id: 'b'}], cursor: 'c2'}],
      });
      const ids = (await rawClient(t, server.url).exportSessions().toArray()).map((item) => item.id);
      t.same(ids, ['a', 'b']);
      t.same(cursorsOf(server.paths).sort(), ['(start)', '(start)', 'c1', 'c2'], 'c1 requested once');
    });
    t.test(
      'the retry returns another cursor: a protocol error, nothing from the early request',
      async (t) => {
        const server = await pagedServer(t, {
          '(start)': [invalid, {items: [{id: 'a'}], cursor: 'c9'}],
          c1: [{items: [{id: 'b'}], cursor: 'c2'}],
          c9: [{items: [{id: 'z'}], cursor: 'c10'}],
        });
        const delivered: unknown[] = [];
        const stream = rawClient(t, server.url).exportSessions();
        stream.on('data', (item) => delivered.push(item));
        await t.rejects(new Promise((_resolve, reject) => stream.on('error', reject)), {
          name: 'ProtocolError',
          message: /exportSessions .*announced its next cursor early, then returned a different one/,
        });
        t.same(delivered, []);
        t.notOk(cursorsOf(server.paths).includes('c9'), 'the parsed cursor is not followed either');
      },
    );
  },
);

t.test('a fetcher called without the hook parses as before', async (t) => {
  const server = await pagedServer(t, {'(start)': [{items: [{id: 'a'}], cursor: 'c1'}]});
  const configuration = new Configuration({apiKey: rawApiKey, baseUrl: server.url});
  const settings = {...httpSettings(configuration), parser: 'json' as const, retry: configuration.retry};
  const fetchPage = httpPageFetcher(
    () => ({url: new URL(`${server.url}/sessions`)}),
    settings,
    'test',
    croctPageFormat,
  );
  const hooks = {item: () => {}, retry: () => {}, emit: () => {}};
  t.same(await fetchPage(undefined, new AbortController().signal, hooks), {
    items: [{id: 'a'}],
    nextCursor: 'c1',
  });

  t.test('aborting while the page waits to be parsed rejects with the reason', async (t) => {
    const controller = new AbortController();
    const announced: string[] = [];
    const page = fetchPage(undefined, controller.signal, {
      ...hooks,
      nextCursor: (cursor) => {
        announced.push(cursor);
        controller.abort(new Error('stopped'));
      },
    });
    await t.rejects(page, {message: 'stopped'});
    t.same(announced, ['c1']);
  });
});

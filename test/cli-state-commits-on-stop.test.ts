import {readdir, readFile} from 'node:fs/promises';
import {createServer, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import t from 'tap';
import {runCli} from './helpers/cli-harness.js';
import {waitFor} from './helpers/wait-for.js';

type Second = 'unauthorized' | 'hold';

/**
 * A server whose first page (3 items and a cursor) always succeeds and whose second request either
 * fails for good (401) or is held open until the client goes away: a run then stops or fails with
 * the first page's checkpoint reached but not yet committed, every time, whatever the scheduling.
 */
async function serve(t: {teardown(fn: () => unknown): void}, second: Second, first = true) {
  const seen: string[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const cursor = new URL(request.url ?? '/', 'http://x').searchParams.get('cursor');
    seen.push(cursor ?? '');
    if (cursor === null && first) {
      response.writeHead(200, {'content-type': 'application/json'});
      response.end(JSON.stringify({items: [{id: 's0'}, {id: 's1'}, {id: 's2'}], nextCursor: 'c1'}));
    } else if (second === 'hold') {
      held.push(response);
    } else {
      response.writeHead(401, {'content-type': 'application/problem+json'});
      response.end(JSON.stringify({title: 'Unauthorized', status: 401, detail: 'no'}));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const response of held) {
      response.destroy();
    }
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen};
}

const argv = (url: string) => ['sessions', '--base-url', url, '--out', 's.ndjson', '--state', 's.json'];
const env = {CROCT_API_KEY: '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10'};
const lines = async (dir: string) =>
  (await readFile(join(dir, 's.ndjson'), 'utf8')).split('\n').filter(Boolean);

t.test('a run that fails right after a page commits that page before it ends', async (t) => {
  const {url} = await serve(t, 'unauthorized');
  const dir = t.testdir();
  const result = await runCli(argv(url), {cwd: dir, env});
  t.equal(result.code, 1);
  t.match(
    result.stderr,
    /^sessions: failed after 3 items.*; s\.ndjson holds 3 items up to the last checkpoint, run again to continue\n/,
  );
  t.match(JSON.parse(await readFile(join(dir, 's.json'), 'utf8')), {cursor: 'c1', items: 3, pages: 1});
  t.equal((await lines(dir)).length, 3);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`a run stopped by ${signal} while the next page is in flight commits the page before`, async (t) => {
    const server = await serve(t, 'hold');
    const dir = t.testdir();
    const controller = new AbortController();
    const running = runCli(argv(server.url), {cwd: dir, env, signal: controller.signal});
    await waitFor(() => server.seen.includes('c1'), {what: 'the request for the second page'});
    t.same(await readdir(dir).then((names) => names.includes('s.json')), false, 'not committed yet');
    controller.abort(signal);
    const result = await running;
    t.equal(result.code, signal === 'SIGINT' ? 130 : 143);
    t.match(
      result.stderr,
      new RegExp(`^sessions: stopped by ${signal} after 3 items.*holds 3 items up to the last checkpoint`),
    );
    t.match(JSON.parse(await readFile(join(dir, 's.json'), 'utf8')), {cursor: 'c1', items: 3});
    t.equal((await lines(dir)).length, 3);
  });
}

t.test('a run that fails before its first page saves no state and says so', async (t) => {
  const {url} = await serve(t, 'unauthorized', false);
  const dir = t.testdir();
  const result = await runCli(argv(url), {cwd: dir, env});
  t.equal(result.code, 1);
  t.match(
    result.stderr,
    /^sessions: failed after 0 items.*; no state was saved \(s\.ndjson holds 0 items\), so the next run starts over\n/,
  );
  t.same((await readdir(dir)).sort(), ['s.ndjson']);
});

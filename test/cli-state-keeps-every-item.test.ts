import {readFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import t from 'tap';
import {createSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter(Boolean);

// The last page of these exports holds a single item, or ends inside a batch flush: the moments
// at which a checkpoint once recorded a short byte length and the state lost the tail.
for (const [pageSize, events] of [
  [3, 1000],
  [9, 1000],
  [1000, 2500],
] as const) {
  t.test(`--state keeps every item: ${events} events in pages of ${pageSize}`, async (t) => {
    const simulator = await createSimulator({events});
    t.teardown(() => simulator.close());
    const dir = t.testdir();
    const argv = [
      'events',
      '--base-url',
      simulator.url,
      '--page-size',
      String(pageSize),
      '--out',
      'e.ndjson',
    ];
    const env = {CROCT_API_KEY: simulator.apiKey};
    const first = await runCli([...argv, '--state', 'e.state.json'], {cwd: dir, env});
    t.equal(first.code, 0, first.stderr);
    const exported = await lines(join(dir, 'e.ndjson'));
    t.equal(exported.length, events);
    t.equal(new Set(exported.map((line) => JSON.parse(line).id)).size, events);
    const state = JSON.parse(await readFile(join(dir, 'e.state.json'), 'utf8'));
    t.match(state, {items: events});
    t.equal(state.bytes, (await readFile(join(dir, 'e.ndjson'))).length, 'the state records the whole file');
    const again = await runCli([...argv, '--state', 'e.state.json'], {cwd: dir, env});
    t.equal(again.code, 0);
    t.equal((await lines(join(dir, 'e.ndjson'))).length, events, 'nothing new, nothing lost');
  });
}

t.test(
  'a last page without nextCursor is kept, and exported again byte for byte by the next run',
  async (t) => {
    let requests = 0;
    const server = createServer((request, response) => {
      requests++;
      const cursor = new URL(request.url ?? '/', 'http://x').searchParams.get('cursor');
      const items = cursor === null ? [{id: 'e0'}, {id: 'e1'}] : [{id: 'e2'}, {id: 'e3'}, {id: 'e4'}];
      response.writeHead(200, {'content-type': 'application/json'});
      response.end(JSON.stringify({items, nextCursor: cursor === null ? 'c1' : null}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise((resolve) => server.close(resolve)));
    const {port} = server.address() as AddressInfo;
    const dir = t.testdir();
    const argv = [
      'sessions',
      '--base-url',
      `http://127.0.0.1:${port}`,
      '--out',
      's.ndjson',
      '--state',
      's.json',
    ];
    const env = {CROCT_API_KEY: '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10'};
    t.equal((await runCli(argv, {cwd: dir, env})).code, 0);
    const once = await readFile(join(dir, 's.ndjson'), 'utf8');
    t.same(
      once
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).id),
      ['e0', 'e1', 'e2', 'e3', 'e4'],
    );
    t.match(JSON.parse(await readFile(join(dir, 's.json'), 'utf8')), {cursor: 'c1', items: 2});
    t.equal((await runCli(argv, {cwd: dir, env})).code, 0);
    t.equal(
      await readFile(join(dir, 's.ndjson'), 'utf8'),
      once,
      'the page without a cursor is read again, not doubled',
    );
    t.equal(requests, 3);
  },
);

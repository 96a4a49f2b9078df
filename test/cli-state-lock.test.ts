import {spawn} from 'node:child_process';
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {hostname} from 'node:os';
import {join} from 'node:path';
import t from 'tap';
import {takeOver} from '../lib/cli/state-lock.js';
import {createSimulator, type Simulator} from '../lib/simulator/index.js';
import {runCli, sizeOf, spawnCli} from './helpers/cli-harness.js';
import {waitFor} from './helpers/wait-for.js';

async function start(t: {teardown(fn: () => unknown): void}, latency = 0): Promise<Simulator> {
  const simulator = await createSimulator({events: 300, seed: 8, latency});
  t.teardown(() => simulator.close());
  return simulator;
}

const args = (simulator: Simulator, state = 's.json') => [
  'events',
  '--base-url',
  simulator.url,
  '--page-size',
  '10',
  '--out',
  'e.ndjson',
  '--state',
  state,
];

const ids = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).id as string);

/** The pid of a process that existed and was SIGKILLed: nothing runs under it any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {stdio: 'ignore'});
  await new Promise((resolve) => child.once('spawn', resolve));
  const pid = child.pid as number;
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

/**
 * A server whose second page is held until `release()`: a run holds its lock for exactly as long
 * as the test wants, whatever the machine's load.
 */
async function gated(t: {teardown(fn: () => unknown): void}) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let waiting = 0;
  const server = createServer(async (request, response) => {
    const cursor = new URL(request.url ?? '/', 'http://x').searchParams.get('cursor');
    if (cursor !== null) {
      waiting++;
      await released;
    }
    const items = cursor === null ? ['s0', 's1', 's2'] : ['s3', 's4'];
    response.writeHead(200, {'content-type': 'application/json'});
    response.end(
      JSON.stringify({items: items.map((id) => ({id})), nextCursor: cursor === null ? 'c1' : null}),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    release();
    return new Promise((resolve) => server.close(resolve));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    argv: ['sessions', '--base-url', url, '--out', 'e.ndjson', '--state', 's.json'],
    release,
    waiting: () => waiting,
  };
}

const key = {CROCT_API_KEY: '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10'};
const locked = (pid: number) =>
  new RegExp(
    `^StateLockedError \\[ERR_STATE_LOCKED\\]: State file .*s\\.json is in use by another export: pid ${pid} on ${hostname()}, since .*; wait for it to finish \\(if that process is gone, remove .*s\\.json\\.lock\\)\\n$`,
  );

t.test(
  'a second run on a state in use exits 1 naming the state file and the holder, and changes nothing',
  async (t) => {
    const server = await gated(t);
    const dir = t.testdir();
    const first = runCli(server.argv, {cwd: dir, env: key});
    await waitFor(() => server.waiting() === 1, {what: 'the first run waiting for its second page'});
    const lock = JSON.parse(await readFile(join(dir, 's.json.lock'), 'utf8'));
    t.match(lock, {pid: process.pid, hostname: hostname(), startedAt: String});
    const before = await readFile(join(dir, 'e.ndjson'));
    const second = await runCli(server.argv, {cwd: dir, env: key});
    t.equal(second.code, 1);
    t.match(second.stderr, locked(process.pid));
    t.same(await readFile(join(dir, 'e.ndjson')), before, 'the second run wrote nothing');
    server.release();
    const done = await first;
    t.equal(done.code, 0, done.stderr);
    t.same(await ids(join(dir, 'e.ndjson')), ['s0', 's1', 's2', 's3', 's4']);
    t.notOk(
      (await readdir(dir)).some((name) => name.includes('.lock')),
      'the lock is released',
    );
  },
);

t.test('two real processes on one state: the second is refused while the first runs', async (t) => {
  const server = await gated(t);
  const dir = t.testdir();
  const first = spawnCli(server.argv, dir, key);
  await waitFor(() => server.waiting() === 1, {what: 'the first process waiting for its second page'});
  const second = await spawnCli(server.argv, dir, key).done;
  t.equal(second.code, 1);
  t.match(second.stderr, locked(first.child.pid as number));
  server.release();
  const done = await first.done;
  t.equal(done.code, 0, done.stderr);
  t.same(await ids(join(dir, 'e.ndjson')), ['s0', 's1', 's2', 's3', 's4']);
  t.match(JSON.parse(await readFile(join(dir, 's.json'), 'utf8')), {items: 3, cursor: 'c1'});
});

t.test('runs started together on one state: at least one exports, every item exactly once', async (t) => {
  const simulator = await start(t, 2);
  const dir = t.testdir();
  const env = {CROCT_API_KEY: simulator.apiKey};
  const results = await Promise.all([0, 1, 2].map(() => runCli(args(simulator), {cwd: dir, env})));
  const codes = results.map((result) => result.code);
  t.ok(codes.includes(0), 'one run exported');
  t.ok(
    codes.every((code) => code === 0 || code === 1),
    codes.join(),
  );
  const exported = await ids(join(dir, 'e.ndjson'));
  t.equal(exported.length, 300);
  t.equal(new Set(exported).size, 300);
});

t.test(
  'a lock left by a SIGKILLed run is stale: the next run takes it over, says so, and finishes',
  async (t) => {
    const simulator = await start(t);
    const dir = t.testdir();
    const env = {CROCT_API_KEY: simulator.apiKey};
    const killed = await spawnCli(args(simulator), dir, {...env, EXPORT_STREAM_CRASH_AT: 'state-temp:3'})
      .done;
    t.equal(killed.signal, 'SIGKILL');
    const left = JSON.parse(await readFile(join(dir, 's.json.lock'), 'utf8'));
    t.match(left, {hostname: hostname(), pid: Number});
    t.ok(
      (await readdir(dir)).some((name) => name.endsWith('.tmp')),
      'the crash left a temporary state',
    );
    const resumed = await runCli(args(simulator), {cwd: dir, env});
    t.equal(resumed.code, 0, resumed.stderr);
    t.match(
      resumed.stderr,
      new RegExp(
        `^events: removing the stale lock .*s\\.json\\.lock of pid ${left.pid} \\(started .*\\), which is no longer running\\n`,
      ),
    );
    t.same((await readdir(dir)).sort(), ['e.ndjson', 's.json'], 'no lock and no temporary file left');
    t.equal(new Set(await ids(join(dir, 'e.ndjson'))).size, 300);
  },
);

t.test('a stale lock written by hand (a dead pid of this host) is taken over as well', async (t) => {
  const simulator = await start(t);
  const dir = t.testdir();
  const pid = await deadPid();
  await writeFile(join(dir, 's.json.lock'), JSON.stringify({pid, hostname: hostname(), startedAt: 'then'}));
  const result = await runCli(args(simulator), {cwd: dir, env: {CROCT_API_KEY: simulator.apiKey}});
  t.equal(result.code, 0, result.stderr);
  t.match(result.stderr, `of pid ${pid} (started then)`);
});

for (const [name, content, expected] of [
  [
    'another host',
    (pid: number) =>
      JSON.stringify({pid, hostname: 'elsewhere.example', startedAt: '2026-01-01T00:00:00.000Z'}),
    /in use by another export: pid \d+ on elsewhere\.example, since 2026-01-01T00:00:00\.000Z/,
  ],
  [
    'a live process',
    () => JSON.stringify({pid: process.pid, hostname: hostname()}),
    /pid \d+ on .*, since undefined/,
  ],
  [
    'no process (empty)',
    () => '',
    /is locked by .*s\.json\.lock, which names no process \(empty or unreadable\); if no other export is running, remove/,
  ],
  ['no process (garbage)', () => 'null', /which names no process/],
  ['no process (pid 0)', () => JSON.stringify({pid: 0, hostname: hostname()}), /which names no process/],
] as const) {
  t.test(`a lock held by ${name} is respected: exit 1, output and state untouched`, async (t) => {
    const simulator = await start(t);
    const dir = t.testdir();
    const lock = content(await deadPid());
    await writeFile(join(dir, 's.json.lock'), lock);
    await writeFile(join(dir, 'e.ndjson'), 'someone else\n');
    const result = await runCli(args(simulator), {cwd: dir, env: {CROCT_API_KEY: simulator.apiKey}});
    t.equal(result.code, 1);
    t.match(result.stderr, expected);
    t.equal(await readFile(join(dir, 'e.ndjson'), 'utf8'), 'someone else\n');
    t.equal(await readFile(join(dir, 's.json.lock'), 'utf8'), lock, 'the lock stays');
    t.equal(simulator.stats.requests, 0, 'nothing was fetched');
  });
}

t.test('a lock path that cannot be read (a directory) names no process', async (t) => {
  const simulator = await start(t);
  const dir = t.testdir();
  await mkdir(join(dir, 's.json.lock'));
  const result = await runCli(args(simulator), {cwd: dir, env: {CROCT_API_KEY: simulator.apiKey}});
  t.equal(result.code, 1);
  t.match(result.stderr, /which names no process/);
});

t.test('the lock is released on every exit path: usage error, failure, stop', async (t) => {
  const simulator = await start(t, 3);
  const dir = t.testdir();
  const env = {CROCT_API_KEY: simulator.apiKey};
  const unlocked = async () => !(await readdir(dir)).includes('s.json.lock');
  await writeFile(join(dir, 's.json'), '{"version": 9}');
  t.equal((await runCli(args(simulator), {cwd: dir, env})).code, 2);
  t.ok(await unlocked(), 'after an invalid state');
  await writeFile(join(dir, 's.json'), '');
  const wrongKey = await runCli(args(simulator, 'k.json'), {
    cwd: dir,
    env: {CROCT_API_KEY: '00000000-0000-4000-8000-000000000000'},
  });
  t.equal(wrongKey.code, 1);
  t.ok(await unlocked(), 'after an API error');
  const controller = new AbortController();
  const running = runCli(args(simulator, 'k.json'), {cwd: dir, env, signal: controller.signal});
  await waitFor(async () => (await sizeOf(join(dir, 'k.json'))) > 0);
  controller.abort('SIGTERM');
  t.equal((await running).code, 143);
  t.ok(await unlocked(), 'after a stop');
});

t.test(
  'a lock that cannot be created or written is a file error naming it, and leaves nothing behind',
  async (t) => {
    const simulator = await start(t);
    const dir = t.testdir();
    const env = {CROCT_API_KEY: simulator.apiKey};
    const missing = await runCli(args(simulator, 'nowhere/s.json'), {cwd: dir, env});
    t.equal(missing.code, 1);
    t.match(
      missing.stderr,
      /^FileError \[ENOENT\]: Cannot create the lock file .*nowhere\/s\.json\.lock: ENOENT/,
    );
    const full = await runCli(args(simulator), {cwd: dir, env: {...env, EXPORT_STREAM_FAIL_AT: 'lock:1'}});
    t.equal(full.code, 1);
    t.match(
      full.stderr,
      /^FileError \[ENOSPC\]: Cannot write the lock file .*s\.json\.lock: ENOSPC: no space left on device/,
    );
    t.same(await readdir(dir), [], 'no lock, no output, no state');
  },
);

t.test('a takeover never removes a live lock: one created since is put back', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 's.json.lock');
  await takeOver(path, 'stale');
  t.same(await readdir(dir), [], 'a lock gone meanwhile: nothing to do');
  await writeFile(path, 'fresh');
  await takeOver(path, 'stale');
  t.equal(await readFile(path, 'utf8'), 'fresh');
  t.same(await readdir(dir), ['s.json.lock'], 'no file set aside is left');
  await takeOver(path, 'fresh');
  t.same(await readdir(dir), []);
});

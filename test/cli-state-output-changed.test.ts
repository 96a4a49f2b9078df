import {appendFile, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import {createSimulator, type Simulator} from '../lib/simulator/index.js';
import {runCli, spawnCli} from './helpers/cli-harness.js';

async function setup(t: {testdir(): string; teardown(fn: () => unknown): void}, format = 'ndjson') {
  const simulator: Simulator = await createSimulator({events: 120, seed: 9});
  t.teardown(() => simulator.close());
  const dir = t.testdir();
  const out = `e.${format}`;
  const argv = [
    'events',
    '--base-url',
    simulator.url,
    '--page-size',
    '25',
    '--format',
    format,
    '--out',
    out,
    '--state',
    's.json',
  ];
  const env = {CROCT_API_KEY: simulator.apiKey};
  const run = (extra: Record<string, string> = {}) =>
    runCli(argv, {
      cwd: dir,
      env: {...env, ...extra},
      kill: () => {
        throw new Error('killed');
      },
    });
  const first = await run();
  if (first.code !== 0) {
    throw new Error(first.stderr);
  }
  const path = join(dir, out);
  return {simulator, dir, path, run, argv, output: await readFile(path)};
}

t.test('an output deleted since the last run: exit 2, saying what happened and what to do', async (t) => {
  const {dir, path, run} = await setup(t);
  await rm(path);
  const result = await run();
  t.equal(result.code, 2);
  t.match(
    result.stderr,
    /^UsageError \[ERR_USAGE\]: State file .*s\.json records 120 items \([\d,]+ bytes\) in .*e\.ndjson, which no longer exists; restore that file, or remove the state file to start over\n/,
  );
  t.notMatch(result.stderr, /ENOENT/);
  t.same((await readdir(dir)).sort(), ['s.json'], 'no output is created, the lock is released');
});

t.test('an output replaced by a longer, different file is refused: exit 2, the file untouched', async (t) => {
  const {path, run, output} = await setup(t);
  const other = Buffer.concat([Buffer.from('x'.repeat(output.length)), Buffer.from('more\n')]);
  await writeFile(path, other);
  const result = await run();
  t.equal(result.code, 2);
  t.match(
    result.stderr,
    /e\.ndjson is not the output state file .*s\.json describes: its last [\d,]+ bytes before byte [\d,]+ differ from those recorded \(replaced or edited since\?\); pass the right --out, or remove the state file to start over/,
  );
  t.same(await readFile(path), other);
});

t.test('an output edited inside its last 64 KiB (same length) is refused as well', async (t) => {
  const {path, run, output} = await setup(t);
  const edited = Buffer.from(output);
  edited[edited.length - 10] = 'Z'.charCodeAt(0);
  await writeFile(path, edited);
  t.equal((await run()).code, 2);
  t.same(await readFile(path), edited);
});

t.test('text appended after the checkpoint is removed with a notice giving the byte count', async (t) => {
  const {simulator, path, run, output} = await setup(t);
  await appendFile(path, '{"added":"by hand"}\n');
  simulator.addEvents(10);
  const result = await run();
  t.equal(result.code, 0, result.stderr);
  t.match(
    result.stderr,
    /^events: removing the last 20 bytes of .*e\.ndjson, written after the checkpoint its state records \([\d,]+ bytes\): an unfinished run's tail, or text added since; their items are exported again\nevents: 10 items/,
  );
  const text = await readFile(path, 'utf8');
  t.notMatch(text, 'by hand');
  t.same((await readFile(path)).subarray(0, output.length), output);
  t.equal(text.split('\n').filter(Boolean).length, 130);
});

t.test("a crashed run's uncommitted tail is cut with the same notice, then exported again", async (t) => {
  const {simulator, dir, path, run, argv} = await setup(t);
  simulator.addEvents(60);
  // The real bin, SIGKILLed by its test hook right after its second write: a true uncommitted tail.
  const crashed = await spawnCli(argv, dir, {
    CROCT_API_KEY: simulator.apiKey,
    EXPORT_STREAM_CRASH_AT: 'write:2',
  }).done;
  t.equal(crashed.signal, 'SIGKILL');
  const resumed = await run();
  t.equal(resumed.code, 0);
  t.match(
    resumed.stderr,
    /^events: removing the stale lock .*\nevents: removing the last [\d,]+ bytes of .*e\.ndjson, written after the checkpoint/,
  );
  const ids = (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).id);
  t.equal(ids.length, 180);
  t.equal(new Set(ids).size, 180, 'every item exactly once');
});

t.test('a JSON array closed by a completed run is reopened silently: its `]` is expected', async (t) => {
  const {simulator, path, run} = await setup(t, 'json');
  simulator.addEvents(3);
  const result = await run();
  t.match(result.stderr, /^events: 3 items, .* 123 in total\n$/);
  t.equal(JSON.parse(await readFile(path, 'utf8')).length, 123);
});

t.test('an empty JSON array (no items yet) is reopened silently as well', async (t) => {
  const simulator = await createSimulator({events: 10, seed: 9});
  t.teardown(() => simulator.close());
  const dir = t.testdir();
  const argv = [
    'events',
    '--base-url',
    simulator.url,
    '--start',
    '2100-01-01',
    '--format',
    'json',
    '--out',
    'e.json',
    '--state',
    's.json',
  ];
  const env = {CROCT_API_KEY: simulator.apiKey};
  t.equal((await runCli(argv, {cwd: dir, env})).code, 0);
  const again = await runCli(argv, {cwd: dir, env});
  t.match(again.stderr, /^events: 0 items, 1 pages .* 0 in total\n$/);
  t.equal(await readFile(join(dir, 'e.json'), 'utf8'), '[]\n');
});

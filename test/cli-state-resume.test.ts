import {appendFile, readFile, stat, truncate} from 'node:fs/promises';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import t from 'tap';
import type {ExportState} from '../lib/cli/state-file.js';
import {createSimulator, type Simulator} from '../lib/simulator/index.js';
import {runCli, sizeOf} from './helpers/cli-harness.js';
import {waitFor} from './helpers/wait-for.js';

type Format = 'ndjson' | 'csv' | 'json';

async function start(
  t: {teardown(fn: () => unknown): void},
  options: Parameters<typeof createSimulator>[0] = {},
): Promise<Simulator> {
  const simulator = await createSimulator({events: 300, seed: 3, ...options});
  t.teardown(() => simulator.close());
  return simulator;
}

function exporter(simulator: Simulator, dir: string, format: Format, extra: string[] = []) {
  const env = {CROCT_API_KEY: simulator.apiKey};
  const argv = (name: string, state: boolean) => [
    'events',
    '--base-url',
    simulator.url,
    '--page-size',
    '23',
    '--format',
    format,
    '--out',
    `${name}.${format}`,
    ...(state ? ['--state', `${name}.state.json`] : []),
    ...extra,
  ];
  return {
    /** A resumable run into `out.<format>`. */
    resume: (options: {kill?: () => void; env?: Record<string, string>; signal?: AbortSignal} = {}) =>
      runCli(argv('out', true), {cwd: dir, ...options, env: {...env, ...options.env}}),
    /** One uninterrupted run, from scratch, into `fresh-<n>.<format>`: the reference bytes. */
    reference: async (n: number) => {
      const whole = argv(`fresh-${n}`, true).filter(
        (arg, i, all) => arg !== '--limit' && all[i - 1] !== '--limit',
      );
      const result = await runCli(whole, {cwd: dir, env});
      if (result.code !== 0) {
        throw new Error(`the reference run failed: ${result.stderr}`);
      }
      return readFile(join(dir, `fresh-${n}.${format}`));
    },
    output: () => readFile(join(dir, `out.${format}`)),
    state: async () => JSON.parse(await readFile(join(dir, 'out.state.json'), 'utf8')) as ExportState,
  };
}

for (const format of ['ndjson', 'csv', 'json'] as const) {
  t.test(`${format}: each run appends only what is new, matching one uninterrupted export`, async (t) => {
    const simulator = await start(t);
    const run = exporter(simulator, t.testdir(), format);
    t.equal((await run.resume()).code, 0);
    const first = await run.output();
    t.same(first, await run.reference(1));
    t.equal((await run.state()).items, 300);

    simulator.addEvents(57);
    const second = await run.resume();
    t.equal(second.code, 0);
    t.match(second.stderr, /^events: 57 items, \d+ pages .* 357 in total\n$/);
    const after = await run.output();
    t.same(after, await run.reference(2));
    if (format !== 'json') {
      t.same(after.subarray(0, first.length), first, 'the first run is a prefix: appended, not rewritten');
    }
    const third = await run.resume();
    t.match(third.stderr, /^events: 0 items, 1 pages .* 357 in total\n$/);
    t.same(await run.output(), after);
    const state = await run.state();
    t.equal(state.bytes, format === 'json' ? after.length - '\n]\n'.length : after.length);
    if (format === 'csv') {
      t.equal(parse(after, {columns: true}).length, 357, 'a single header row');
    }
    if (format === 'json') {
      t.equal(JSON.parse(after.toString()).length, 357);
    }
  });

  t.test(`${format}: a run killed at any checkpoint phase resumes to the same bytes`, async (t) => {
    const simulator = await start(t);
    const dir = t.testdir();
    const reference = await exporter(simulator, dir, format).reference(0);
    for (const phase of ['write:1', 'write:3', 'sync:1', 'sync:4', 'state-temp:2', 'state:5']) {
      const run = exporter(simulator, t.testdir(), format);
      const killed = await run.resume({
        env: {EXPORT_STREAM_CRASH_AT: phase},
        kill: () => {
          throw new Error(`killed at ${phase}`);
        },
      });
      t.equal(killed.code, 1, phase);
      t.match(killed.stderr, `killed at ${phase}`);
      t.equal((await run.resume()).code, 0);
      t.same(await run.output(), reference, `byte-identical after a crash at ${phase}`);
    }
  });
}

t.test('a half-written tail left by a crash is truncated away before resuming', async (t) => {
  const simulator = await start(t);
  const run = exporter(simulator, t.testdir(), 'ndjson');
  await run.resume();
  const before = await run.output();
  await appendFile(join(t.testdirName, 'out.ndjson'), '{"id":"half-writ');
  simulator.addEvents(5);
  t.equal((await run.resume()).code, 0);
  t.same(await run.output(), await run.reference(1));
  t.equal((await run.output()).subarray(0, before.length).toString(), before.toString());
});

t.test('an output shorter than its state cannot be resumed: exit 2, the file untouched', async (t) => {
  const simulator = await start(t);
  const run = exporter(simulator, t.testdir(), 'csv');
  await run.resume();
  await truncate(join(t.testdirName, 'out.csv'), 10);
  const result = await run.resume();
  t.equal(result.code, 2);
  t.match(
    result.stderr,
    /out\.csv has 10 bytes but state file .*out\.state\.json records [\d,]+: it was cut short or replaced since; restore it, or remove the state file to start over/,
  );
  t.equal((await run.output()).length, 10);
});

t.test('--page-size may be left out when continuing: the state keeps it', async (t) => {
  const simulator = await start(t);
  const run = exporter(simulator, t.testdir(), 'ndjson');
  await run.resume();
  simulator.addEvents(3);
  const argv = ['events', '--base-url', simulator.url, '--out', 'out.ndjson', '--state', 'out.state.json'];
  const result = await runCli(argv, {cwd: t.testdirName, env: {CROCT_API_KEY: simulator.apiKey}});
  t.equal(result.code, 0);
  t.match(result.stderr, /^events: 3 items/);
});

for (const format of ['ndjson', 'json'] as const) {
  t.test(
    `${format}: --limit with --state stops at the last page boundary and continues from there`,
    async (t) => {
      const simulator = await start(t, {events: 100});
      const run = exporter(simulator, t.testdir(), format, ['--limit', '50']);
      const first = await run.resume();
      t.match(first.stderr, /^events: 50 items/);
      t.equal((await run.state()).items, 46, 'two whole pages of 23 are kept');
      const ends = format === 'json' ? '\n]\n' : '\n';
      t.ok((await run.output()).toString().endsWith(ends));
      // Bounded: a run that stops making progress fails the comparison below instead of looping forever.
      for (let runs = 0; runs < 5 && (await run.state()).items < 100; runs++) {
        t.equal((await run.resume()).code, 0);
      }
      t.same(await run.output(), await run.reference(1));
    },
  );
}

t.test('a limit inside the first page keeps nothing but a valid empty JSON array', async (t) => {
  const simulator = await start(t);
  const run = exporter(simulator, t.testdir(), 'json', ['--limit', '5']);
  t.equal((await run.resume()).code, 0);
  t.equal((await run.output()).toString(), '[]\n');
});

t.test('an empty window still records a state; CSV keeps one header across runs', async (t) => {
  const simulator = await start(t);
  const run = exporter(simulator, t.testdir(), 'csv', ['--start', '2100-01-01']);
  t.equal((await run.resume()).code, 0);
  t.equal((await run.resume()).code, 0);
  t.equal((await run.output()).toString(), 'id,timestamp,type,sessionId,userId,url\n');
  t.equal((await run.state()).bytes, (await stat(join(t.testdirName, 'out.csv'))).size);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(
    `${signal} stops gracefully: exit ${signal === 'SIGINT' ? 130 : 143}, the output ends at the saved checkpoint`,
    async (t) => {
      const simulator = await start(t, {latency: 5});
      const dir = t.testdir();
      const run = exporter(simulator, dir, 'ndjson');
      const controller = new AbortController();
      const running = run.resume({signal: controller.signal});
      await waitFor(async () => (await sizeOf(join(dir, 'out.state.json'))) > 0);
      controller.abort(signal);
      const stopped = await running;
      t.equal(stopped.code, signal === 'SIGINT' ? 130 : 143);
      t.match(
        stopped.stderr,
        new RegExp(
          `^events: stopped by ${signal} after .*out\\.ndjson holds [\\d,]+ items up to the last checkpoint, run again to continue\\n$`,
        ),
      );
      const state = await run.state();
      t.ok(state.items < 300);
      t.equal((await run.output()).length, state.bytes);
      t.equal((await run.resume()).code, 0);
      t.same(await run.output(), await run.reference(1));
    },
  );
}

t.test('a stop without --state keeps what was read, without a closing bracket', async (t) => {
  const simulator = await start(t, {latency: 5});
  const dir = t.testdir();
  const controller = new AbortController();
  const argv = [
    'events',
    '--base-url',
    simulator.url,
    '--page-size',
    '10',
    '--format',
    'json',
    '--out',
    'e.json',
  ];
  const running = runCli(argv, {cwd: dir, env: {CROCT_API_KEY: simulator.apiKey}, signal: controller.signal});
  await waitFor(() => simulator.stats.requests >= 3);
  controller.abort('SIGINT');
  const stopped = await running;
  t.equal(stopped.code, 130);
  t.match(stopped.stderr, /^events: stopped by SIGINT after [\d,]+ items/);
  const text = await readFile(join(dir, 'e.json'), 'utf8');
  t.ok(text.startsWith('[\n{'));
  t.notOk(text.endsWith(']\n'));
});

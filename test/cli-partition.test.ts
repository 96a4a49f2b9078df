import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import {createSimulator, type Simulator, type SimulatorOptions} from '../lib/simulator/index.js';
import {runCli, spawnCli} from './helpers/cli-harness.js';

// Spawned processes take seconds each to start on a loaded 2-core machine (6 s for `--help` at a
// load of 17): the file's limit is for a hang, not a measure of speed.
t.setTimeout(480_000);

const START = '1440990000000';
const END = '1441076400000';

async function start(t: {teardown(fn: () => unknown): void}, options: SimulatorOptions) {
  const simulator = await createSimulator(options);
  t.teardown(() => simulator.close());
  return simulator;
}

const base = (simulator: Simulator, format: string, out: string) => [
  'events',
  '--base-url',
  simulator.url,
  '--start',
  START,
  '--end',
  END,
  '--page-size',
  '50',
  '--format',
  format,
  '--out',
  out,
];

for (const format of ['ndjson', 'csv'] as const) {
  // ndjson: shards 0 and 2 in real processes, as a fan-out runs them, beside shard 1 in this process;
  // csv: every shard in this process (covered). Each spawned process costs seconds under load.
  const spawned = format === 'ndjson';
  t.test(
    `${format}: shards exported in parallel (${spawned ? 'processes' : 'in-process'}) concatenate to the single run`,
    async (t) => {
      const simulator = await start(t, {events: 300, seed: 31, skew: {share: 0.8, span: 0.1, at: 0.2}});
      const dir = t.testdir();
      const env = {CROCT_API_KEY: simulator.apiKey};
      const whole = await runCli(base(simulator, format, `whole.${format}`), {cwd: dir, env});
      t.equal(whole.code, 0, whole.stderr);
      const shards = 3;
      const runs = Array.from({length: shards}, (_, index) => {
        const argv = [
          ...base(simulator, format, `part-${index}.${format}`),
          '--partition',
          index === 1 ? `auto/${shards}` : `${index}/${shards}`,
          '--state',
          `part-${index}.state.json`,
        ];
        const shardEnv = {...env, ...(index === 1 ? {JOB_COMPLETION_INDEX: '1'} : {})};
        return spawned && index !== 1
          ? spawnCli(argv, dir, shardEnv).done
          : runCli(argv, {cwd: dir, env: shardEnv});
      });
      const results = await Promise.all(runs);
      t.same(
        results.map((result) => result.code),
        [0, 0, 0],
        results.map((result) => result.stderr).join(''),
      );
      const parts = await Promise.all(
        Array.from({length: shards}, (_, index) => readFile(join(dir, `part-${index}.${format}`))),
      );
      t.ok(
        parts.every((part) => part.length > 0),
        'every shard holds data',
      );
      t.same(Buffer.concat(parts), await readFile(join(dir, `whole.${format}`)), 'byte for byte');
    },
  );
}

t.test('--partitions --ordered writes the single run byte for byte; unordered the same lines', async (t) => {
  const simulator = await start(t, {events: 300, seed: 32});
  const dir = t.testdir();
  const env = {CROCT_API_KEY: simulator.apiKey};
  t.equal((await runCli(base(simulator, 'ndjson', 'whole.ndjson'), {cwd: dir, env})).code, 0);
  const ordered = await runCli([...base(simulator, 'ndjson', 'o.ndjson'), '--partitions', '4', '--ordered'], {
    cwd: dir,
    env,
  });
  t.equal(ordered.code, 0, ordered.stderr);
  const reference = await readFile(join(dir, 'whole.ndjson'), 'utf8');
  t.equal(await readFile(join(dir, 'o.ndjson'), 'utf8'), reference);
  t.equal(
    (await runCli([...base(simulator, 'ndjson', 'u.ndjson'), '--partitions', '4'], {cwd: dir, env})).code,
    0,
  );
  const lines = (text: string) => text.split('\n').filter(Boolean).sort();
  t.same(lines(await readFile(join(dir, 'u.ndjson'), 'utf8')), lines(reference));
});

t.test(
  'a partitioned run killed at a checkpoint resumes from its state with nothing lost or repeated',
  async (t) => {
    const simulator = await start(t, {events: 300, seed: 33});
    const dir = t.testdir();
    const env = {CROCT_API_KEY: simulator.apiKey};
    t.equal((await runCli(base(simulator, 'ndjson', 'whole.ndjson'), {cwd: dir, env})).code, 0);
    const argv = [...base(simulator, 'ndjson', 'p.ndjson'), '--partitions', '3', '--state', 'p.state.json'];
    for (const phase of ['state:2', 'sync:4']) {
      const killed = await runCli(argv, {
        cwd: dir,
        env: {...env, EXPORT_STREAM_CRASH_AT: phase},
        kill: () => {
          throw new Error(`killed at ${phase}`);
        },
      });
      t.equal(killed.code, 1, phase);
      t.match(killed.stderr, `killed at ${phase}`);
    }
    const resumed = await runCli(argv, {cwd: dir, env});
    t.equal(resumed.code, 0, resumed.stderr);
    const lines = (text: string) => text.split('\n').filter(Boolean);
    const got = lines(await readFile(join(dir, 'p.ndjson'), 'utf8'));
    t.equal(got.length, 300);
    t.same([...got].sort(), lines(await readFile(join(dir, 'whole.ndjson'), 'utf8')).sort());
  },
);

t.test('partition flags are checked and named', async (t) => {
  const simulator = await start(t, {events: 5});
  const dir = t.testdir();
  const env = {CROCT_API_KEY: simulator.apiKey};
  const cases: [string[], RegExp, Record<string, string>?][] = [
    [['--partition', '3/3'], /Expected the index of `--partition` to be an integer from 0 to 2, got "3"/],
    [['--partition', 'x'], /Expected `--partition` to be i\/N/],
    [['--partition', '1/0'], /Expected `--partition` to be i\/N/],
    [
      ['--partition', '0/0'],
      /Expected `--partition` to be i\/N \(0-based shard i of N, N from 1 to 10000\) or auto\/N, got "0\/0"/,
    ],
    [['--partition', 'a/b'], /Expected `--partition` to be i\/N .* or auto\/N, got "a\/b"/],
    [['--partition=-1/2'], /Expected `--partition` to be i\/N .* or auto\/N, got "-1\/2"/],
    [['--partition', '-1/2'], /Missing the value of `--partition`: .* write `--partition=i\/N`/],
    [
      ['--partition', 'auto/2'],
      /Expected \$JOB_COMPLETION_INDEX or \$AWS_BATCH_JOB_ARRAY_INDEX of `--partition`/,
    ],
    [
      ['--partition', 'auto/2'],
      /Expected \$AWS_BATCH_JOB_ARRAY_INDEX of `--partition` to be an integer from 0 to 1, got "-1"/,
      {AWS_BATCH_JOB_ARRAY_INDEX: '-1'},
    ],
    [['--partition', '0/2', '--format', 'json'], /`--partition` writes shards to concatenate/],
    [['--ordered'], /`--ordered` applies to `--partitions N` only/],
    [['--partitions', '0'], /Expected `--partitions` to be an integer from 1 to 64/],
  ];
  for (const [extra, message, more] of cases) {
    const result = await runCli([...base(simulator, 'ndjson', 'x.ndjson'), ...extra], {
      cwd: dir,
      env: {...env, ...more},
    });
    t.equal(result.code, 2, extra.join(' '));
    t.match(result.stderr, message);
  }
  const noEnd = await runCli(
    ['events', '--base-url', simulator.url, '--start', START, '--partition', '0/2'],
    {
      cwd: dir,
      env,
    },
  );
  t.match(noEnd.stderr, /`--partition` needs `--start` and `--end`/);
  const tiny = await runCli(
    [
      ...['events', '--base-url', simulator.url, '--partition', '0/2'],
      ...['--start', '2026-01-01T00:00:00.000Z', '--end', '2026-01-01T00:00:00.001Z'],
    ],
    {cwd: dir, env},
  );
  t.match(tiny.stderr, /`--partition 0\/2` is empty/);
  const noStart = await runCli(['events', '--base-url', simulator.url, '--partitions', '2'], {cwd: dir, env});
  t.match(noStart.stderr, /Expected `--start` to be a time: `partitions` splits the window/);
  const coveo = await runCli(['coveo', 'rows', '--partitions', '2'], {
    cwd: dir,
    env: {COVEO_ACCESS_TOKEN: 'xx00000000-0000-4000-8000-000000000000'},
  });
  t.match(coveo.stderr, /`--partitions` and `--partition` apply to time-windowed exports; not to coveo rows/);
});

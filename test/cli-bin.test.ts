import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import t, {type Test} from 'tap';
import type {ExportState} from '../lib/cli/state-file.js';
import {createSimulator, type Simulator, type SimulatorOptions} from '../lib/simulator/index.js';
import {sizeOf, spawnCli} from './helpers/cli-harness.js';
import {waitFor} from './helpers/wait-for.js';

// The built bin as users run it: signals, exit codes, stdout/stderr discipline, incremental runs.
t.setTimeout(480_000);

/** A simulator for one test, closed in its teardown: no test depends on another's requests. */
async function start(t: Test, options: SimulatorOptions): Promise<Simulator> {
  const simulator = await createSimulator(options);
  t.teardown(() => simulator.close());
  return simulator;
}

const exportArgv = (simulator: Simulator, dir: string) => [
  'events',
  '--base-url',
  simulator.url,
  '--page-size',
  '10',
  '--out',
  join(dir, 'out.ndjson'),
  '--state',
  join(dir, 'out.state.json'),
];

/**
 * A simulator whose 4th list request answers 429 with `Retry-After: 60`: the export saves its first
 * pages and then waits a minute, so a signal sent once the state exists always lands mid-export, however
 * slow the machine (no margin of a few milliseconds between the first checkpoint and the last page).
 */
const stalling = (t: Test) =>
  start(t, {events: 500, seed: 21, faults: {schedule: [{request: 4, kind: 'rate-limit', retryAfter: 60}]}});

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  t.test(
    `${signal} stops the bin gracefully with exit ${code}; the re-run completes it byte-identically`,
    async (t) => {
      const dir = t.testdir();
      const same = await start(t, {events: 500, seed: 21});
      const reference = await spawnCli(
        [...exportArgv(same, dir), '--out', join(dir, 'ref.ndjson'), '--state', join(dir, 'ref.json')],
        dir,
        {CROCT_API_KEY: same.apiKey},
      ).done;
      t.equal(reference.code, 0, reference.stderr);
      const simulator = await stalling(t);
      const env = {CROCT_API_KEY: simulator.apiKey};
      const {child, done} = spawnCli(exportArgv(simulator, dir), dir, env);
      await waitFor(async () => (await sizeOf(join(dir, 'out.state.json'))) > 0);
      child.kill(signal);
      const stopped = await done;
      t.equal(stopped.code, code);
      t.match(stopped.stderr, new RegExp(`^events: stopped by ${signal} after .* run again to continue\\n$`));
      const state = JSON.parse(await readFile(join(dir, 'out.state.json'), 'utf8')) as ExportState;
      t.ok(
        state.items >= 10 && state.items <= 30,
        `saved at ${state.items} items, before the stalled 4th page`,
      );
      t.equal(await sizeOf(join(dir, 'out.ndjson')), state.bytes, 'the output ends at the saved checkpoint');
      t.equal((await spawnCli(exportArgv(simulator, dir), dir, env).done).code, 0);
      t.same(await readFile(join(dir, 'out.ndjson')), await readFile(join(dir, 'ref.ndjson')));
    },
  );
}

t.test('a second signal during the graceful stop exits at once', async (t) => {
  const dir = t.testdir();
  const simulator = await stalling(t);
  const {child, done} = spawnCli(exportArgv(simulator, dir), dir, {CROCT_API_KEY: simulator.apiKey});
  await waitFor(async () => (await sizeOf(join(dir, 'out.state.json'))) > 0);
  // Sent together, both reach the handler before the graceful stop's file I/O can finish; two
  // SIGINTs could be merged into one by the kernel, a SIGINT and a SIGTERM cannot. Which of the
  // two the process handles first is up to libuv, so either exit code is right.
  child.kill('SIGINT');
  child.kill('SIGTERM');
  const stopped = await done;
  t.ok(stopped.code === 130 || stopped.code === 143, `exit ${stopped.code}`);
  t.notMatch(stopped.stderr, 'stopped by', 'exited at once, without the graceful summary');
});

t.test('runs against a live simulator append exactly the events added in between', async (t) => {
  const dir = t.testdir();
  const growing = await createSimulator({events: 120, seed: 4});
  t.teardown(() => growing.close());
  const argv = [
    'events',
    '--base-url',
    growing.url,
    '--page-size',
    '25',
    '--out',
    'e.ndjson',
    '--state',
    'e.json',
  ];
  const read = async () => (await readFile(join(dir, 'e.ndjson'), 'utf8')).trimEnd().split('\n');
  t.equal((await spawnCli(argv, dir, {CROCT_API_KEY: growing.apiKey}).done).code, 0);
  const first = await read();
  t.equal(first.length, 120);
  growing.addEvents(33);
  const second = await spawnCli(argv, dir, {CROCT_API_KEY: growing.apiKey}).done;
  t.match(second.stderr, /^events: 33 items, .* 153 in total\n$/);
  const after = await read();
  t.same(after.slice(0, 120), first, 'earlier lines untouched');
  const added = after.slice(120).map((line) => JSON.parse(line) as {id: string});
  t.equal(new Set(after.map((line) => (JSON.parse(line) as {id: string}).id)).size, 153, 'no duplicates');
  t.equal(added.length, 33);
  // First run: 5 pages and the final empty one; second: the 33 new events in 2 pages, then the empty one.
  t.equal(growing.stats.byPath['/events'], 6 + 3, 'the second run asked only for the new pages');
});

t.test('stdout carries only data, stderr one summary line; the key is never printed', async (t) => {
  const dir = t.testdir();
  const simulator = await start(t, {events: 500, seed: 21});
  const key = simulator.apiKey;
  const result = await spawnCli(['users', '--base-url', simulator.url, '--format', 'csv'], dir, {
    CROCT_API_KEY: key,
  }).done;
  t.equal(result.code, 0);
  t.match(
    result.stdout,
    /^userId,externalUserId,firstName,lastName,email,lastModifiedTime,sessions,orders\n/,
  );
  t.equal(result.stdout.trimEnd().split('\n').length, 1 + 16);
  t.match(result.stderr, /^users: 16 items, 2 pages in [\d.]+s \([\d,]+ items\/s, 0 retries\) -> stdout\n$/);
  t.notMatch(result.stdout + result.stderr, key);
  const denied = await spawnCli(['events', '--base-url', simulator.url], dir, {
    CROCT_API_KEY: '11111111-1111-4111-8111-111111111111',
  }).done;
  t.equal(denied.code, 1);
  t.match(denied.stderr, /HttpError \[ERR_EXPORT_UNAUTHORIZED\]: /);
  t.notMatch(denied.stdout + denied.stderr, '11111111-1111-4111-8111-111111111111');
  const usage = await spawnCli(['events', '--page-size', 'lots'], dir, {CROCT_API_KEY: key}).done;
  t.equal(usage.code, 2);
  t.equal(usage.stdout, '');
  t.equal(
    usage.stderr,
    'UsageError [ERR_USAGE]: Expected `--page-size` to be an integer from 1 to 1000, got "lots"\nRun `export-stream events --help` for usage.\n',
  );
});

t.test('simulate runs in the foreground and stops cleanly on SIGTERM', async (t) => {
  const {child, done} = spawnCli(['simulate', '--port', '0', '--events', '40'], t.testdir());
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    printed += chunk.toString();
  });
  await waitFor(() => /API key: /.test(printed));
  const [, url] = /listening on (\S+)/.exec(printed)!;
  const [, apiKey] = /API key: (\S+)/.exec(printed)!;
  const exported = await spawnCli(['events', '--base-url', url!, '--api-key', apiKey!], t.testdir()).done;
  t.equal(exported.stdout.trimEnd().split('\n').length, 40);
  child.kill('SIGTERM');
  const stopped = await done;
  t.equal(stopped.code, 0);
  t.match(stopped.stderr, /Simulator stopped after 2 requests\.\n$/);
});

t.test(
  'the demo (npm start) exports into ./export and picks up only what is new when run again',
  async (t) => {
    const dir = t.testdir();
    const first = await spawnCli(['demo'], dir).done;
    t.equal(first.code, 0, first.stderr);
    t.equal(first.stdout, '');
    t.notMatch(first.stderr, '\r', 'no progress lines without a TTY');
    for (const resource of ['events', 'sessions', 'users']) {
      t.ok((await sizeOf(join(dir, 'export', `${resource}.ndjson`))) > 0);
      t.ok((await sizeOf(join(dir, 'export', `${resource}.state.json`))) > 0);
    }
    const second = await spawnCli(['demo'], dir).done;
    t.equal(second.code, 0);
    t.match(second.stderr, /export\/users\.ndjson +\+\d+ +[\d,]+ in total/);
  },
);

import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import {demoWorld} from '../lib/cli/demo-world.js';
import {createSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';
import {waitFor} from './helpers/wait-for.js';

const lines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));

t.test('the demo world grows from its saved origin in whole steps, keeping old items in place', async (t) => {
  const dir = t.testdir();
  const first = await demoWorld(dir, 1_800_000_000_000);
  t.equal(first.first, true);
  t.same(first.simulator, {
    seed: 1,
    events: 3000,
    sessions: 300,
    users: 100,
    window: {start: 1_800_000_000_000 - 600_000, end: 1_800_000_000_000},
  });
  const later = await demoWorld(dir, 1_800_000_000_000 + 13_000);
  t.equal(later.first, false);
  t.equal(later.simulator.events, 3060, '65 events in 13 s, in whole steps of 30');
  t.equal(later.simulator.window.end - later.simulator.window.start, 3060 * 200);
  t.equal(later.simulator.window.start, first.simulator.window.start);
  await writeFile(join(dir, 'demo.json'), JSON.stringify({origin: 1_900_000_000_000}));
  t.equal((await demoWorld(dir, 1_800_000_000_000)).first, true, 'an origin in the future starts over');
  await writeFile(join(dir, 'demo.json'), 'garbage');
  t.equal((await demoWorld(dir, 1_900_000_000_000)).first, true, 'an unreadable origin starts over');
});

t.test(
  'the demo exports events, sessions and users to NDJSON with state files, then only what is new',
  async (t) => {
    const dir = t.testdir();
    const signal = new AbortController().signal;
    const first = await runCli(['demo'], {cwd: dir, signal});
    t.equal(first.code, 0, first.stderr);
    t.equal(first.stdout, '');
    t.match(
      first.stderr,
      /^Simulated shop at http:\/\/127\.0\.0\.1:\d+: 3,000 events, 300 sessions, 100 users \(first run\)\.\n/,
    );
    t.match(first.stderr, /export\/events\.ndjson +\+3,000 +3,000 in total\n/);
    t.equal((await lines(join(dir, 'export/events.ndjson'))).length, 3000);
    t.equal((await lines(join(dir, 'export/users.ndjson'))).length, 100);

    // Pretend the first run was a minute ago: the shop has produced 300 more events since.
    const saved = JSON.parse(await readFile(join(dir, 'export/demo.json'), 'utf8')) as {origin: number};
    await writeFile(join(dir, 'export/demo.json'), JSON.stringify({origin: saved.origin - 60_000}));
    const second = await runCli(['demo', '--dir', 'export'], {cwd: dir, signal});
    t.equal(second.code, 0);
    t.match(second.stderr, /after the first run\)/);
    // At least the minute's 300 events, in whole steps of 30 (one step per 6 s the first run itself took).
    const added = /export\/events\.ndjson +\+(\d+) +([\d,]+) in total\n/.exec(second.stderr);
    t.ok(added, second.stderr);
    const grown = Number(added?.[1]);
    t.ok(grown >= 300 && grown % 30 === 0, `+${grown} events: at least 300, in steps of 30`);
    t.equal(added?.[2], (3000 + grown).toLocaleString('en-US'));
    t.match(
      second.stderr,
      new RegExp(`export/sessions\\.ndjson +\\+${grown / 10} +${300 + grown / 10} in total\\n`),
    );
    const events = await lines(join(dir, 'export/events.ndjson'));
    t.equal(events.length, 3000 + grown);
    t.equal(new Set(events.map((event) => event.id)).size, 3000 + grown, 'no event twice');
  },
);

t.test('the demo stops gracefully on a signal', async (t) => {
  const controller = new AbortController();
  controller.abort('SIGTERM');
  const result = await runCli(['demo'], {cwd: t.testdir(), signal: controller.signal});
  t.equal(result.code, 143);
});

t.test('the demo fails with exit 1 when an export fails', async (t) => {
  const result = await runCli(['demo', '--dir', '.'], {
    cwd: t.testdir(),
    signal: new AbortController().signal,
    env: {EXPORT_STREAM_CRASH_AT: 'sync:2'},
    kill: () => {
      throw new Error('disk on fire');
    },
  });
  t.equal(result.code, 1);
  t.match(result.stderr, /\nevents: failed after [\d,]+ items.*\nError: disk on fire\n$/);
});

t.test('the demo fails with exit 1 when it cannot write its files', async (t) => {
  const dir = t.testdir({export: {'events.ndjson': {}}});
  const result = await runCli(['demo'], {cwd: dir, signal: new AbortController().signal});
  t.equal(result.code, 1);
  t.match(result.stderr, /Error \[EISDIR\]/);
});

t.test('simulate prints its URL and key, serves until a signal, then stops cleanly', async (t) => {
  const controller = new AbortController();
  let printed = '';
  const running = runCli(
    [
      'simulate',
      '--port',
      '0',
      '--events',
      '20',
      '--seed',
      '5',
      '--live',
      '2.5',
      '--latency',
      '1',
      '--fault-rate',
      '0',
      '--sessions',
      '4',
      '--users',
      '2',
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: t.testdir(),
      signal: controller.signal,
      onStdout: (chunk) => {
        printed += chunk;
      },
    },
  );
  await waitFor(() => /API key: /.test(printed), {what: 'the simulator to print its URL and key'});
  controller.abort('SIGINT');
  const result = await running;
  t.equal(result.code, 0);
  t.match(
    result.stdout,
    /^Croct Export API simulator listening on http:\/\/127\.0\.0\.1:\d+\nAPI key: [0-9a-f-]{36}\nTry: /,
  );
  t.match(result.stderr, /Press Ctrl\+C to stop\.\nSimulator stopped after 0 requests\.\n$/);
});

t.test('simulate stops at once when the signal is already aborted', async (t) => {
  const controller = new AbortController();
  controller.abort('SIGTERM');
  const result = await runCli(['simulate', '--port', '0'], {cwd: t.testdir(), signal: controller.signal});
  t.equal(result.code, 0);
});

t.test('simulate reports a port in use as a runtime error', async (t) => {
  const other = await createSimulator();
  t.teardown(() => other.close());
  const port = new URL(other.url).port;
  const clash = await runCli(['simulate', '--port', port], {
    cwd: t.testdir(),
    signal: new AbortController().signal,
  });
  t.equal(clash.code, 1);
  t.match(clash.stderr, /EADDRINUSE/);
});

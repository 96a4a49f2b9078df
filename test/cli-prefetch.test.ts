import t from 'tap';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

// A closed window (days before today), so that OpenPanel pages may be read ahead.
const window = {start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 3)};
const simulator = await createOpenPanelSimulator({events: 200, window, latency: 40, seed: 9});
t.teardown(() => simulator.close());
const env = {OPENPANEL_CLIENT_ID: simulator.clientId, OPENPANEL_CLIENT_SECRET: simulator.clientSecret};
const args = [
  'openpanel',
  'events',
  '--base-url',
  simulator.url,
  '--start',
  '2026-01-01',
  '--end',
  '2026-01-03',
];

t.test('--prefetch 4 runs OpenPanel page requests concurrently, every event once', async (t) => {
  simulator.resetStats();
  const result = await runCli([...args, '--page-size', '20', '--prefetch', '4'], {cwd: t.testdir(), env});
  t.equal(result.code, 0, result.stderr);
  const ids = result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => (JSON.parse(line) as {id: string}).id);
  t.equal(ids.length, 200);
  t.equal(new Set(ids).size, 200, 'no event twice');
  t.ok(simulator.stats.peakConcurrent >= 2, `requests overlapped (peak ${simulator.stats.peakConcurrent})`);
});

t.test('without --prefetch the CLI reads one page at a time', async (t) => {
  simulator.resetStats();
  const result = await runCli([...args, '--page-size', '50'], {cwd: t.testdir(), env});
  t.equal(result.code, 0, result.stderr);
  t.equal(simulator.stats.peakConcurrent, 1);
});

t.test('--prefetch out of range is a usage error naming the flag', async (t) => {
  const result = await runCli([...args, '--prefetch', '101'], {cwd: t.testdir(), env});
  t.equal(result.code, 2);
  t.match(result.stderr, /Expected `--prefetch` to be an integer from 0 to 100, got "101"/);
});

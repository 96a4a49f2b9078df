import {readdir, readFile, stat, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import {createSimulator} from '../lib/simulator/index.js';
import {runCli, spawnCli} from './helpers/cli-harness.js';
import {waitFor} from './helpers/wait-for.js';

// The real bin (dist/, built before the tests) killed for real: what a SIGKILL leaves on disk.
const day = 86_400_000;
const start = Math.floor(Date.now() / day) * day - 3 * day;
const window = {start, end: start + 3 * day};
const quick = await createSimulator({events: 300, seed: 4, window});
// The same data, served slowly enough to be killed mid-window.
const slow = await createSimulator({events: 300, seed: 4, window, latency: 10});
t.teardown(() => Promise.all([quick.close(), slow.close()]));

const key = (offset: number) =>
  new Date(start + offset * day).toISOString().replace(/[-:]/g, '').replace('.000', '');
const names = [0, 1, 2].map((offset) => `crash_events_${key(offset)}.csv`);

async function setup(dir: string, baseUrl: string): Promise<void> {
  const request = {
    name: 'crash',
    type: 'recurring',
    periodicity: 'P1D',
    periodStart: new Date(start).toISOString(),
    format: {extension: 'csv', timezone: 'Europe/Rome'},
    items: [{provider: 'croct', resource: 'events', baseUrl, pageSize: 5, filename: 'events'}],
  };
  await writeFile(join(dir, 'crash.json'), JSON.stringify(request));
}

const argv = ['run', 'crash.json', '--out-dir', 'out', '--once'];
/** How far the ledger says the windows are exported: the start of the last one done. */
const ledger = async (dir: string): Promise<string | undefined> => {
  const text = await readFile(join(dir, 'out', '.export-stream', 'crash.state.json'), 'utf8');
  return (JSON.parse(text) as {through?: string}).through;
};
const startOf = (offset: number) => new Date(start + offset * day).toISOString();
/** The temporary file of window `offset`, once it holds bytes: the export is mid-window. */
const midWindow = (dir: string, offset: number) => async () => {
  for (const name of await readdir(join(dir, 'out')).catch(() => [])) {
    if (name.startsWith(`.${names[offset]}.`) && (await stat(join(dir, 'out', name))).size > 0) {
      return true;
    }
  }
  return false;
};

const reference = t.testdir();
await setup(reference, quick.url);
const whole = await runCli(argv, {cwd: reference, env: {CROCT_API_KEY: quick.apiKey}});
const expected = await Promise.all(names.map((name) => readFile(join(reference, 'out', name))));

t.test(
  'SIGKILL mid-window, then a re-run: that window is exported again from scratch, none twice',
  async (t) => {
    t.equal(whole.code, 0, whole.stderr);
    const dir = t.testdir();
    await setup(dir, slow.url);
    const env = {CROCT_API_KEY: slow.apiKey};
    const {child, done} = spawnCli(argv, dir, env);
    await waitFor(async () => child.exitCode !== null || (await midWindow(dir, 1)()), {
      what: 'the second window under way',
    });
    child.kill('SIGKILL');
    t.equal((await done).signal, 'SIGKILL');
    const left = await readdir(join(dir, 'out'));
    t.ok(
      left.includes(names[0]!) && !left.includes(names[1]!),
      'the first window is in place, the second is not',
    );
    t.ok(
      left.some((name) => name.startsWith(`.${names[1]}.`) && name.endsWith('.tmp')),
      'only a temporary file of it',
    );
    t.equal(await ledger(dir), startOf(0), 'the killed window is not recorded');

    const rerun = await spawnCli(argv, dir, env).done;
    t.equal(rerun.code, 0, rerun.stderr);
    t.match(rerun.stderr, /crash: removing the stale lock .* which is no longer running/);
    t.match(rerun.stderr, /crash: removed \.crash_events_\S+\.tmp, left by a run that was killed/);
    t.match(rerun.stderr, /crash: 2 windows, 2 files, \d+ rows; next window due/);
    t.same(
      (await readdir(join(dir, 'out'))).sort(),
      ['.export-stream', ...names],
      'no temporary file is left',
    );
    for (const [index, name] of names.entries()) {
      t.same(
        await readFile(join(dir, 'out', name)),
        expected[index],
        `${name}: the bytes of an uninterrupted run`,
      );
    }
    t.equal(await ledger(dir), startOf(2), 'every window recorded');
  },
);

import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import type {ExportState} from '../lib/cli/state-file.js';
import {createSimulator, type Simulator} from '../lib/simulator/index.js';
import {sizeOf, spawnCli} from './helpers/cli-harness.js';
import {waitFor} from './helpers/wait-for.js';

// The real bin (dist/, built before the tests), SIGKILLed for real: nothing in-process can fake
// what the kernel keeps of a file whose writer dies mid-way.
t.setTimeout(480_000);

const quick = await createSimulator({events: 800, seed: 11});
// The same data (same seed and counts), served slowly enough to be killed at a chosen size.
const slow = await createSimulator({events: 800, seed: 11, latency: 4});
t.teardown(() => Promise.all([quick.close(), slow.close()]));

function exporter(simulator: Simulator, dir: string, format: 'ndjson' | 'csv') {
  const argv = ['events', '--base-url', simulator.url, '--page-size', '20', '--format', format];
  const file = join(dir, `out.${format}`);
  return {
    file,
    spawn: (env: Record<string, string> = {}) =>
      spawnCli([...argv, '--out', file, '--state', join(dir, 'out.state.json')], dir, {
        CROCT_API_KEY: simulator.apiKey,
        ...env,
      }),
    bytes: () => readFile(file),
    state: async () => JSON.parse(await readFile(join(dir, 'out.state.json'), 'utf8')) as ExportState,
  };
}

for (const format of ['ndjson', 'csv'] as const) {
  t.test(
    `${format}: SIGKILL at any point, then a re-run, gives the bytes of one uninterrupted run`,
    async (t) => {
      const reference = exporter(quick, t.testdir(), format);
      const whole = await reference.spawn().done;
      t.equal(whole.code, 0, whole.stderr);
      const expected = await reference.bytes();
      t.ok(expected.length > 50_000);

      t.test('killed by the test hook inside each phase of a checkpoint', async (t) => {
        // write: data written, not fsynced; sync: data fsynced, no state yet; state-temp: the new
        // state fsynced under its temporary name; state: renamed into place. 40 commits in all
        // (the last page's checkpoint and the final empty page's are committed together).
        for (const at of [
          'write:1',
          'write:9',
          'sync:1',
          'sync:17',
          'state-temp:1',
          'state-temp:23',
          'state:2',
          'state:40',
        ]) {
          const run = exporter(quick, t.testdir(), format);
          const killed = await run.spawn({EXPORT_STREAM_CRASH_AT: at}).done;
          t.equal(killed.signal, 'SIGKILL', `killed at ${at}`);
          const resumed = await run.spawn().done;
          t.equal(resumed.code, 0, resumed.stderr);
          t.same(await run.bytes(), expected, `byte-identical after a SIGKILL at ${at}`);
        }
      });

      t.test('killed again and again, each run resuming the last', async (t) => {
        const run = exporter(quick, t.testdir(), format);
        const points = ['sync:3', 'state-temp:4', 'write:2', 'state:10', 'sync:1'];
        for (const at of points) {
          t.equal((await run.spawn({EXPORT_STREAM_CRASH_AT: at}).done).signal, 'SIGKILL', at);
        }
        t.ok((await run.state()).items > 0, 'progress was kept across the crashes');
        t.equal((await run.spawn().done).code, 0);
        t.same(await run.bytes(), expected);
      });

      t.test('killed from outside once the output reaches a given size', async (t) => {
        for (const share of [0.02, 0.3, 0.65, 0.95]) {
          const run = exporter(slow, t.testdir(), format);
          const {child, done} = run.spawn();
          await waitFor(
            async () => child.exitCode !== null || (await sizeOf(run.file)) >= expected.length * share,
          );
          child.kill('SIGKILL');
          const killed = await done;
          const partial = await sizeOf(run.file);
          t.comment(
            `${format}: killed at ${partial} of ${expected.length} bytes (${killed.signal ?? killed.code})`,
          );
          const resumed = await run.spawn().done;
          t.equal(resumed.code, 0, resumed.stderr);
          t.same(
            await run.bytes(),
            expected,
            `byte-identical after a SIGKILL at ${Math.round(share * 100)}%`,
          );
          const state = await run.state();
          t.equal(state.bytes, expected.length);
          t.equal(state.items, 800);
        }
      });
    },
  );
}

import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import t, {type Test} from 'tap';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

// Six closed UTC days. Every run here shares the client's limiter (100 requests per 10 s, per client
// id, in this process): the exports are kept to about a dozen pages each.
const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1);
const END = START + 6 * DAY;
const simulator = await createOpenPanelSimulator({
  events: 540,
  seed: 8,
  window: {start: START, end: END},
  rateLimit: false,
});
t.teardown(() => simulator.close());
const env = {OPENPANEL_CLIENT_ID: simulator.clientId, OPENPANEL_CLIENT_SECRET: simulator.clientSecret};
const window = ['--start', new Date(START).toISOString(), '--end', new Date(END).toISOString()];
const base = ['openpanel', 'events', '--base-url', simulator.url, ...window, '--page-size', '60'];

async function exported(t: Test, dir: string, file: string, extra: string[]): Promise<string> {
  const result = await runCli([...base, ...extra, '--out', file], {cwd: dir, env});
  t.equal(result.code, 0, result.stderr);
  return readFile(join(dir, file), 'utf8');
}

t.test(
  '--partitions 3 --ordered writes byte for byte the file of one export; unordered, the same lines',
  async (t) => {
    const dir = t.testdir();
    const whole = await exported(t, dir, 'whole.csv', ['--format', 'csv']);
    t.equal(whole.trimEnd().split('\n').length, 541, 'a header and every event');
    t.equal(
      await exported(t, dir, 'ordered.csv', ['--format', 'csv', '--partitions', '3', '--ordered']),
      whole,
    );
    const lines = (text: string) => text.trimEnd().split('\n').sort();
    const unordered = await exported(t, dir, 'any.ndjson', ['--partitions', '3']);
    const plain = await exported(t, dir, 'plain.ndjson', []);
    t.same(lines(unordered), lines(plain));
  },
);

t.test('--partition i/3: newest-first shards at UTC midnights concatenate to the single run', async (t) => {
  const dir = t.testdir();
  const whole = await exported(t, dir, 'whole.csv', ['--format', 'csv']);
  const parts: string[] = [];
  for (const index of [0, 1, 2]) {
    const argv = ['--format', 'csv', '--partition', `${index}/3`, '--state', `part-${index}.state.json`];
    parts.push(await exported(t, dir, `part-${index}.csv`, argv));
  }
  t.ok(parts.every((part) => part.length > 0));
  t.equal(parts.join(''), whole, 'only shard 0 has the header; shard order is the export order');
  const state = JSON.parse(await readFile(join(dir, 'part-0.state.json'), 'utf8')) as {
    start: number;
    end: number;
  };
  t.match(state, {start: START + 4 * DAY, end: END}, 'shard 0 holds the two newest days');
});

t.test(
  'within one UTC day the newest shard takes it all; the other is refused as empty before any request',
  async (t) => {
    const requests = simulator.stats.requests;
    const argv = ['openpanel', 'events', '--base-url', simulator.url, '--partition', '1/2'];
    const result = await runCli(
      [...argv, '--start', '2026-10-01T00:00:00Z', '--end', '2026-10-01T12:00:00Z'],
      {
        cwd: t.testdir(),
        env,
      },
    );
    t.equal(result.code, 2);
    t.match(result.stderr, /`--partition 1\/2` is empty: the window has fewer whole UTC days than shards/);
    t.equal(simulator.stats.requests, requests);
  },
);

t.test(
  '--partitions with --state and no --end: each later run appends what arrived since, once',
  async (t) => {
    const now = Date.now();
    const live = await createOpenPanelSimulator({
      events: 200,
      seed: 9,
      window: {start: now - 3 * DAY, end: now - 1000},
      rateLimit: false,
    });
    t.teardown(() => live.close());
    const dir = t.testdir();
    const liveEnv = {OPENPANEL_CLIENT_ID: live.clientId, OPENPANEL_CLIENT_SECRET: live.clientSecret};
    const argv = [
      'openpanel',
      'events',
      '--base-url',
      live.url,
      '--start',
      new Date(now - 3 * DAY).toISOString(),
    ];
    const command = [
      ...argv,
      '--page-size',
      '50',
      '--partitions',
      '3',
      '--out',
      'o.ndjson',
      '--state',
      's.json',
    ];
    const lines = async () => (await readFile(join(dir, 'o.ndjson'), 'utf8')).trimEnd().split('\n');
    for (const [inserted, total] of [
      [0, 200],
      [30, 230],
      [0, 230],
    ] as const) {
      live.insertEvents(inserted);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const result = await runCli(command, {cwd: dir, env: liveEnv});
      t.equal(result.code, 0, result.stderr);
      const ids = (await lines()).map((line) => (JSON.parse(line) as {id: string}).id);
      t.equal(ids.length, total, `${inserted} new: ${total} lines`);
      t.equal(new Set(ids).size, total, 'none twice');
    }
  },
);

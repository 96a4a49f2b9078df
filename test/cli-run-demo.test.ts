import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import t from 'tap';
import {runCli} from './helpers/cli-harness.js';

const csvFiles = async (dir: string) =>
  (await readdir(join(dir, 'export/requests'))).filter((name) => name.endsWith('.csv')).sort();

t.test(
  'the demo also runs a recurring request: the closed windows once each, then only new ones',
  async (t) => {
    // An unreadable request file from an earlier run is written again.
    const dir = t.testdir({export: {'demo-request.json': 'garbage'}});
    const first = await runCli(['demo'], {cwd: dir});
    t.equal(first.code, 0, first.stderr);
    t.match(
      first.stderr,
      /\nRecurring request export\/demo-request\.json \(Shop events, every PT5M, in Europe\/Rome\): new windows: 2, rows: [\d,]+, one CSV per window in export\/requests\/\.\nThe same from a shell: export-stream run export\/demo-request\.json --out-dir export\/requests --once\n/,
    );
    const request = JSON.parse(await readFile(join(dir, 'export/demo-request.json'), 'utf8'));
    t.match(request, {
      name: 'shop-events',
      type: 'recurring',
      periodicity: 'PT5M',
      items: [{provider: 'croct'}],
    });
    const files = await csvFiles(dir);
    t.equal(files.length, 2);
    const rows = parse(await readFile(join(dir, 'export/requests', files[1]!)), {columns: true}) as Record<
      string,
      string
    >[];
    t.equal(rows.length, 1500, 'five minutes of a shop with 5 events a second');
    t.same(Object.keys(rows[0]!), ['Event', 'Time (Rome)', 'Type', 'Session']);
    t.match(rows[0]!['Time (Rome)'], /\+0[12]:00$/);

    // As in the demo's own test: pretend the first run was three minutes ago.
    const saved = JSON.parse(await readFile(join(dir, 'export/demo.json'), 'utf8')) as {origin: number};
    await writeFile(join(dir, 'export/demo.json'), JSON.stringify({origin: saved.origin - 180_000}));
    const second = await runCli(['demo'], {cwd: dir});
    t.equal(second.code, 0, second.stderr);
    t.same(
      JSON.parse(await readFile(join(dir, 'export/demo-request.json'), 'utf8')).periodStart,
      request.periodStart,
      'the windows keep their anchor',
    );
    const again = await csvFiles(dir);
    t.same(again.slice(0, files.length), files, 'no window exported twice');
  },
);

t.test('the demo stops with 143 when the signal comes before the recurring request', async (t) => {
  const controller = new AbortController();
  const result = await runCli(['demo'], {
    cwd: t.testdir(),
    signal: controller.signal,
    onStderr: (text) => text.includes('Exported into') && controller.abort('SIGTERM'),
  });
  t.equal(result.code, 143);
  t.notMatch(result.stderr, /Recurring request/);
});

t.test("the demo fails with exit 1 when the recurring request's window fails", async (t) => {
  const dir = t.testdir();
  const periodStart = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 600_000);
  const key = periodStart.toISOString().replace(/[-:]/g, '').replace('.000', '');
  // A directory where the first window's file goes: the rename into place fails.
  await mkdir(join(dir, `export/requests/shop-events_events_${key}.csv`), {recursive: true});
  await writeFile(
    join(dir, 'export/demo-request.json'),
    JSON.stringify({periodStart: periodStart.toISOString()}),
  );
  await writeFile(join(dir, 'export/demo.json'), 'not json: a fresh origin');
  const result = await runCli(['demo'], {cwd: dir});
  t.equal(result.code, 1);
  t.match(result.stderr, /\nError \[E(ISDIR|NOTEMPTY|EXIST)\]: /);
});

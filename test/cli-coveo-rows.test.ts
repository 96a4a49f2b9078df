import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import t, {type Test} from 'tap';
import {createCoveoSimulator} from '../lib/simulator/coveo/create-simulator.js';
import {runCli} from './helpers/cli-harness.js';

async function start(t: Test, options = {}) {
  const simulator = await createCoveoSimulator({seed: 3, rowsPerDay: 30, ...options});
  t.teardown(() => simulator.close());
  const env = {COVEO_ACCESS_TOKEN: simulator.accessToken};
  const base = ['coveo', 'rows', '--base-url', simulator.url, '--poll-interval', '1'];
  return {simulator, env, base};
}

t.test(
  'a CSV export stopped mid-file resumes from its state file into the same bytes as one run',
  async (t) => {
    const {simulator, env, base} = await start(t, {rowLimit: 70});
    const dir = t.testdir();
    const args = [...base, '--from', '2026-11-01', '--to', '2026-11-03', '--tables', 'searches,clicks'];
    const once = await runCli([...args, '--format', 'csv', '--page-size', '25', '-o', 'once.csv'], {
      cwd: dir,
      env,
    });
    t.equal(once.code, 0, once.stderr);
    const whole = await readFile(join(dir, 'once.csv'), 'utf8');
    t.equal((parse(whole, {columns: true}) as unknown[]).length, 120);
    t.match(whole, /^table,datetime,searchId,clickId,/);

    const controller = new AbortController();
    const resumable = [
      ...args,
      '--format',
      'csv',
      '--page-size',
      '25',
      '-o',
      'rows.csv',
      '--state',
      'rows.state.json',
    ];
    const stopped = await runCli(resumable, {
      cwd: dir,
      env: {...env, EXPORT_STREAM_CRASH_AT: 'state:2'},
      signal: controller.signal,
      kill: () => controller.abort(Object.assign(new Error('SIGTERM'), {signal: 'SIGTERM'})),
    });
    t.not(stopped.code, 0, 'stopped after the second checkpoint');
    const state = JSON.parse(await readFile(join(dir, 'rows.state.json'), 'utf8')) as {items: number};
    t.equal(state.items, 50, 'the state records 50 rows, mid-way through the first file');
    const resumed = await runCli(resumable, {cwd: dir, env});
    t.equal(resumed.code, 0, resumed.stderr);
    t.equal(await readFile(join(dir, 'rows.csv'), 'utf8'), whole, 'byte for byte');
    t.equal(simulator.storage.authorizationSeen, false);
    t.ok(simulator.exports().length >= 4, 'the window was split under the row limit');
    t.notOk(simulator.exports().some((job) => job.truncated));
  },
);

t.test('NDJSON to stdout, with the job status on the progress line while it waits', async (t) => {
  const {env, base} = await start(t, {readyAfterMs: 700});
  const result = await runCli(
    [...base, '--start', '2026-11-01', '--end', '2026-11-02', '--tables', 'keywords'],
    {
      cwd: t.testdir(),
      env,
      tty: true,
    },
  );
  t.equal(result.code, 0, result.stderr);
  const rows = result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as {table: string});
  t.equal(rows.length, 30);
  t.ok(rows.every((row) => row.table === 'keywords'));
  t.match(result.stderr, /coveo rows: job PENDING, 0 items/);
});

t.test('an existing export by id, as a JSON array of display-named columns', async (t) => {
  const {simulator, env, base} = await start(t);
  const created = await runCli(
    [...base, '--from', '2026-11-01', '--to', '2026-11-02', '--tables', 'groups', '--limit', '1'],
    {
      cwd: t.testdir(),
      env,
    },
  );
  t.equal(created.code, 0);
  const exportId = simulator.exports()[0]!.id;
  const result = await runCli([...base, '--export-id', exportId, '--format', 'json'], {
    cwd: t.testdir(),
    env,
  });
  t.equal(result.code, 0, result.stderr);
  t.equal((JSON.parse(result.stdout) as unknown[]).length, 30);
  const named = await runCli(
    [
      ...base,
      '--from',
      '2026-11-01',
      '--to',
      '2026-11-02',
      '--tables',
      'GROUPS',
      '--display-names',
      '--csv-dialect',
      'no_newline',
      '--filter',
      "a=='b'",
      '--search-filter',
      "c=='d'",
      '--custom-event-filter',
      "e=='f'",
      '--dimensions',
      'userGroup',
      '--max-wait',
      '60000',
      '--limit',
      '1',
    ],
    {cwd: t.testdir(), env},
  );
  t.equal(named.code, 0, named.stderr);
  t.match(JSON.parse(named.stdout.trim()), {table: 'groups'});
  t.same(simulator.exports()[0]?.tables, ['groups']);
});

t.test('mistakes are usage errors naming the flag; the token is never shown', async (t) => {
  const {env, base} = await start(t);
  const cases: [string[], RegExp][] = [
    [['--from', '2026-11-01', '--start', '2026-11-01'], /Pass `--from` or `--start`, not both/],
    [['--to', '2026-11-01', '--end', '2026-11-02'], /Pass `--to` or `--end`, not both/],
    [
      ['--from', '2026-11-01', '--to', '2026-11-02', '--tables', 'searches,visits'],
      /Expected `--tables` at \[1\] to be one of 'SEARCHES'/,
    ],
    [
      ['--from', '2026-11-01', '--to', '2026-11-02', '--tables', 'searches,'],
      /Expected `--tables` to be a comma-separated list such as searches,clicks/,
    ],
    [
      ['--from', '2026-11-01', '--to', '2026-11-02', '--csv-dialect', 'tsv'],
      /Expected `--csv-dialect` to be one of 'EXCEL', 'NO_NEWLINE'/,
    ],
    [['--to', '2026-11-02'], /Expected `--from` to be the start of the window/],
    [['--from', '1762000000', '--to', 'soon'], /Expected `--to` to be a Date, an ISO-8601 string/],
    [['--export-id', 'abc', '--from', '2026-11-01'], /Expected `--from` to be left out with `exportId`/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli([...base, ...args], {cwd: t.testdir(), env});
    t.equal(result.code, 2, args.join(' '));
    t.match(result.stderr, message);
    t.notMatch(result.stderr, env.COVEO_ACCESS_TOKEN);
  }
  const missing = await runCli([...base, '--from', '2026-11-01', '--to', '2026-11-02'], {
    cwd: t.testdir(),
    env: {},
  });
  t.match(missing.stderr, /Missing access token: set COVEO_ACCESS_TOKEN/);
  const denied = await runCli([...base, '--from', '2026-11-01', '--to', '2026-11-02'], {
    cwd: t.testdir(),
    env: {COVEO_ACCESS_TOKEN: 'xx-not-the-token-123'},
  });
  t.equal(denied.code, 1);
  t.match(
    denied.stderr,
    /HttpError \[ERR_EXPORT_UNAUTHORIZED\]: exportRows GET \/v15\/exports\/rowLimit failed with HTTP 401/,
  );
  t.notMatch(denied.stderr, /xx-not-the-token-123/);
  const help = await runCli(['coveo', 'rows', '--help'], {cwd: t.testdir()});
  t.match(help.stdout, /--tables LIST/);
  t.match(help.stdout, /COVEO_ACCESS_TOKEN/);
});

import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import {join} from 'node:path';
import t from 'tap';
import {errorLine} from '../lib/cli/run-command.js';
import {createOpenPanelSimulator, createSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

// Two closed UTC days before today: the recurring request has exactly two due windows (run on the
// real clock, as users do).
const day = 86_400_000;
const start = Math.floor(Date.now() / day) * day - 2 * day;
const window = {start, end: start + 2 * day};
const key = (offset: number) =>
  new Date(start + offset * day).toISOString().replace(/[-:]/g, '').replace('.000', '');
const iso = new Date(start).toISOString();
const croct = await createSimulator({events: 120, seed: 9, window});
const openpanel = await createOpenPanelSimulator({events: 60, seed: 9, window, rateLimit: false});
t.teardown(() => Promise.all([croct.close(), openpanel.close()]));
const env = {
  CROCT_API_KEY: croct.apiKey,
  OPENPANEL_CLIENT_ID: openpanel.clientId,
  OPENPANEL_CLIENT_SECRET: openpanel.clientSecret,
};

const orders = {
  name: 'orders',
  type: 'recurring',
  periodicity: 'P1D',
  periodStart: iso,
  format: {extension: 'csv', timezone: 'America/Sao_Paulo', csvDelimiter: ';', bom: true},
  items: [{provider: 'croct', resource: 'events', baseUrl: croct.url, filename: 'events', pageSize: 7}],
};
const views = {
  name: 'views',
  type: 'oneTime',
  from: iso,
  to: new Date(start + 2 * day).toISOString(),
  format: {extension: 'ndjson', timezone: 'Asia/Tokyo'},
  items: [{provider: 'openpanel', resource: 'events', baseUrl: openpanel.url}],
  notification: {medium: 'slack', text: '{{rows}} views'},
};

async function requests(dir: string, files: Record<string, unknown>): Promise<void> {
  for (const [name, json] of Object.entries(files)) {
    await writeFile(join(dir, name), JSON.stringify(json));
  }
}

t.test(
  'run --once exports what is due for every request, a line per window and a summary each',
  async (t) => {
    const cwd = t.testdir();
    await requests(cwd, {'orders.json': orders, 'views.json': views});
    // What a killed run leaves: removed, and said so.
    const orphan = `.orders_events_${key(0)}.csv.999999999-0123abcd.tmp`;
    await mkdir(join(cwd, 'out'));
    await writeFile(join(cwd, 'out', orphan), 'partial');
    const result = await runCli(['run', 'orders.json', 'views.json', '--out-dir', 'out', '--once'], {
      cwd,
      env,
      tty: true,
    });
    t.equal(result.code, 0, result.stderr);
    t.same((await readdir(join(cwd, 'out'))).sort(), [
      '.export-stream',
      `orders_events_${key(0)}.csv`,
      `orders_events_${key(1)}.csv`,
      `views_openpanel-events_${key(0)}.ndjson`,
    ]);
    t.same((await readdir(join(cwd, 'out', '.export-stream'))).sort(), [
      'orders.state.json',
      'views.state.json',
    ]);
    const csv = await readFile(join(cwd, 'out', `orders_events_${key(0)}.csv`), 'utf8');
    t.ok(csv.startsWith('\uFEFFid;timestamp;type;'), 'the BOM, the delimiter and the default columns');
    t.match(csv.split('\r\n')[1] ?? csv.split('\n')[1], /;\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-03:00;/);
    const lines = (await readFile(join(cwd, 'out', `views_openpanel-events_${key(0)}.ndjson`), 'utf8'))
      .trim()
      .split('\n');
    t.equal(lines.length, 60);
    t.match(JSON.parse(lines[0]!).createdAt, /\+09:00$/, 'createdAt rendered in Tokyo');
    const stderr = result.stderr.replaceAll('\r\x1b[2K', '\n');
    // Both requests share the one progress line; which of them draws a frame depends on timing.
    t.match(stderr, /(orders|views) \d{8}T\d{6}Z: item 1, \d+ rows/, 'progress redrawn on a TTY');
    t.match(
      stderr,
      new RegExp(
        `\\norders \\S+T21:00:00-03:00 – \\S+T21:00:00-03:00 \\(America/Sao_Paulo\\): \\d+ rows in orders_events_${key(0)}\\.csv \\(\\d+\\.\\ds\\)\\n`,
      ),
    );
    t.match(
      stderr,
      /\nviews .*: 60 rows in views_openpanel-events_\d{8}T000000Z\.ndjson \(\d+\.\ds\); slack notification to .* failed: /,
    );
    t.match(
      stderr,
      /\norders: 2 windows, 2 files, 120 rows; next window due \d{4}-\d\d-\d\dT21:00:00-03:00\n/,
    );
    t.match(stderr, /\nviews: 1 window, 1 file, 60 rows; done\n/);
    t.match(stderr, `orders: removed ${orphan}, left by a run that was killed\n`);
    t.equal(result.stdout, '', 'nothing on stdout');

    const again = await runCli(['run', 'orders.json', 'views.json', '--out-dir', 'out', '--once'], {
      cwd,
      env,
    });
    t.equal(again.code, 0);
    t.match(
      again.stderr,
      /^orders: 0 windows, 0 files, 0 rows; next window due .*\nviews: 0 windows, 0 files, 0 rows; done\n$/,
    );
  },
);

t.test(
  'run needs --out-dir and distinct names, and refuses an invalid request before running any',
  async (t) => {
    const cwd = t.testdir();
    await requests(cwd, {'orders.json': orders, 'copy.json': orders, 'bad.json': {...orders, colour: 1}});
    const noOut = await runCli(['run', 'orders.json'], {cwd, env});
    t.equal(noOut.code, 2);
    t.match(
      noOut.stderr,
      /^UsageError \[ERR_USAGE\]: Missing `--out-dir DIR`: where the files go\nRun `export-stream run --help` for usage\.\n$/,
    );
    const twice = await runCli(['run', 'orders.json', 'copy.json', '--out-dir', 'out'], {cwd, env});
    t.equal(twice.code, 2);
    t.match(twice.stderr, /Two requests are named "orders" \(the second in copy\.json\)/);
    const bad = await runCli(['run', 'orders.json', 'bad.json', '--out-dir', 'out', '--once'], {cwd, env});
    t.equal(bad.code, 2);
    t.match(
      bad.stderr,
      /^RequestValidationError \[ERR_EXPORT_INVALID_OPTION\]: bad\.json: colour: expected one of the known fields/,
    );
    await t.rejects(readdir(join(cwd, 'out')), {code: 'ENOENT'}, 'nothing ran');
  },
);

t.test('a failed window or a locked request makes run exit 1; the others still run', async (t) => {
  const cwd = t.testdir();
  await requests(cwd, {'orders.json': orders, 'views.json': views});
  await writeFile(
    join(cwd, 'views.state.json.lock'),
    JSON.stringify({pid: process.pid, hostname: hostname(), startedAt: 'now'}),
  );
  const result = await runCli(
    ['run', 'orders.json', 'views.json', '--out-dir', 'out', '--state-dir', '.', '--once'],
    {
      cwd,
      env: {...env, CROCT_API_KEY: '00000000-0000-4000-8000-000000000000'},
    },
  );
  t.equal(result.code, 1);
  t.match(
    result.stderr,
    /(^|\n)orders .*: failed after \d+\.\ds: HttpError \[ERR_EXPORT_UNAUTHORIZED\]: exportEvents GET \/events/,
  );
  t.match(result.stderr, /\norders: 0 windows, 0 files, 0 rows, 1 failed; next window due/);
  t.match(
    result.stderr,
    /\nviews: StateLockedError \[ERR_STATE_LOCKED\]: State file .*views\.state\.json is in use by another export/,
  );
});

t.test('a signal stops run: the window under way is abandoned, exit 130', async (t) => {
  const cwd = t.testdir();
  await requests(cwd, {'orders.json': orders});
  const controller = new AbortController();
  const result = await runCli(['run', 'orders.json', '--out-dir', 'out'], {
    cwd,
    env,
    signal: controller.signal,
    onStderr: (text) => text.includes(`rows in orders_events_${key(0)}`) && controller.abort('SIGINT'),
  });
  t.equal(result.code, 130);
  t.match(result.stderr, /\norders: 1 window, 1 file, \d+ rows; stopped\n$/);
  t.same(await readdir(join(cwd, 'out')), ['.export-stream', `orders_events_${key(0)}.csv`]);
});

t.test('without --once, run waits for the next window of a recurring request until stopped', async (t) => {
  const cwd = t.testdir();
  await requests(cwd, {'orders.json': {...orders, periodStart: undefined, periodicity: 'P1Y'}});
  const controller = new AbortController();
  const result = await runCli(['run', 'orders.json', '--out-dir', 'out'], {
    cwd,
    env,
    signal: controller.signal,
    onStderr: (text) => text.includes('waiting for the next window') && controller.abort('SIGTERM'),
  });
  t.equal(result.code, 143);
  t.match(
    result.stderr,
    /^orders: waiting for the next window, due \d{4}-01-01T00:00:00-0[23]:00\norders: 0 windows, 0 files, 0 rows; stopped\n$/,
  );
});

t.test('an error prints as Name [CODE]: message, without brackets when it has no code', async (t) => {
  t.equal(errorLine(Object.assign(new Error('disk full'), {code: 'ENOSPC'})), 'Error [ENOSPC]: disk full');
  t.equal(errorLine(new TypeError('bad')), 'TypeError: bad');
});

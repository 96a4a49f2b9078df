import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import t from 'tap';
import {
  type ExportRequest,
  exportItem,
  ledgerPath,
  parseRequest,
  type RequestEvent,
  runRequest,
} from '../lib/requests/index.js';
import {createSimulator} from '../lib/simulator/index.js';
import {reference} from './helpers/simulator.js';

// Three Rome days around the spring change (29 March 2026 has 23 hours).
const simulator = await createSimulator({
  events: 240,
  seed: 5,
  window: {start: Date.parse('2026-03-28T00:00:00+01:00'), end: Date.parse('2026-03-31T00:00:00+02:00')},
});
const slow = await createSimulator({
  events: 240,
  seed: 5,
  latency: 3,
  window: {start: Date.parse('2026-03-28T00:00:00+01:00'), end: Date.parse('2026-03-31T00:00:00+02:00')},
});
const posts: {title?: string; text: string}[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    posts.push(JSON.parse(Buffer.concat(chunks).toString()) as {text: string});
    response.end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hook = `http://127.0.0.1:${(receiver.address() as {port: number}).port}/services/T0/B0/hook`;
t.teardown(async () => {
  receiver.close();
  await Promise.all([simulator.close(), slow.close()]);
});

const events = await reference(simulator, '/events');
const env = {CROCT_API_KEY: simulator.apiKey};

const daily = (fields: Record<string, unknown> = {}, baseUrl = simulator.url): ExportRequest =>
  parseRequest({
    name: 'daily-events',
    type: 'recurring',
    periodicity: 'P1D',
    periodStart: '2026-03-28',
    format: {
      extension: 'csv',
      timezone: 'Europe/Rome',
      columns: [
        {id: 'id|eventId', label: 'ID'},
        {id: 'timestamp', label: 'Ora'},
      ],
    },
    items: [{provider: 'croct', resource: 'events', baseUrl, pageSize: 20, filename: 'events'}],
    notification: {
      messages: [
        {
          policy: 'onSuccess',
          medium: 'slack',
          target: hook,
          title: '{{name}}',
          text: '{{rows}} rows from {{window.start}} in {{files}}',
        },
        {policy: 'onFailure', medium: 'slack', target: hook, title: 'failed', text: '{{error}}'},
      ],
    },
    ...fields,
  });

const afterThreeDays = () => new Date('2026-03-31T12:00:00Z');

t.test(
  'a run exports every due window once, in order, with the files in place before the notifications',
  async (t) => {
    const dir = t.testdir();
    const outDir = join(dir, 'out');
    const stateDir = join(dir, 'state');
    posts.length = 0;
    const seen: RequestEvent[] = [];
    const summary = await runRequest(daily(), {
      outDir,
      stateDir,
      env,
      once: true,
      now: afterThreeDays,
      onEvent: (event) => seen.push(event),
    });
    t.match(summary, {name: 'daily-events', windows: 3, failures: 0, files: 3, rows: 240, stopped: false});
    t.equal(
      summary.next?.toISOString(),
      '2026-03-31T22:00:00.000Z',
      'the next window closes at midnight in Rome',
    );
    const files = (await readdir(outDir)).sort();
    t.same(files, [
      'daily-events_events_20260327T230000Z.csv',
      'daily-events_events_20260328T230000Z.csv',
      'daily-events_events_20260329T220000Z.csv',
    ]);
    const rows = await Promise.all(
      files.map(
        async (file) =>
          parse(await readFile(join(outDir, file)), {columns: true}) as {ID: string; Ora: string}[],
      ),
    );
    t.same(
      rows.flat().map((row) => row.ID),
      events.map((event) => String(event.id ?? event.eventId)),
      'every event exactly once, in order',
    );
    t.same(
      rows.map((day) => day.length),
      [
        events.filter((event) => (event.timestamp as number) < Date.parse('2026-03-28T23:00:00Z')).length,
        events.filter(
          (event) =>
            (event.timestamp as number) >= Date.parse('2026-03-28T23:00:00Z') &&
            (event.timestamp as number) < Date.parse('2026-03-29T22:00:00Z'),
        ).length,
        events.filter((event) => (event.timestamp as number) >= Date.parse('2026-03-29T22:00:00Z')).length,
      ],
    );
    t.ok(
      rows[0]!.every((row) => row.Ora.startsWith('2026-03-28T') && row.Ora.endsWith('+01:00')),
      'Rome winter time',
    );
    t.ok(
      rows[2]!.every((row) => row.Ora.startsWith('2026-03-30T') && row.Ora.endsWith('+02:00')),
      'Rome summer time',
    );
    const ledger = JSON.parse(await readFile(ledgerPath(stateDir, daily()), 'utf8'));
    t.same(ledger.completed, [], 'no list of windows: it would grow with every window');
    t.equal(ledger.through, '2026-03-29T22:00:00.000Z', 'the start of the last window exported');
    t.equal(ledger.firstRunAt, '2026-03-31T12:00:00.000Z');
    t.same(
      posts.map((post) => post.text),
      rows.map(
        (day, index) =>
          `*daily-events*\n${day.length} rows from ${['2026-03-28T00:00:00+01:00', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'][index]} in ${files[index]}`,
      ),
    );
    t.same(
      seen.filter((event) => event.type !== 'progress').map((event) => event.type),
      ['start', 'window', 'windowDone', 'window', 'windowDone', 'window', 'windowDone'],
    );

    const again = await runRequest(daily(), {outDir, stateDir, env, once: true, now: afterThreeDays});
    t.match(again, {windows: 0, failures: 0, files: 0}, 'a re-run exports no window twice');
    t.equal(posts.length, 3, 'nor notifies again');
  },
);

t.test(
  'an abort mid-window leaves no file and does not record the window; the next run exports it',
  async (t) => {
    const dir = t.testdir();
    const outDir = join(dir, 'out');
    const controller = new AbortController();
    const request = daily({notification: undefined}, slow.url);
    const stopped = await runRequest(request, {
      outDir,
      stateDir: dir,
      env,
      once: true,
      now: afterThreeDays,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'progress' && event.rows === 30) {
          controller.abort('SIGTERM');
        }
      },
    });
    t.match(stopped, {stopped: true, windows: 0});
    t.same(await readdir(outDir), [], 'no file, no temporary file');
    t.same(JSON.parse(await readFile(ledgerPath(dir, request), 'utf8')).completed, []);
    const resumed = await runRequest(request, {outDir, stateDir: dir, env, once: true, now: afterThreeDays});
    t.match(resumed, {windows: 3, rows: 240});
  },
);

/** The request as JSON again (its Dates as ISO strings), to tweak and parse. */
function rawOf(request: ExportRequest): Record<string, unknown> {
  const {delay: _, periodStart, ...rest} = request;
  return {...rest, periodStart: periodStart?.toISOString(), format: {...request.format}};
}

t.test(
  'a failed window sends the onFailure messages, stays due, and holds back the later ones',
  async (t) => {
    const dir = t.testdir();
    posts.length = 0;
    const wrongKey = {CROCT_API_KEY: '00000000-0000-4000-8000-000000000000'};
    const summary = await runRequest(daily(), {
      outDir: dir,
      stateDir: dir,
      env: wrongKey,
      once: true,
      now: afterThreeDays,
    });
    t.match(summary, {windows: 0, failures: 1, stopped: false});
    t.equal((summary.error as {code?: string}).code, 'ERR_EXPORT_UNAUTHORIZED');
    t.equal(posts.length, 1, 'one window failed; the later ones were not tried');
    t.match(posts[0]!.text, /^\*failed\*\nexportEvents GET \/events\?.* failed with HTTP 401/);
    t.notMatch(posts[0]!.text, /00000000-0000-4000/, 'no key in the message');
    t.same(JSON.parse(await readFile(ledgerPath(dir, daily()), 'utf8')).completed, []);
    const missing = await runRequest(daily({notification: undefined}), {
      outDir: dir,
      stateDir: dir,
      env: {},
      once: true,
      now: afterThreeDays,
    });
    t.match(
      String((missing.error as Error).message),
      /Expected `CROCT_API_KEY` to be set in the environment/,
    );
  },
);

t.test('the daemon sleeps until each next window closes, and stops on abort', async (t) => {
  const dir = t.testdir();
  let clock = Date.parse('2026-03-28T02:30:00+01:00');
  const controller = new AbortController();
  const waits: string[] = [];
  const hourly = parseRequest({
    ...rawOf(daily()),
    notification: undefined,
    periodicity: 'PT1H',
    delay: 'PT5M',
  });
  const summary = await runRequest(hourly, {
    outDir: dir,
    stateDir: dir,
    env,
    now: () => new Date(clock),
    sleep: async (milliseconds, signal) => {
      if (waits.length === 3) {
        controller.abort('SIGINT');
        throw signal?.reason;
      }
      clock += milliseconds;
    },
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === 'wait') {
        waits.push(event.until.toISOString());
      }
    },
  });
  t.same(waits, ['2026-03-28T02:05:00.000Z', '2026-03-28T03:05:00.000Z', '2026-03-28T04:05:00.000Z']);
  t.match(summary, {stopped: true, windows: 4}, 'two due at the start, then one after each wake-up');
});

t.test('a failing daemon retries after 1 minute, then 2, then 4', async (t) => {
  const dir = t.testdir();
  let clock = Date.parse('2026-03-31T12:00:00Z');
  const controller = new AbortController();
  const sleeps: number[] = [];
  const summary = await runRequest(daily({notification: undefined}), {
    outDir: dir,
    stateDir: dir,
    env: {},
    now: () => new Date(clock),
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
      clock += milliseconds;
      if (sleeps.length === 3) {
        controller.abort('SIGINT');
      }
    },
    signal: controller.signal,
  });
  t.same(sleeps, [60_000, 120_000, 240_000]);
  t.match(summary, {stopped: true, failures: 3, windows: 0});
});

t.test('a one-time request waits for its window to close, exports it and is done', async (t) => {
  const dir = t.testdir();
  let clock = Date.parse('2026-03-29T12:00:00Z');
  const request = parseRequest({
    name: 'once',
    type: 'oneTime',
    from: '2026-03-29T00:00:00',
    to: '2026-03-30T00:00:00',
    format: {extension: 'ndjson', timezone: 'Europe/Rome'},
    items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url}],
  });
  const summary = await runRequest(request, {
    outDir: dir,
    stateDir: dir,
    env,
    now: () => new Date(clock),
    sleep: async (milliseconds) => {
      clock += milliseconds;
    },
  });
  t.match(summary, {stopped: false, windows: 1});
  t.equal(summary.next, undefined, 'nothing is left to do');
  t.equal(clock, Date.parse('2026-03-29T22:00:00Z'), 'it slept until the window closed');
});

t.test('a ledger of other windows, an invalid ledger and a held lock are refused', async (t) => {
  const dir = t.testdir();
  const path = ledgerPath(dir, daily());
  const options = {outDir: dir, stateDir: dir, env, once: true, now: afterThreeDays};
  await runRequest(
    parseRequest({...rawOf(daily()), notification: undefined, periodStart: '2026-03-30'}),
    options,
  );
  const error = await t.rejects(runRequest(daily(), options));
  t.match((error as Error).message, /records other windows: remove it to start over, or rename the request/);
  await writeFile(path, 'not json');
  await t.rejects(runRequest(daily(), options), {
    code: 'ERR_EXPORT_INVALID_OPTION',
    message: /a state file of export-stream requests/,
  });
  await writeFile(`${path}.lock`, JSON.stringify({pid: process.pid, hostname: hostname(), startedAt: 'now'}));
  await t.rejects(runRequest(daily(), options), {code: 'ERR_STATE_LOCKED'});
});

t.test(
  'a ledger written with a list of windows is still honoured, and one with a bad `through` refused',
  async (t) => {
    const dir = t.testdir();
    const path = ledgerPath(dir, daily());
    const options = {outDir: dir, stateDir: dir, env, once: true, now: afterThreeDays};
    // As earlier versions wrote it: the first two of the three windows listed, no `through`.
    const {requestHash} = await import('../lib/requests/ledger.js');
    const old = {
      version: 1,
      name: 'daily-events',
      requestHash: requestHash(daily()),
      firstRunAt: '2026-03-31T12:00:00.000Z',
      completed: ['20260327T230000Z', '20260328T230000Z'],
    };
    await writeFile(path, JSON.stringify(old));
    const summary = await runRequest(daily({notification: undefined}), options);
    t.match(summary, {windows: 1}, 'only the window the list does not hold');
    const ledger = JSON.parse(await readFile(path, 'utf8'));
    t.same(ledger.completed, old.completed, 'the list is kept as it was, not added to');
    t.equal(ledger.through, '2026-03-29T22:00:00.000Z');
    await writeFile(path, JSON.stringify({...old, through: 'yesterday'}));
    await t.rejects(runRequest(daily(), options), {
      code: 'ERR_EXPORT_INVALID_OPTION',
      message: /a state file of export-stream requests/,
    });
  },
);

t.test('temporary files of killed runs are removed; those of live ones are kept', async (t) => {
  const dir = t.testdir();
  await mkdir(join(dir, 'out'));
  const dead = '.daily-events_events_20260327T230000Z.csv.999999999-0123abcd.tmp';
  const live = `.daily-events_events_20260328T230000Z.csv.${process.pid}-0123abcd.tmp`;
  await writeFile(join(dir, 'out', dead), 'partial');
  await writeFile(join(dir, 'out', live), 'partial');
  const notices: string[] = [];
  await runRequest(daily({notification: undefined}), {
    outDir: join(dir, 'out'),
    stateDir: dir,
    env,
    once: true,
    now: () => new Date('2026-03-28T12:00:00Z'),
    onEvent: (event) => event.type === 'notice' && notices.push(event.text),
  });
  t.same(notices, [`removed ${dead}, left by a run that was killed`]);
  t.same(await readdir(join(dir, 'out')), [live]);
});

t.test('exportItem refuses an item index the request does not have', async (t) => {
  const window = {start: new Date(0), end: new Date(1000), key: '19700101T000000Z'};
  await t.rejects(exportItem(daily(), window, 1, {outDir: t.testdir(), env}), RangeError);
});

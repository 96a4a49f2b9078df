import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {PassThrough, Readable} from 'node:stream';
import {parse} from 'csv-parse/sync';
import t from 'tap';
import {run} from '../lib/cli/run.js';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

const simulator = await createOpenPanelSimulator({events: 120, seed: 4});
t.teardown(() => simulator.close());
const env = {OPENPANEL_CLIENT_ID: simulator.clientId, OPENPANEL_CLIENT_SECRET: simulator.clientSecret};
const api = ['openpanel', 'events', '--base-url', simulator.url];
const secret = simulator.clientSecret;

type Event = {id: string; createdAt: string; name: string; properties?: unknown};

/** Every event of the simulator, newest first, through the library (the reference). */
async function reference(): Promise<Event[]> {
  const {OpenPanelApi} = await import('../lib/openpanel/index.js');
  const client = new OpenPanelApi({
    clientId: simulator.clientId,
    clientSecret: secret,
    baseUrl: simulator.url,
  });
  const events: Event[] = [];
  for await (const event of client.exportEvents()) {
    events.push(event as Event);
  }
  return events;
}

const all = await reference();

t.test(
  'ndjson: every event exactly once, newest first, verbatim; the summary names the command',
  async (t) => {
    const result = await runCli([...api, '--page-size', '25'], {cwd: t.testdir(), env});
    t.equal(result.code, 0, result.stderr);
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Event);
    t.equal(events.length, 120);
    t.same(events, all);
    t.match(result.stderr, /^openpanel events: 120 items, 5 pages in .* -> stdout\n$/);
    t.notMatch(result.stdout + result.stderr, secret);
  },
);

t.test('json: a streamed array into --out', async (t) => {
  const dir = t.testdir();
  const result = await runCli([...api, '--format', 'json', '--out', 'e.json'], {cwd: dir, env});
  t.equal(result.code, 0, result.stderr);
  t.same(JSON.parse(await readFile(join(dir, 'e.json'), 'utf8')), all);
});

t.test('csv: the default OpenPanel columns, createdAt as the API sends it', async (t) => {
  const result = await runCli([...api, '--format', 'csv'], {cwd: t.testdir(), env});
  t.equal(result.code, 0, result.stderr);
  t.equal(result.stdout.split('\n')[0], 'id,createdAt,name,path,country,city,os,browser,profileId,sessionId');
  const rows = parse(result.stdout, {columns: true}) as Record<string, string>[];
  t.same(
    rows.map((row) => [row.id, row.createdAt, row.name]),
    all.map((event) => [event.id, event.createdAt, event.name]),
  );
});

t.test('csv --timezone renders createdAt (an ISO string) in that zone, and nothing else', async (t) => {
  const result = await runCli(
    [...api, '--format', 'csv', '--timezone', 'America/Sao_Paulo', '--columns', 'id,createdAt,name'],
    {cwd: t.testdir(), env},
  );
  t.equal(result.code, 0, result.stderr);
  const rows = parse(result.stdout, {columns: true}) as Record<string, string>[];
  t.equal(rows.length, 120);
  for (const [index, row] of rows.entries()) {
    const event = all[index]!;
    t.match(row.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-03:00$/);
    t.equal(Date.parse(row.createdAt!), Date.parse(event.createdAt), 'the same instant');
    t.equal(row.name, event.name);
  }
});

t.test('--types, --includes and --filters reach the API; --start/--end window createdAt', async (t) => {
  const names = [...new Set(all.map((event) => event.name))].sort();
  const chosen = names.slice(0, 2);
  const filtered = await runCli([...api, '--types', chosen.join(','), '--includes', 'properties'], {
    cwd: t.testdir(),
    env,
  });
  t.equal(filtered.code, 0, filtered.stderr);
  const events = filtered.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Event);
  t.same(
    events.map((event) => event.id),
    all.filter((event) => chosen.includes(event.name)).map((event) => event.id),
  );
  t.ok(
    events.every((event) => typeof event.properties === 'object'),
    'properties included',
  );
  const path = (all[0] as unknown as {path: string}).path;
  const byPath = await runCli(
    [...api, '--filters', JSON.stringify([{name: 'path', operator: 'is', value: [path]}])],
    {cwd: t.testdir(), env},
  );
  t.equal(byPath.code, 0, byPath.stderr);
  t.same(
    byPath.stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as Event).id),
    all.filter((event) => (event as unknown as {path: string}).path === path).map((event) => event.id),
  );
  const middle = all[60]!.createdAt;
  const windowed = await runCli([...api, '--end', middle, '--start', all[100]!.createdAt], {
    cwd: t.testdir(),
    env,
  });
  t.equal(windowed.code, 0, windowed.stderr);
  const inWindow = all.filter(
    (event) =>
      Date.parse(event.createdAt) >= Date.parse(all[100]!.createdAt) &&
      Date.parse(event.createdAt) < Date.parse(middle),
  );
  t.same(
    windowed.stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as Event).id),
    inWindow.map((event) => event.id),
  );
});

t.test('credentials: --client-id and --client-secret-file win over the variables', async (t) => {
  const dir = t.testdir({'secret.txt': `${secret}\n`});
  const result = await runCli(
    [...api, '--client-id', simulator.clientId, '--client-secret-file', 'secret.txt', '--limit', '3'],
    {cwd: dir, env: {OPENPANEL_CLIENT_ID: 'nope', OPENPANEL_CLIENT_SECRET: 'wrong'}},
  );
  t.equal(result.code, 0, result.stderr);
  t.equal(result.stdout.trimEnd().split('\n').length, 3);
  t.notMatch(result.stderr, 'Warning', 'a client id and a secret file are not visible in ps');
  t.notMatch(result.stdout + result.stderr, secret);
});

t.test('credentials: the secret from stdin with --client-secret-file -', async (t) => {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  err.resume();
  const code = await run([...api, '--client-secret-file', '-', '--limit', '2'], {
    stdin: Readable.from([Buffer.from(secret)]),
    stdout: out,
    stderr: err,
    env: {OPENPANEL_CLIENT_ID: simulator.clientId},
    cwd: t.testdir(),
    signal: new AbortController().signal,
    kill: () => {},
  });
  t.equal(code, 0);
  t.equal(Buffer.concat(chunks).toString().trimEnd().split('\n').length, 2);
});

t.test('missing or unreadable credentials are usage errors that say where to put them', async (t) => {
  const dir = t.testdir({'empty.txt': ''});
  const cases: [Record<string, string>, string[], RegExp][] = [
    [
      {OPENPANEL_CLIENT_SECRET: secret},
      [],
      /^UsageError \[ERR_USAGE\]: Missing client id: set OPENPANEL_CLIENT_ID, or pass `--client-id ID`\n/,
    ],
    [
      {OPENPANEL_CLIENT_ID: simulator.clientId},
      [],
      /Missing client secret: set OPENPANEL_CLIENT_SECRET, or pass `--client-secret-file FILE` \(`-` reads it from stdin\)/,
    ],
    [
      env,
      ['--client-secret-file', 'empty.txt'],
      /Expected `--client-secret-file` "empty\.txt" to hold a client secret, got nothing/,
    ],
    [
      env,
      ['--client-secret-file', 'none.txt'],
      /Cannot read the client secret from `--client-secret-file` "none\.txt": no such file/,
    ],
  ];
  for (const [given, extra, message] of cases) {
    const result = await runCli([...api, ...extra], {cwd: dir, env: given});
    t.equal(result.code, 2);
    t.match(result.stderr, message);
    t.match(result.stderr, /Run `export-stream openpanel events --help` for usage\.\n$/);
    t.notMatch(result.stderr, secret);
  }
});

t.test('a wrong secret is the API refusal (exit 1), and the secret is never echoed', async (t) => {
  const wrong = 'sec_0123456789abcdefWRONG';
  const result = await runCli(api, {cwd: t.testdir(), env: {...env, OPENPANEL_CLIENT_SECRET: wrong}});
  t.equal(result.code, 1);
  t.match(result.stderr, /HttpError \[ERR_EXPORT_UNAUTHORIZED\]: exportEvents GET /);
  t.notMatch(result.stderr, wrong);
  t.equal(simulator.stats.requests > 0, true);
});

t.test('a secret pasted into any flag is never shown in the usage error', async (t) => {
  for (const argv of [
    [...api, '--profile-id', ''],
    [...api, '--types', `a,,${secret}`],
    [...api, '--filters', `[{"name":"${secret}","operator":"nope","value":[]}]`],
    [...api, '--filters', `{${secret}`],
    [...api, '--base-url', `ftp://${secret}`],
    ['openpanel', secret],
  ]) {
    const result = await runCli(argv, {cwd: t.testdir(), env});
    t.equal(result.code, 2, argv.join(' '));
    t.notMatch(result.stdout + result.stderr, secret);
  }
});

t.test('the library says which option failed; the message names the flag', async (t) => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [
      ['--profile-id='],
      env,
      /^UsageError \[ERR_USAGE\]: Expected `--profile-id` to be a non-empty string, got ""\n/,
    ],
    [['--project-id='], env, /Expected `--project-id` to be a non-empty string, got ""/],
    [['--filters', '{}'], env, /Expected `--filters` to be an array of filters, got "\{\}"/],
    [
      ['--filters', '[{"name":"path","operator":"nope","value":[]}]'],
      env,
      /Expected `--filters` at \[0\]\.operator to be one of is, isNot, .*, got "nope"/,
    ],
    [['--filters', '[{'], env, /Expected `--filters` to be JSON such as \[.*\], got "\[\{"/],
    [
      ['--types', 'a,,b'],
      env,
      /Expected `--types` to be a comma-separated list such as screen_view,click, got "a,,b"/,
    ],
    [
      ['--includes', ','],
      env,
      /Expected `--includes` to be a comma-separated list such as properties,profile/,
    ],
    [['--page-size', '1001'], env, /Expected `--page-size` to be an integer from 1 to 1000, got "1001"/],
    [['--base-url', 'ftp://x'], env, /Expected `--base-url` to be .*, got "ftp:\/\/x"/],
    [
      [],
      {...env, OPENPANEL_CLIENT_ID: simulator.clientId.toUpperCase()},
      /Expected `OPENPANEL_CLIENT_ID` to be a lower-case UUID \(OpenPanel rejects upper-case hex\), got a value that looks like a secret \(not shown\)/,
    ],
    [['--client-id', 'abc'], env, /Expected `--client-id` to be a UUID such as .*, got "abc"/],
  ];
  for (const [extra, given, message] of cases) {
    const result = await runCli([...api, ...extra], {cwd: t.testdir(), env: given});
    t.equal(result.code, 2, extra.join(' '));
    t.match(result.stderr, message);
  }
});

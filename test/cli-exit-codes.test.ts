import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import t from 'tap';
import {report} from '../lib/cli/run.js';
import {createSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

const simulator = await createSimulator({events: 50});
t.teardown(() => simulator.close());
const key = simulator.apiKey;
const env = {CROCT_API_KEY: key};
const api = ['--base-url', simulator.url];

const usageErrors: [string, string[], RegExp, Record<string, string>?][] = [
  ['an unknown flag', ['events', '--bogus'], /Unknown option "--bogus"/],
  ['an unknown command', ['eventz'], /Unknown command "eventz"; expected one of events, sessions/],
  ['a flag without its value', ['events', '--out'], /Missing the value of `--out`: write `--out FILE`/],
  [
    'a flag followed by another flag instead of its value',
    ['events', '--limit', '-1'],
    /Missing the value of `--limit`: the next argument is a flag; write `--limit=N` for a value that starts with a dash/,
  ],
  ['a value given to a boolean flag', ['events', '--help=yes'], /`--help` takes no value/],
  ['a flag named like an object property', ['events', '--constructor=1'], /Unknown option "--constructor"/],
  [
    'an empty event type',
    ['events', ...api, '--types', 'orderPlaced,'],
    /Expected `--types` to be a comma-separated list of event types such as orderPlaced,cartViewed, got "orderPlaced,"/,
  ],
  [
    'a bad page size',
    ['events', ...api, '--page-size', '0'],
    /Expected `--page-size` to be an integer from 1 to 1000, got "0"/,
  ],
  [
    'a bad limit',
    ['users', ...api, '--limit=-1'],
    /Expected `--limit` to be an integer of at least 0, got "-1"/,
  ],
  [
    'an unknown format',
    ['events', ...api, '--format', 'xml'],
    /Expected `--format` to be one of ndjson, csv, json, got "xml"/,
  ],
  [
    'a bad date',
    ['events', ...api, '--start', '2026-13-45'],
    /Expected `--start` to be a Date, an ISO-8601 string/,
  ],
  [
    'an end before the start',
    ['events', ...api, '--start', '2026-01-02', '--end', '2026-01-01'],
    /Expected `--end` to be after `--start`/,
  ],
  ['--types with sessions', ['sessions', ...api, '--types', 'pageOpened'], /`--types` filters events only/],
  [
    '--timezone without CSV',
    ['events', ...api, '--timezone', 'UTC'],
    /`--timezone` applies to `--format csv` only/,
  ],
  [
    'an unknown time zone',
    ['events', ...api, '--format', 'csv', '--timezone', 'Moon/Base'],
    /IANA time zone/,
  ],
  [
    'bad columns',
    ['events', ...api, '--columns', 'a,,b'],
    /Expected `--columns` to be a comma-separated list/,
  ],
  ['--state without --out', ['events', ...api, '--state', 's.json'], /`--state` needs `--out FILE`/],
  [
    'no API key',
    ['events', '--base-url', simulator.url],
    /Missing API key: set CROCT_API_KEY, or pass `--api-key-file FILE` \(`-` reads it from stdin\)/,
    {},
  ],
  [
    'a malformed API key',
    ['events'],
    /Expected `CROCT_API_KEY` to be a UUID .* got a string of 17 characters$/,
    {CROCT_API_KEY: 'not-a-uuid-secret'},
  ],
  [
    'a bad base URL',
    ['events', '--base-url', 'ftp://x'],
    /Expected `--base-url` to be an absolute http\(s\) URL without credentials, got "ftp:\/\/x"$/,
  ],
  [
    'a base URL that is not one',
    ['events', '--base-url', 'not a url'],
    /Expected `--base-url` to be an absolute http\(s\) URL, got "not a url"$/,
  ],
  [
    'an event type name that cannot be one',
    ['events', ...api, '--types', 'page-opened'],
    /Expected `--types` to be a comma-separated list of event types .*, got "page-opened"/,
  ],
  [
    'a bad simulator flag',
    ['simulate', '--port', 'x'],
    /Expected `--port` to be an integer from 0 to 65535, got "x"/,
  ],
  [
    'a simulator host off loopback',
    ['simulate', '--port', '0', '--host', '0.0.0.0'],
    /Expected `--host` to be a loopback address such as 127.0.0.1 or localhost \(the command line serves loopback only\), got "0.0.0.0"$/,
  ],
  [
    'a simulator fault rate out of range',
    ['simulate', '--port', '0', '--fault-rate', '2'],
    /Expected `--fault-rate` to be a number from 0 to 1, got 2/,
  ],
  [
    'a bad simulator rate',
    ['simulate', '--live', 'fast'],
    /Expected `--live` to be a non-negative number, got "fast"/,
  ],
];

for (const [what, argv, message, environment = env] of usageErrors) {
  t.test(`${what} exits with 2, one error line and a pointer to --help`, async (t) => {
    const result = await runCli(argv, {cwd: t.testdir(), env: environment});
    t.equal(result.code, 2);
    t.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    t.equal(lines.length, 2);
    t.match(lines[0], /^(UsageError \[ERR_USAGE\]|InvalidOptionError \[ERR_EXPORT_INVALID_OPTION\]): /);
    t.match(lines[0], message);
    t.match(lines[1], /^Run `export-stream (\w+ )?--help` for usage\.$/);
    t.notMatch(result.stderr, 'secret');
    t.notMatch(result.stderr, key);
  });
}

t.test('a state file of another export is refused with exit 2, naming the differences', async (t) => {
  const dir = t.testdir();
  const first = await runCli(['events', ...api, '--out', 'e.ndjson', '--state', 's.json'], {cwd: dir, env});
  t.equal(first.code, 0);
  const other = await runCli(
    ['users', ...api, '--out', 'e.ndjson', '--state', 's.json', '--page-size', '10'],
    {cwd: dir, env},
  );
  t.equal(other.code, 2);
  t.match(
    other.stderr,
    /belongs to a different export \(resource "events" there, "users" here; pageSize 100 there, 10 here\)/,
  );
  await writeFile(join(dir, 'bad.json'), '{"version": 1}');
  const corrupt = await runCli(['events', ...api, '--out', 'e.ndjson', '--state', 'bad.json'], {
    cwd: dir,
    env,
  });
  t.equal(corrupt.code, 2);
  t.match(corrupt.stderr, /bad\.json is not an export-stream state; remove it to start over/);
  await writeFile(join(dir, 'bad.json'), 'not json');
  t.equal(
    (await runCli(['events', ...api, '--out', 'e.ndjson', '--state', 'bad.json'], {cwd: dir, env})).code,
    2,
  );
});

t.test('API errors exit with 1 as `Name [CODE]: message`, never showing the key', async (t) => {
  const wrongKey = '00000000-0000-4000-8000-000000000000';
  const result = await runCli(['events', '--base-url', simulator.url], {
    cwd: t.testdir(),
    env: {CROCT_API_KEY: wrongKey},
  });
  t.equal(result.code, 1);
  t.match(result.stderr, /^events: failed after 0 items, 0 pages/);
  t.match(
    result.stderr,
    /\nHttpError \[ERR_EXPORT_UNAUTHORIZED\]: exportEvents GET \/events\?pageSize=100 failed with HTTP 401/,
  );
  t.notMatch(result.stderr, wrongKey);
  const unknownType = await runCli(['events', ...api, '--types', 'madeUpType'], {cwd: t.testdir(), env});
  t.equal(unknownType.code, 1);
  t.match(unknownType.stderr, /HttpError \[ERR_EXPORT_INVALID_INPUT\]: .*unknown event type: madeUpType/);
  t.notMatch(unknownType.stderr + unknownType.stdout, key);
});

t.test('runtime errors of the file system exit with 1', async (t) => {
  const dir = t.testdir({sub: {}});
  const result = await runCli(['events', ...api, '--out', 'sub'], {cwd: dir, env});
  t.equal(result.code, 1);
  t.match(result.stderr, /^Error \[EISDIR\]: /m);
});

t.test('a state file that cannot be read, or a stdout that fails, is a runtime error: exit 1', async (t) => {
  const dir = t.testdir({'state.json': {}});
  const unreadable = await runCli(['events', ...api, '--out', 'e.ndjson', '--state', 'state.json'], {
    cwd: dir,
    env,
  });
  t.equal(unreadable.code, 1);
  t.match(unreadable.stderr, /^Error \[EISDIR\]: /m);
  const broken = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
    },
  });
  broken.on('error', () => {});
  const piped = await runCli(['events', ...api], {cwd: dir, env, stdout: broken});
  t.equal(piped.code, 1);
  t.match(piped.stderr, /^Error \[EPIPE\]: write EPIPE$/m);
});

t.test('help: per command and overall on stdout with exit 0; no command is a usage error', async (t) => {
  const dir = t.testdir();
  for (const command of ['events', 'sessions', 'users', 'simulate', 'demo']) {
    const result = await runCli([command, '--port', 'ignored', '-h'], {cwd: dir});
    t.equal(result.code, 0);
    t.match(
      result.stdout,
      new RegExp(`^Usage: export-stream ${command} \\[options\\]\\n[^]*Options:[^]*Examples:\\n  `),
    );
  }
  const main = await runCli(['--help'], {cwd: dir});
  t.equal(main.code, 0);
  t.match(main.stdout, /Commands:\n {2}events/);
  const none = await runCli([], {cwd: dir});
  t.equal(none.code, 2);
  t.equal(none.stdout, '');
  t.match(none.stderr, /^Usage: export-stream <command>/);
});

t.test('errors that are not Error objects still print as one line', async (t) => {
  const lines: string[] = [];
  const io = {write: (text: string) => lines.push(text)};
  const code = report('plain', undefined, {
    stderr: io,
    stdout: io,
    env: {},
    cwd: '.',
    signal: new AbortController().signal,
  } as never);
  t.equal(code, 1);
  t.same(lines, ['Error: plain\n']);
});

t.test(
  'a stray argument is refused without being quoted: it may be a key pasted without its flag',
  async (t) => {
    const result = await runCli(['events', key, '--base-url', simulator.url], {cwd: t.testdir(), env});
    t.equal(result.code, 2);
    t.match(result.stderr, /Unexpected argument: `events` takes flags only/);
    t.notMatch(result.stderr + result.stdout, key);
  },
);

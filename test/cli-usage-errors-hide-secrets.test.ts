import t from 'tap';
import {croct} from '../lib/cli/providers/croct.js';
import {inlineWarning} from '../lib/cli/secret-credentials.js';
import {simulatorUsageError} from '../lib/cli/simulate-command.js';
import {InvalidOptionError} from '../lib/index.js';
import {createSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

const API_KEY_FLAG_WARNING = inlineWarning(croct.credentials[0]!);

const simulator = await createSimulator({events: 5});
t.teardown(() => simulator.close());
const key = simulator.apiKey;
const other = '3f2b8c1e-0a4d-4b6e-9c7f-1d2e3f4a5b6c';
const token = 'ghp_abcdefghijklmnop1234';
const env = {CROCT_API_KEY: key};
const base = ['--base-url', simulator.url];
const hidden = (length: number) =>
  `got a value of ${length} characters that looks like a secret \\(not shown\\)$`;

type Case = {
  what: string;
  argv: string[];
  message: RegExp;
  secrets: string[];
  env?: Record<string, string>;
};

const cases: Case[] = [
  {
    what: 'a key pasted into --limit',
    argv: ['events', ...base, '--limit', key],
    message: new RegExp(`Expected \`--limit\` to be an integer of at least 0, ${hidden(36)}`),
    secrets: [key],
  },
  {
    what: 'the start of a key pasted into --limit',
    argv: ['events', ...base, '--limit', '3f2b8c1e0a4d4b6e9c7f'],
    message: new RegExp(`Expected \`--limit\` to be an integer of at least 0, ${hidden(20)}`),
    secrets: ['3f2b8c1e0a4d4b6e9c7f'],
  },
  {
    what: 'a UUID in --page-size',
    argv: ['events', ...base, '--page-size', other],
    message: new RegExp(`Expected \`--page-size\` to be an integer from 1 to 1000, ${hidden(36)}`),
    secrets: [other],
  },
  {
    what: 'a UUID in --start',
    argv: ['events', ...base, '--start', other],
    message: new RegExp(`Expected \`--start\` to be a Date, an ISO-8601 string .*, ${hidden(36)}`),
    secrets: [other],
  },
  {
    what: 'a token in --end',
    argv: ['events', ...base, '--end', token],
    message: new RegExp(`Expected \`--end\` to be a Date, an ISO-8601 string .*, ${hidden(24)}`),
    secrets: [token],
  },
  {
    what: 'a secret-looking --end before --start',
    argv: ['events', ...base, '--start', '2026-01-02', '--end', '0'.repeat(23)],
    message: new RegExp(`Expected \`--end\` to be after \`--start\`, ${hidden(23)}`),
    secrets: ['0'.repeat(23)],
  },
  {
    what: 'the key in --format',
    argv: ['events', ...base, '--format', key],
    message: new RegExp(`Expected \`--format\` to be one of ndjson, csv, json, ${hidden(36)}`),
    secrets: [key],
  },
  {
    what: 'a key among --types',
    argv: ['events', ...base, '--types', `orderPlaced,${key}`],
    message: new RegExp(`Expected \`--types\` to be a comma-separated list of event types .*, ${hidden(48)}`),
    secrets: [key],
  },
  {
    what: 'a key in malformed --columns',
    argv: ['events', ...base, '--columns', `,${other}`],
    message: new RegExp(
      `Expected \`--columns\` to be a comma-separated list of path\\[:Label\\] with distinct labels, ${hidden(37)}`,
    ),
    secrets: [other],
  },
  {
    what: 'a key as a repeated --columns label',
    argv: ['events', ...base, '--columns', `id:${other},x:${other}`],
    message: new RegExp(`Expected \`--columns\` to be a comma-separated list .*, ${hidden(78)}`),
    secrets: [other],
  },
  {
    what: 'a key in --timezone',
    argv: ['events', ...base, '--format', 'csv', '--timezone', other],
    message: new RegExp(`Expected \`--timezone\` to be an IANA time zone such as .*, ${hidden(36)}`),
    secrets: [other],
  },
  {
    what: 'credentials in --base-url',
    argv: ['events', '--base-url', 'https://user:hunter2@api.example.com/'],
    message: new RegExp(
      `Expected \`--base-url\` to be an absolute http\\(s\\) URL without credentials, ${hidden(37)}`,
    ),
    secrets: ['hunter2'],
  },
  {
    what: 'a token as --base-url',
    argv: ['events', '--base-url', token],
    message: new RegExp(`Expected \`--base-url\` to be an absolute http\\(s\\) URL, ${hidden(24)}`),
    secrets: [token],
  },
  {
    what: 'a key pasted as a flag',
    argv: ['events', `--${other}`],
    message: /Unknown option a value of 38 characters that looks like a secret \(not shown\)$/,
    secrets: [other],
  },
  {
    what: 'a key given to an unknown flag',
    argv: ['events', `--bogus=${key}`],
    message: /Unknown option "--bogus"$/,
    secrets: [key],
  },
  {
    what: 'a key given to a boolean flag',
    argv: ['events', `--help=${key}`],
    message: /`--help` takes no value$/,
    secrets: [key],
  },
  {
    what: 'a key after a flag that needs a value, with a dash',
    argv: ['events', '--limit', `-${key}`],
    message: /Missing the value of `--limit`: the next argument is a flag/,
    secrets: [key],
  },
  {
    what: 'a flag named after the value given to --api-key',
    argv: ['events', '--api-key', 'hunter2hunter2', '--hunter2hunter2'],
    message: /Unknown option a value of 16 characters that looks like a secret \(not shown\)$/,
    secrets: ['hunter2hunter2'],
    env: {},
  },
  {
    what: 'a key pasted as the command',
    argv: [other, '--limit', '1'],
    message:
      /Unknown command a value of 36 characters that looks like a secret \(not shown\); expected one of/,
    secrets: [other],
    env: {},
  },
  {
    what: 'a key after the end of the flags (`--`)',
    argv: ['events', ...base, '--', key],
    message: /Unexpected argument: `events` takes flags only$/,
    secrets: [key],
  },
  {
    what: 'a command that holds the configured key, even one shaped like no key',
    argv: ['xhunter2hunter2'],
    message: /Unknown command a value of 15 characters/,
    secrets: ['hunter2hunter2'],
    env: {CROCT_API_KEY: 'hunter2hunter2'},
  },
  {
    what: 'a key in the simulator --port',
    argv: ['simulate', '--port', key],
    message: new RegExp(`Expected \`--port\` to be an integer from 0 to 65535, ${hidden(36)}`),
    secrets: [key],
  },
  {
    what: 'a token in the simulator --live',
    argv: ['simulate', '--port', '0', '--live', token],
    message: new RegExp(`Expected \`--live\` to be a non-negative number, ${hidden(24)}`),
    secrets: [token],
  },
  {
    what: 'a key in the simulator --host',
    argv: ['simulate', '--port', '0', '--host', other],
    message: new RegExp(
      `Expected \`--host\` to be a loopback address such as 127\\.0\\.0\\.1 .*, ${hidden(36)}`,
    ),
    secrets: [other],
  },
  {
    what: 'the configured key in the simulator --host',
    argv: ['simulate', '--port', '0', '--host', 'hunter2hunter2'],
    message: new RegExp(`Expected \`--host\` to be a loopback address .*, ${hidden(14)}`),
    secrets: ['hunter2hunter2'],
    env: {CROCT_API_KEY: 'hunter2hunter2'},
  },
  {
    what: 'a malformed simulator --api-key',
    argv: ['simulate', '--port', '0', '--api-key', 'hunter2hunter2'],
    message: /Expected `--api-key` to be a UUID v4 string, got a string of 14 characters$/,
    secrets: ['hunter2hunter2'],
  },
  {
    what: 'more simulated users than sessions',
    argv: ['simulate', '--port', '0', '--events', '5', '--users', '3'],
    message: /Expected `--users` to be an integer from 1 to 1, got 3 \(number\)$/,
    secrets: [],
  },
];

for (const {what, argv, message, secrets, env: environment = env} of cases) {
  t.test(`${what}: exit 2, and the message does not show it`, async (t) => {
    const result = await runCli(argv, {cwd: t.testdir(), env: environment});
    t.equal(result.code, 2);
    t.equal(result.stdout, '');
    const lines = result.stderr.replace(API_KEY_FLAG_WARNING, '').trimEnd().split('\n');
    t.equal(lines.length, 2, result.stderr);
    t.match(lines[0], /^(UsageError \[ERR_USAGE\]): /);
    t.match(lines[0], message);
    t.match(lines[1], /^Run `export-stream (\w+ )?--help` for usage\.$/);
    for (const secret of [...secrets, key]) {
      t.notOk(result.stderr.includes(secret), `${secret} is not shown`);
    }
  });
}

t.test('a value that cannot be a secret is still quoted, with the checks own words', async (t) => {
  const result = await runCli(['events', ...base, '--columns', 'a:x,b:x'], {cwd: t.testdir(), env});
  t.equal(result.code, 2);
  t.match(
    result.stderr,
    /^UsageError \[ERR_USAGE\]: Expected `--columns` to have distinct labels, got "x" twice\n/,
  );
});

t.test('a simulator option the command line does not set keeps its own name', async (t) => {
  const error = simulatorUsageError(new InvalidOptionError('window.start', 'an integer of at least 0', -1));
  t.equal(error.message, 'Expected `window.start` to be an integer of at least 0, got -1 (number)');
  t.equal(error.command, 'simulate');
});

import {mkdir, readFile, stat, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t, {type Test} from 'tap';
import {createSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

const simulator = await createSimulator({events: 60, seed: 5});
t.teardown(() => simulator.close());
const env = {CROCT_API_KEY: simulator.apiKey};
const argv = [
  'events',
  '--base-url',
  simulator.url,
  '--page-size',
  '20',
  '--out',
  'e.ndjson',
  '--state',
  's.json',
];

/** A directory with a finished export and its (valid, version 2) state. */
async function exported(t: Test): Promise<{dir: string; state: Record<string, unknown>; output: Buffer}> {
  const dir = t.testdir();
  const first = await runCli(argv, {cwd: dir, env});
  t.equal(first.code, 0, first.stderr);
  const state = JSON.parse(await readFile(join(dir, 's.json'), 'utf8'));
  return {dir, state, output: await readFile(join(dir, 'e.ndjson'))};
}

t.test('a finished run writes a version 3 state with the fingerprint of its tail', async (t) => {
  const {state, output} = await exported(t);
  t.match(state, {
    version: 3,
    provider: 'croct',
    resource: 'events',
    filters: {},
    bytes: output.length,
    items: 60,
    tailSha256: /^[0-9a-f]{64}$/,
  });
});

// Each case breaks one field; the run must exit 2 naming the file, the field, the expected form and
// the value found, and leave the output byte for byte as it was (no truncation, no append).
const cases: [field: string, value: unknown, expected: RegExp][] = [
  ['bytes', -5, /expected `bytes` to be an integer of at least 0, got -5 \(number\)/],
  ['bytes', 1.5, /`bytes` to be an integer of at least 0, got 1\.5 \(number\)/],
  ['bytes', '120', /`bytes` to be an integer of at least 0, got "120"/],
  ['items', null, /`items` to be an integer of at least 0, got null/],
  ['pages', -1, /`pages` to be an integer of at least 0, got -1/],
  ['cursor', '', /`cursor` to be a non-empty string, got ""/],
  ['cursor', 42, /`cursor` to be a non-empty string, got 42 \(number\)/],
  ['version', 4, /`version` to be 1, 2 or 3 .*, got 4 \(number\)/],
  ['version', '2', /`version` to be 1, 2 or 3 .*, got "2"/],
  ['resource', 'orders', /`resource` to be "events", "sessions" or "users", got "orders"/],
  ['start', 'yesterday', /`start` to be null or epoch milliseconds .*, got "yesterday"/],
  ['end', 1e300, /`end` to be null or epoch milliseconds .*, got 1e\+300 \(number\)/],
  ['provider', 'mixpanel', /`provider` to be "croct", "openpanel" or "coveo", got "mixpanel"/],
  ['provider', undefined, /`provider` to be "croct", "openpanel" or "coveo", got undefined/],
  ['filters', [], /`filters` to be an object of filters .*, got an array of length 0/],
  ['filters', null, /`filters` to be an object of filters/],
  ['filters', 'orderPlaced', /`filters` to be an object of filters/],
  ['pageSize', 0, /`pageSize` to be an integer from 1 to 1000, got 0 \(number\)/],
  ['pageSize', '20', /`pageSize` to be an integer from 1 to 1000, got "20"/],
  ['format', 'xml', /`format` to be "ndjson", "csv" or "json", got "xml"/],
  ['columns', '', /`columns` to be null or a non-empty string, got ""/],
  ['timezone', 7, /`timezone` to be null or a non-empty string, got 7 \(number\)/],
  ['updatedAt', 'soon', /`updatedAt` to be an ISO 8601 time, got "soon"/],
  ['updatedAt', undefined, /`updatedAt` to be an ISO 8601 time, got undefined/],
  ['tailSha256', 'abc', /`tailSha256` to be a SHA-256 in 64 hex digits, got "abc"/],
  ['tailSha256', undefined, /`tailSha256` to be a SHA-256 in 64 hex digits, got undefined/],
];

for (const [field, value, expected] of cases) {
  t.test(
    `a state with ${field}: ${JSON.stringify(value)} is refused with exit 2, the output untouched`,
    async (t) => {
      const {dir, state, output} = await exported(t);
      const before = await stat(join(dir, 'e.ndjson'));
      await writeFile(join(dir, 's.json'), JSON.stringify({...state, [field]: value}));
      const result = await runCli(argv, {cwd: dir, env});
      t.equal(result.code, 2);
      t.match(
        result.stderr,
        /^UsageError \[ERR_USAGE\]: State file \/.*\/s\.json is not an export-stream state; remove it to start over \(/,
      );
      t.match(result.stderr, expected);
      t.same(await readFile(join(dir, 'e.ndjson')), output, 'not a byte changed');
      t.equal((await stat(join(dir, 'e.ndjson'))).mtimeMs, before.mtimeMs);
    },
  );
}

for (const [text, expected] of [
  ['{"bytes": ', /\(not valid JSON: /],
  ['[1, 2]', /\(expected the file to be a JSON object, got an array of length 2\)/],
  ['null', /\(expected the file to be a JSON object, got null\)/],
  ['"state"', /\(expected the file to be a JSON object, got "state"\)/],
] as const) {
  t.test(`a state file containing ${text} is refused with exit 2`, async (t) => {
    const {dir, output} = await exported(t);
    await writeFile(join(dir, 's.json'), text);
    const result = await runCli(argv, {cwd: dir, env});
    t.equal(result.code, 2);
    t.match(result.stderr, expected);
    t.same(await readFile(join(dir, 'e.ndjson')), output);
  });
}

t.test('every valid shape is accepted: null and set windows, types, columns and time zones', async (t) => {
  const dir = t.testdir();
  const csv = [
    'events',
    '--base-url',
    simulator.url,
    '--start',
    '2000-01-01',
    '--end',
    '2100-01-01',
    '--types',
    'pageOpened,orderPlaced',
    '--format',
    'csv',
    '--columns',
    'id|eventId:id,timestamp',
    '--timezone',
    'Europe/Rome',
    '--out',
    'e.csv',
    '--state',
    'c.json',
  ];
  t.equal((await runCli(csv, {cwd: dir, env})).code, 0);
  const again = await runCli(csv, {cwd: dir, env});
  t.equal(again.code, 0, again.stderr);
  t.match(JSON.parse(await readFile(join(dir, 'c.json'), 'utf8')), {
    start: Number,
    filters: {events: ['orderPlaced', 'pageOpened']},
  });
});

t.test('a version 1 state (no fingerprint) is still continued, and rewritten as version 3', async (t) => {
  const own = await createSimulator({events: 60, seed: 5});
  t.teardown(() => own.close());
  const dir = t.testdir();
  const args = [
    'events',
    '--base-url',
    own.url,
    '--page-size',
    '20',
    '--out',
    'e.ndjson',
    '--state',
    's.json',
  ];
  t.equal((await runCli(args, {cwd: dir, env: {CROCT_API_KEY: own.apiKey}})).code, 0);
  const output = await readFile(join(dir, 'e.ndjson'));
  const {
    tailSha256: _,
    provider: __,
    filters: ___,
    ...old
  } = JSON.parse(await readFile(join(dir, 's.json'), 'utf8'));
  await writeFile(join(dir, 's.json'), JSON.stringify({...old, types: null, version: 1}));
  own.addEvents(5);
  const result = await runCli(args, {cwd: dir, env: {CROCT_API_KEY: own.apiKey}});
  t.equal(result.code, 0, result.stderr);
  t.match(result.stderr, /^events: 5 items, .* 65 in total\n$/);
  t.same((await readFile(join(dir, 'e.ndjson'))).subarray(0, output.length), output);
  t.match(JSON.parse(await readFile(join(dir, 's.json'), 'utf8')), {
    version: 3,
    provider: 'croct',
    items: 65,
  });
});

t.test('a state path that cannot be read (a directory) is a file error: exit 1', async (t) => {
  const dir = t.testdir();
  await mkdir(join(dir, 's.json'));
  const result = await runCli(argv, {cwd: dir, env});
  t.equal(result.code, 1);
  t.match(result.stderr, /\[EISDIR\]/);
});

t.test('a valid state of another export is refused with exit 2 naming each difference', async (t) => {
  const {dir, output} = await exported(t);
  const other = argv.map((arg) => (arg === '20' ? '30' : arg));
  const result = await runCli([...other, '--format', 'csv'], {cwd: dir, env});
  t.equal(result.code, 2);
  t.match(
    result.stderr,
    /s\.json belongs to a different export \(pageSize 20 there, 30 here; format "ndjson" there, "csv" here\); use another --state file or remove it to start over/,
  );
  t.same(await readFile(join(dir, 'e.ndjson')), output);
});

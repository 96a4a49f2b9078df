import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import {optionUsageError} from '../lib/cli/option-errors.js';
import {coveo} from '../lib/cli/providers/coveo.js';
import {croct} from '../lib/cli/providers/croct.js';
import {openpanel} from '../lib/cli/providers/openpanel.js';
import {PROVIDERS, providerNamed} from '../lib/cli/providers/registry.js';
import {CROCT_PAGE_SIZE, InvalidOptionError} from '../lib/index.js';
import {OPENPANEL_PAGE_SIZE} from '../lib/openpanel/index.js';
import {createSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

const simulator = await createSimulator({events: 40, seed: 2});
t.teardown(() => simulator.close());
const env = {CROCT_API_KEY: simulator.apiKey};

t.test('the descriptors take their page-size rules from the libraries', async (t) => {
  t.equal(croct.pageSize, CROCT_PAGE_SIZE);
  t.equal(openpanel.pageSize, OPENPANEL_PAGE_SIZE);
  t.same(OPENPANEL_PAGE_SIZE, {min: 1, max: 1000, default: 1000});
  t.same(
    PROVIDERS.map((provider) => [provider.name, provider.resources.map((resource) => resource.name)]),
    [
      ['croct', ['events', 'sessions', 'users']],
      ['openpanel', ['events']],
      ['coveo', ['rows']],
    ],
  );
  t.equal(providerNamed('openpanel'), openpanel);
  t.equal(providerNamed('coveo'), coveo);
  t.equal(providerNamed('mixpanel'), undefined);
});

t.test('export-stream --help lists the providers, their resources and their credentials', async (t) => {
  const result = await runCli(['--help'], {cwd: t.testdir()});
  t.equal(result.code, 0);
  t.match(
    result.stdout,
    /^Usage: export-stream <command> \[options\]\n {7}export-stream <provider> <resource> \[options\]\n/,
  );
  t.match(
    result.stdout,
    /Export analytics \(Croct: events, sessions, users; OpenPanel: events; Coveo: rows\)/,
  );
  t.match(result.stdout, /\n {2}croct <resource> +Export Croct's events, sessions, users/);
  t.match(result.stdout, /\n {2}openpanel <resource> +Export OpenPanel's events/);
  t.match(
    result.stdout,
    /OpenPanel client id and client secret: set OPENPANEL_CLIENT_ID and OPENPANEL_CLIENT_SECRET/,
  );
});

t.test('export-stream <provider> --help lists its resources', async (t) => {
  for (const [provider, resources] of [
    ['croct', ['events', 'sessions', 'users']],
    ['openpanel', ['events']],
    ['coveo', ['rows']],
  ] as const) {
    const result = await runCli([provider, '--help'], {cwd: t.testdir()});
    t.equal(result.code, 0);
    t.match(result.stdout, new RegExp(`^Usage: export-stream ${provider} <resource> \\[options\\]\\n`));
    for (const resource of resources) {
      t.match(result.stdout, new RegExp(`\\n {2}${resource} +Export [^\\n]*${resource}`));
    }
    t.match(result.stdout, `Run \`export-stream ${provider} <resource> --help\``);
  }
});

t.test('export-stream openpanel events --help shows its flags, page size and examples', async (t) => {
  const result = await runCli(['openpanel', 'events', '--help'], {cwd: t.testdir()});
  t.equal(result.code, 0);
  t.match(result.stdout, /^Usage: export-stream openpanel events \[options\]\n/);
  for (const flag of [
    '--client-id ID',
    '--client-secret-file FILE',
    '--types LIST',
    '--includes LIST',
    '--profile-id ID',
    '--project-id ID',
    '--filters JSON',
  ]) {
    t.match(result.stdout, flag);
  }
  t.match(result.stdout, /--page-size N +items per request, 1 to 1000; default: 1000/);
  t.match(result.stdout, /--base-url URL +API base URL; default: https:\/\/api\.openpanel\.dev/);
  t.notMatch(result.stdout, '--api-key');
  t.match(result.stdout, /Examples:\n {2}export-stream openpanel events /);
  const croctHelp = await runCli(['croct', 'sessions', '-h'], {cwd: t.testdir()});
  t.match(croctHelp.stdout, /^Usage: export-stream croct sessions \[options\]\n[\s\S]*--api-key-file FILE/);
});

t.test('an unknown provider or resource, or none, is a usage error naming the choices', async (t) => {
  const cases: [string[], RegExp][] = [
    [
      ['mixpanel', 'events'],
      /^UsageError \[ERR_USAGE\]: Unknown command "mixpanel"; expected one of events, sessions, users, croct, openpanel, coveo, run, validate, simulate, demo, serve, worker\n/,
    ],
    [
      ['openpanel', 'sessions'],
      /^UsageError \[ERR_USAGE\]: Unknown openpanel resource "sessions"; expected one of events\nRun `export-stream openpanel --help` for usage\.\n$/,
    ],
    [
      ['croct', 'orders', '--help'],
      /Unknown croct resource "orders"; expected one of events, sessions, users/,
    ],
    [['openpanel'], /Missing the resource: write `export-stream openpanel <resource>` with one of events\n/],
    [
      ['croct', '--limit', '3'],
      /Missing the resource: write `export-stream croct <resource>` with one of events, sessions, users/,
    ],
  ];
  for (const [argv, message] of cases) {
    const result = await runCli(argv, {cwd: t.testdir()});
    t.equal(result.code, 2, argv.join(' '));
    t.equal(result.stdout, '');
    t.match(result.stderr, message);
  }
});

t.test('export-stream croct events is the events shorthand, byte for byte', async (t) => {
  const argv = ['--base-url', simulator.url, '--format', 'csv', '--types', 'pageOpened,orderPlaced'];
  const short = await runCli(['events', ...argv], {cwd: t.testdir(), env});
  const long = await runCli(['croct', 'events', ...argv], {cwd: t.testdir(), env});
  t.equal(short.code, 0);
  t.equal(long.code, 0);
  t.equal(long.stdout, short.stdout);
  t.match(long.stderr, /^croct events: \d+ items/);
});

t.test(
  "a version 2 state (types, no provider) is Croct's, continued and rewritten as version 3",
  async (t) => {
    const own = await createSimulator({events: 30, seed: 8});
    t.teardown(() => own.close());
    const dir = t.testdir();
    const args = [
      'croct',
      'events',
      '--base-url',
      own.url,
      '--types',
      'pageOpened',
      '--out',
      'e.ndjson',
      '--state',
      's.json',
    ];
    const ownEnv = {CROCT_API_KEY: own.apiKey};
    t.equal((await runCli(args, {cwd: dir, env: ownEnv})).code, 0);
    const {provider: _, filters, ...rest} = JSON.parse(await readFile(join(dir, 's.json'), 'utf8'));
    t.same(filters, {events: ['pageOpened']});
    await writeFile(join(dir, 's.json'), JSON.stringify({...rest, version: 2, types: ['pageOpened']}));
    const again = await runCli(args, {cwd: dir, env: ownEnv});
    t.equal(again.code, 0, again.stderr);
    t.match(JSON.parse(await readFile(join(dir, 's.json'), 'utf8')), {
      version: 3,
      provider: 'croct',
      filters: {events: ['pageOpened']},
    });
    // A legacy state's broken `types` is still refused by name.
    await writeFile(join(dir, 's.json'), JSON.stringify({...rest, version: 2, types: []}));
    const broken = await runCli(args, {cwd: dir, env: ownEnv});
    t.equal(broken.code, 2);
    t.match(broken.stderr, /expected `types` to be null or a non-empty array of event types/);
  },
);

t.test("state files: filters compare whatever their key order; resources are the provider's", async (t) => {
  const dir = t.testdir();
  const args = [
    'events',
    '--base-url',
    simulator.url,
    '--types',
    'pageOpened',
    '--out',
    'e.ndjson',
    '--state',
    's.json',
  ];
  t.equal((await runCli(args, {cwd: dir, env})).code, 0);
  const state = JSON.parse(await readFile(join(dir, 's.json'), 'utf8'));
  await writeFile(
    join(dir, 's.json'),
    JSON.stringify({...state, filters: {events: ['pageOpened']}, extra: 1}),
  );
  t.equal((await runCli(args, {cwd: dir, env})).code, 0);
  await writeFile(join(dir, 's.json'), JSON.stringify({...state, provider: 'openpanel', resource: 'users'}));
  const wrong = await runCli(args, {cwd: dir, env});
  t.equal(wrong.code, 2);
  t.match(wrong.stderr, /expected `resource` to be "events", got "users"/);
});

t.test('an option error with no command-line source is passed on as it is', async (t) => {
  const error = new InvalidOptionError('prefetch', 'an integer', 0);
  t.equal(optionUsageError(error, {values: {}, command: 'x', secrets: []}, {}), error);
});

t.test('an error of a provider that is not an option error is passed on as it is', async (t) => {
  const {resolveJob} = await import('../lib/cli/export-command.js');
  const failure = new TypeError('boom');
  const provider = {
    ...croct,
    createApi: () => {
      throw failure;
    },
  };
  t.throws(
    () =>
      resolveJob(
        provider,
        croct.resources[0]!,
        {values: {}, command: 'events', secrets: []},
        {cwd: '.'} as never,
        {},
      ),
    failure,
  );
});

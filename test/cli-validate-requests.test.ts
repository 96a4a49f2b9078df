import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import {runCli} from './helpers/cli-harness.js';

const good = {
  name: 'daily-orders',
  type: 'recurring',
  periodicity: 'P1D',
  periodStart: '2026-11-01T00:00:00',
  format: {extension: 'xls', timezone: 'Europe/Rome'},
  items: [{provider: 'croct', resource: 'events'}],
};

async function files(dir: string, contents: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(contents)) {
    await writeFile(join(dir, name), text);
  }
}

t.test('validate prints each valid file and exits 0', async (t) => {
  const cwd = t.testdir();
  await files(cwd, {
    'daily.json': JSON.stringify(good),
    'once.json': JSON.stringify({
      ...good,
      name: 'o',
      type: 'oneTime',
      periodicity: undefined,
      periodStart: undefined,
      from: 1_793_500_000,
    }),
    'open.json': JSON.stringify({
      ...good,
      name: 'p',
      type: 'oneTime',
      periodicity: undefined,
      periodStart: undefined,
      from: '2026-11-01',
      to: '2026-11-02',
      items: [
        {provider: 'croct', resource: 'users'},
        {provider: 'croct', resource: 'sessions'},
      ],
    }),
    'last.json': JSON.stringify({
      ...good,
      name: 'q',
      type: 'oneTime',
      periodicity: undefined,
      periodStart: undefined,
      period: 'P1W',
    }),
    'aligned.json': JSON.stringify({...good, periodStart: undefined}),
    'bom.json': `\uFEFF${JSON.stringify(good)}`,
  });
  const result = await runCli(
    ['validate', 'daily.json', 'once.json', '--', 'open.json', 'last.json', 'aligned.json', 'bom.json'],
    {cwd},
  );
  t.equal(result.code, 0, result.stderr);
  t.equal(
    result.stdout,
    [
      'daily.json: valid: recurring, every P1D from 2026-10-31T23:00:00.000Z (Europe/Rome), 1 item to xlsx',
      'once.json: valid: one time, from 2026-11-01T02:26:40.000Z to the first run (Europe/Rome), 1 item to xlsx',
      'open.json: valid: one time, from 2026-10-31T23:00:00.000Z to 2026-11-01T23:00:00.000Z (Europe/Rome), 2 items to xlsx',
      'last.json: valid: one time, the P1W before the first run (Europe/Rome), 1 item to xlsx',
      'aligned.json: valid: recurring, every P1D aligned to the first run (Europe/Rome), 1 item to xlsx',
      'bom.json: valid: recurring, every P1D from 2026-10-31T23:00:00.000Z (Europe/Rome), 1 item to xlsx',
      '',
    ].join('\n'),
  );
  t.equal(result.stderr, '');
});

t.test(
  'validate names the file and the JSON path of each error, checks every file and exits 2',
  async (t) => {
    const cwd = t.testdir();
    await files(cwd, {
      'good.json': JSON.stringify(good),
      'bad.json': JSON.stringify({
        ...good,
        format: {extension: 'csv', columns: [{id: 'a'}, {id: 'b'}, {id: ''}]},
      }),
      'position.json': '{"name": "x"',
      'token.json': '{"name": "x",\n "type": }',
      'secret.json': `{"name": "3f2b1c9e-1111-4222-8333-444455556666" `,
    });
    const result = await runCli(
      ['validate', 'bad.json', 'good.json', 'position.json', 'token.json', 'missing.json', 'secret.json'],
      {cwd},
    );
    t.equal(result.code, 2);
    t.equal(
      result.stdout,
      'good.json: valid: recurring, every P1D from 2026-10-31T23:00:00.000Z (Europe/Rome), 1 item to xlsx\n',
    );
    const lines = result.stderr.trim().split('\n');
    t.equal(
      lines[0],
      'RequestValidationError [ERR_EXPORT_INVALID_OPTION]: bad.json: format.columns[2].id: expected a dotted path such as "payload.order.total" (alternatives separated by "|"), got ""',
    );
    t.equal(
      lines[1],
      'RequestValidationError [ERR_EXPORT_INVALID_OPTION]: position.json: the request: expected a JSON document, got "invalid JSON at line 1, column 13"',
    );
    t.equal(
      lines[2],
      'RequestValidationError [ERR_EXPORT_INVALID_OPTION]: token.json: the request: expected a JSON document, got "invalid JSON: unexpected \\"}\\""',
    );
    t.equal(
      lines[3],
      'RequestValidationError [ERR_EXPORT_INVALID_OPTION]: missing.json: the request: expected a readable file, got "ENOENT on reading it"',
    );
    t.match(
      lines[4],
      /^RequestValidationError \[ERR_EXPORT_INVALID_OPTION\]: secret\.json: the request: expected a JSON document, got "invalid JSON/,
    );
    t.notMatch(result.stderr, /3f2b1c9e/, 'no part of the file is quoted');
  },
);

t.test(
  'validate without files, or with an unknown flag, is a usage error; --help shows the usage',
  async (t) => {
    const cwd = t.testdir();
    const none = await runCli(['validate'], {cwd});
    t.equal(none.code, 2);
    t.match(none.stderr, /^UsageError \[ERR_USAGE\]: Missing the request files: name at least one/);
    const flag = await runCli(['validate', 'a.json', '--strict'], {cwd});
    t.equal(flag.code, 2);
    t.match(flag.stderr, /Unknown option "--strict"/);
    const help = await runCli(['validate', '--help'], {cwd});
    t.equal(help.code, 0);
    t.match(help.stdout, /^Usage: export-stream validate REQUEST\.json\.\.\. \[options\]/);
    const main = await runCli(['--help'], {cwd});
    t.match(main.stdout, /\n {2}run +Run export requests/);
    t.match(main.stdout, /\n {2}validate +Check export request files/);
  },
);

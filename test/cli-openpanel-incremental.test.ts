import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t, {type Test} from 'tap';
import {createOpenPanelSimulator, type OpenPanelSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

async function start(t: Test): Promise<OpenPanelSimulator> {
  const simulator = await createOpenPanelSimulator({events: 150, seed: 9});
  t.teardown(() => simulator.close());
  return simulator;
}

function exporter(simulator: OpenPanelSimulator, dir: string, format: 'ndjson' | 'csv' | 'json') {
  const env = {OPENPANEL_CLIENT_ID: simulator.clientId, OPENPANEL_CLIENT_SECRET: simulator.clientSecret};
  const args = ['openpanel', 'events', '--base-url', simulator.url, '--page-size', '40', '--format', format];
  return {
    resume: () => runCli([...args, '--out', `out.${format}`, '--state', 'out.state.json'], {cwd: dir, env}),
    /** Every event the simulator holds now, by one export without state. */
    everything: async () => {
      const result = await runCli(args.slice(0, 6), {cwd: dir, env});
      return result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as {id: string}).id);
    },
    ids: async () => {
      const text = await readFile(join(dir, `out.${format}`), 'utf8');
      if (format === 'json') {
        return (JSON.parse(text) as {id: string}[]).map((event) => event.id);
      }
      const lines = text.trimEnd().split('\n');
      return format === 'csv'
        ? lines.slice(1).map((line) => line.split(',')[0]!)
        : lines.map((line) => (JSON.parse(line) as {id: string}).id);
    },
    state: async () => JSON.parse(await readFile(join(dir, 'out.state.json'), 'utf8')),
  };
}

for (const format of ['ndjson', 'csv', 'json'] as const) {
  t.test(`${format}: --state runs incrementally: each run appends only what arrived since`, async (t) => {
    const simulator = await start(t);
    const run = exporter(simulator, t.testdir(), format);
    const first = await run.resume();
    t.equal(first.code, 0, first.stderr);
    t.match(first.stderr, /^openpanel events: 150 items, \d+ pages .* 150 in total\n$/);
    t.match(await run.state(), {
      version: 3,
      provider: 'openpanel',
      resource: 'events',
      filters: {},
      items: 150,
    });

    simulator.insertEvents(37);
    const second = await run.resume();
    t.equal(second.code, 0, second.stderr);
    t.match(second.stderr, /^openpanel events: 37 items, .* 187 in total\n$/);
    const ids = await run.ids();
    t.equal(new Set(ids).size, ids.length, 'no duplicate');
    t.same([...ids].sort(), [...(await run.everything())].sort(), 'nothing missing');
    t.equal(ids.length, 187);

    const third = await run.resume();
    t.equal(third.code, 0, third.stderr);
    t.match(third.stderr, /^openpanel events: 0 items, .* 187 in total\n$/);
    t.same(await run.ids(), ids, 'a run with nothing new changes nothing');
  });
}

t.test('a state of other filters, or another provider, is refused naming the difference', async (t) => {
  const simulator = await start(t);
  const dir = t.testdir();
  const run = exporter(simulator, dir, 'ndjson');
  t.equal((await run.resume()).code, 0);
  const env = {OPENPANEL_CLIENT_ID: simulator.clientId, OPENPANEL_CLIENT_SECRET: simulator.clientSecret};
  const other = await runCli(
    [
      'openpanel',
      'events',
      '--base-url',
      simulator.url,
      '--page-size',
      '40',
      '--types',
      'screen_view',
      '--out',
      'out.ndjson',
      '--state',
      'out.state.json',
    ],
    {cwd: dir, env},
  );
  t.equal(other.code, 2);
  t.match(
    other.stderr,
    /belongs to a different export \(filters \{\} there, \{"events":\["screen_view"\]\} here\)/,
  );
  const croct = await runCli(
    ['events', '--base-url', simulator.url, '--out', 'out.ndjson', '--state', 'out.state.json'],
    {cwd: dir, env: {CROCT_API_KEY: '00000000-0000-4000-8000-000000000000'}},
  );
  t.equal(croct.code, 2);
  t.match(croct.stderr, /provider "openpanel" there, "croct" here/);
});

t.test("a state whose cursor the library refuses names the state file's cursor", async (t) => {
  const simulator = await start(t);
  const dir = t.testdir();
  const run = exporter(simulator, dir, 'ndjson');
  t.equal((await run.resume()).code, 0);
  const output = await readFile(join(dir, 'out.ndjson'));
  await writeFile(
    join(dir, 'out.state.json'),
    JSON.stringify({...(await run.state()), cursor: 'c_not-ours'}),
  );
  const result = await run.resume();
  t.equal(result.code, 2);
  t.match(
    result.stderr,
    /^UsageError \[ERR_USAGE\]: Expected the cursor of the `--state` file to be a cursor made by an OpenPanel events export, got "c_not-ours"\n/,
  );
  t.same(await readFile(join(dir, 'out.ndjson')), output, 'the output untouched');
});

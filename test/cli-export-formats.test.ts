import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import t from 'tap';
import {Configuration, ExportApi} from '../lib/index.js';
import {createSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

const simulator = await createSimulator({events: 600, seed: 7});
t.teardown(() => simulator.close());
const api = new ExportApi(new Configuration({apiKey: simulator.apiKey, baseUrl: simulator.url}));
const env = {CROCT_API_KEY: simulator.apiKey};
const base = ['--base-url', simulator.url, '--page-size', '37'];

async function all(resource: 'events' | 'sessions' | 'users'): Promise<Record<string, unknown>[]> {
  const streams = {events: api.exportEvents(), sessions: api.exportSessions(), users: api.exportUsers()};
  return (await streams[resource].toArray()) as Record<string, unknown>[];
}

t.test('NDJSON on stdout is every item verbatim, one per line, and nothing else', async (t) => {
  for (const resource of ['events', 'sessions', 'users'] as const) {
    const result = await runCli([resource, ...base], {cwd: t.testdir(), env});
    t.equal(result.code, 0);
    t.same(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
      await all(resource),
    );
    t.match(result.stderr, new RegExp(`^${resource}: [\\d,]+ items, \\d+ pages in .* -> stdout\\n$`));
  }
});

t.test('a JSON array file parses back to the items; --columns picks and renames', async (t) => {
  const dir = t.testdir();
  const whole = await runCli(['events', ...base, '--format', 'json', '--out', 'events.json'], {
    cwd: dir,
    env,
  });
  t.equal(whole.code, 0);
  t.equal(whole.stdout, '');
  t.same(JSON.parse(await readFile(join(dir, 'events.json'), 'utf8')), await all('events'));
  const columns = 'userId:user,statistics.sessions:sessions,address.city:city';
  const picked = await runCli(['users', ...base, '--format', 'json', '--columns', columns, '-o', 'u.json'], {
    cwd: dir,
    env,
  });
  t.equal(picked.code, 0);
  const users = await all('users');
  t.same(
    JSON.parse(await readFile(join(dir, 'u.json'), 'utf8')),
    users.map((user) => ({
      user: user.userId,
      sessions: (user.statistics as {sessions: number}).sessions,
      city: (user.address as {city?: string} | undefined)?.city ?? null,
    })),
  );
});

t.test('NDJSON with --columns writes one projected object per line', async (t) => {
  const result = await runCli(
    ['events', ...base, '--limit', '5', '--columns', 'id|eventId:id,payload.@type:type'],
    {
      cwd: t.testdir(),
      env,
    },
  );
  const events = await all('events');
  t.same(
    result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line)),
    events
      .slice(0, 5)
      .map((event) => ({id: event.id, type: (event.payload as Record<string, unknown>)['@type']})),
  );
});

t.test('CSV has a header, default columns per resource, and reads back with a CSV parser', async (t) => {
  const dir = t.testdir();
  const result = await runCli(['sessions', ...base, '--format', 'csv', '-o', 's.csv'], {cwd: dir, env});
  t.equal(result.code, 0);
  const rows = parse(await readFile(join(dir, 's.csv')), {columns: true}) as Record<string, string>[];
  const sessions = await all('sessions');
  t.equal(rows.length, sessions.length);
  t.same(Object.keys(rows[0]!), [
    'sessionId',
    'userId',
    'externalUserId',
    'start',
    'end',
    'closeTime',
    'landingPageUrl',
    'referrer',
    'pageViews',
    'orders',
  ]);
  t.same(
    rows.map((row) => [row.sessionId, Number(row.closeTime)]),
    sessions.map((session) => [session.sessionId, session.closeTime]),
  );
});

t.test('CSV --columns and --timezone render timestamps in the zone, quoting what needs it', async (t) => {
  const dir = t.testdir();
  const argv = ['events', ...base, '--format', 'csv', '--timezone', 'Asia/Tokyo', '-o', 'e.csv'];
  const columns = 'id:ID,timestamp:Time,payload:Payload,context.url:URL';
  t.equal((await runCli([...argv, '--columns', columns], {cwd: dir, env})).code, 0);
  const rows = parse(await readFile(join(dir, 'e.csv')), {columns: true}) as Record<string, string>[];
  const events = await all('events');
  t.equal(rows.length, events.length);
  for (const [index, row] of rows.entries()) {
    const event = events[index]!;
    t.equal(row.ID, event.id);
    t.equal(Date.parse(row.Time!), event.timestamp, 'the rendered time is the same instant');
    t.match(row.Time, /\+09:00$/);
    t.same(JSON.parse(row.Payload!), event.payload);
    t.equal(row.URL, (event.context as {url?: string} | null)?.url ?? '');
  }
});

t.test('--types filters events and --start/--end accept ISO dates and epoch seconds', async (t) => {
  const events = await all('events');
  const middle = events[300]!.timestamp as number;
  const result = await runCli(
    [
      'events',
      ...base,
      '--types',
      'pageOpened,orderPlaced',
      '--start',
      new Date(middle).toISOString(),
      '--end',
      String(Math.floor(middle / 1000) + 3600),
    ],
    {cwd: t.testdir(), env},
  );
  t.equal(result.code, 0);
  const got = result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  const expected = events.filter((event) => {
    const type = (event.payload as Record<string, unknown>)['@type'];
    const time = event.timestamp as number;
    return (
      (type === 'pageOpened' || type === 'orderPlaced') &&
      time >= middle &&
      time < (Math.floor(middle / 1000) + 3600) * 1000
    );
  });
  t.ok(expected.length > 0);
  t.same(got, expected);
});

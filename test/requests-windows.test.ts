import t from 'tap';
import {
  alignedStart,
  dueWindows,
  type ExportRequest,
  nextWindowClose,
  parseRequest,
  type Window,
  windowKey,
} from '../lib/requests/index.js';

const recurring = (periodicity: string, periodStart: string | undefined, timezone: string, delay?: string) =>
  parseRequest({
    name: 'w',
    type: 'recurring',
    periodicity,
    ...(periodStart === undefined ? {} : {periodStart}),
    ...(delay === undefined ? {} : {delay}),
    format: {extension: 'csv', timezone},
    items: [{provider: 'croct', resource: 'events'}],
  });

const never = new Set<string>();
const firstRunAt = new Date('2020-01-01T00:00:00Z');
const all = (request: ExportRequest, now: string, maxWindows?: number) =>
  dueWindows(request, {now: new Date(now), completed: never, firstRunAt, maxWindows});
const hours = (window: Window) => (window.end.getTime() - window.start.getTime()) / 3_600_000;
const local = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', {timeZone, dateStyle: 'short', timeStyle: 'medium'}).format(date);

for (const [zone, spring, autumn] of [
  ['Europe/Rome', '2026-03-29', '2026-10-25'],
  ['America/New_York', '2026-03-08', '2026-11-01'],
] as const) {
  t.test(`P1D in ${zone}: local midnight to local midnight, 23 and 25 hours on the DST days`, async (t) => {
    const request = recurring('P1D', `${spring.slice(0, 8)}01T00:00:00`, zone);
    const windows = all(request, '2026-12-01T12:00:00Z');
    t.ok(windows.length >= 270);
    t.same(
      windows.filter((window) => local(window.start, zone).slice(11) !== '00:00:00'),
      [],
      'every window starts at local midnight',
    );
    const byDay = new Map(windows.map((window) => [local(window.start, zone).slice(0, 10), hours(window)]));
    t.equal(byDay.get(spring), 23);
    t.equal(byDay.get(autumn), 25);
    t.equal([...byDay.values()].filter((length) => length !== 24).length, 2, 'every other day has 24 hours');
    t.ok(
      windows.slice(1).every((window, index) => window.start.getTime() === windows[index]!.end.getTime()),
      'consecutive, never overlapping',
    );
  });

  t.test(`PT15M in ${zone}: exact quarters of an hour through the DST change`, async (t) => {
    const request = recurring('PT15M', `${spring}T00:00:00`, zone);
    const day = all(request, '2026-12-01T00:00:00Z').filter(
      (window) => local(window.start, zone).slice(0, 10) === spring,
    );
    t.equal(day.length, 23 * 4, 'a 23-hour day has 92 quarters');
    t.ok(day.every((window) => window.end.getTime() - window.start.getTime() === 900_000));
  });
}

t.test('P1M is calendar months from the anchor: 31 January, 28 February, 31 March; no drift', async (t) => {
  const request = recurring('P1M', '2026-01-31T00:00:00', 'Europe/Rome');
  const starts = all(request, '2028-06-01T00:00:00Z').map((window) =>
    local(window.start, 'Europe/Rome').slice(0, 10),
  );
  t.same(starts.slice(0, 4), ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  t.equal(starts[25], '2028-02-29', 'a leap February');
  t.equal(starts[26], '2028-03-31');
});

t.test('P1Y2M and P1W', async (t) => {
  const yearly = all(recurring('P1Y2M', '2026-01-31T00:00:00', 'America/Sao_Paulo'), '2031-01-01T00:00:00Z');
  t.same(
    yearly.map((window) => local(window.start, 'America/Sao_Paulo').slice(0, 10)),
    ['2026-01-31', '2027-03-31', '2028-05-31', '2029-07-31'],
  );
  const weekly = all(recurring('P1W', '2026-10-19', 'Europe/Rome'), '2026-11-03T00:00:00Z');
  t.same(weekly.map(hours), [7 * 24 + 1, 7 * 24], 'the week of the autumn change has an extra hour');
});

t.test('a window is due once it has closed plus the delay', async (t) => {
  const request = recurring('P1D', '2026-11-01', 'UTC', 'PT15M');
  t.equal(all(request, '2026-11-02T00:14:59Z').length, 0);
  t.equal(all(request, '2026-11-02T00:15:00Z').length, 1);
  t.equal(
    nextWindowClose(request, {now: new Date('2026-11-02T00:15:00Z'), firstRunAt})?.toISOString(),
    '2026-11-03T00:15:00.000Z',
  );
  t.equal(
    nextWindowClose(request, {now: new Date('2026-10-01T00:00:00Z'), firstRunAt})?.toISOString(),
    '2026-11-02T00:15:00.000Z',
    'before the anchor: the first window',
  );
  const monthly = recurring('P1M', '2026-01-01', 'Europe/Rome', 'P1D');
  t.same(
    all(monthly, '2026-03-01T22:59:00Z').map((window) => window.key),
    ['20251231T230000Z'],
    'a calendar delay: February is due on 2 March local, not yet',
  );
});

t.test(
  'catch-up: every missed window, oldest first, except the completed ones; maxWindows caps a call',
  async (t) => {
    const request = recurring('PT1H', '2026-11-01T00:00:00Z', 'UTC');
    const now = new Date('2026-11-01T05:30:00Z');
    const done = new Set(['20261101T000000Z', '20261101T020000Z']);
    t.same(
      dueWindows(request, {now, completed: done, firstRunAt}).map((window) => window.key),
      ['20261101T010000Z', '20261101T030000Z', '20261101T040000Z'],
    );
    t.same(
      dueWindows(request, {now, completed: done, firstRunAt, maxWindows: 2}).map((window) => window.key),
      ['20261101T010000Z', '20261101T030000Z'],
    );
  },
);

t.test(
  '`through`: every window starting at or before it is done, skipped without walking them',
  async (t) => {
    const request = recurring('PT1M', '2000-01-01T00:00:00Z', 'UTC');
    const now = new Date('2026-11-25T10:00:30Z');
    const through = new Date('2026-11-25T09:57:00Z');
    t.same(
      dueWindows(request, {now, completed: never, firstRunAt, through}).map((window) => window.key),
      ['20261125T095800Z', '20261125T095900Z'],
      'only the windows after it',
    );
    t.same(
      dueWindows(request, {now, completed: new Set(['20261125T095800Z']), firstRunAt, through}).map(
        (window) => window.key,
      ),
      ['20261125T095900Z'],
      'and not those listed',
    );
    const once = parseRequest({
      name: 'o',
      type: 'oneTime',
      from: '2026-11-01',
      to: '2026-11-02',
      format: {extension: 'csv', timezone: 'UTC'},
      items: [{provider: 'croct', resource: 'events'}],
    });
    t.same(dueWindows(once, {now, completed: never, firstRunAt, through: new Date('2026-11-01')}), []);
    t.equal(dueWindows(once, {now, completed: never, firstRunAt, through: new Date('2026-10-31')}).length, 1);
  },
);

t.test('years of minute windows are found by bisection, not by walking them', async (t) => {
  const request = recurring('PT1M', '2000-01-01T00:00:00Z', 'UTC');
  const started = performance.now();
  const next = nextWindowClose(request, {now: new Date('2026-11-25T10:00:30Z'), firstRunAt});
  t.equal(next?.toISOString(), '2026-11-25T10:01:00.000Z');
  const first = all(request, '2026-11-25T10:00:30Z', 3);
  t.same(
    first.map((window) => window.key),
    ['20000101T000000Z', '20000101T000100Z', '20000101T000200Z'],
  );
  t.ok(performance.now() - started < 2000);
});

t.test('without periodStart the windows are aligned to the first run', async (t) => {
  const at = '2026-11-25T14:37:21.500Z';
  const cases: [string, string, string][] = [
    ['P1D', 'Europe/Rome', '2026-11-24T23:00:00.000Z'],
    ['P1M', 'Europe/Rome', '2026-10-31T23:00:00.000Z'],
    ['P1Y2M', 'UTC', '2026-01-01T00:00:00.000Z'],
    ['P1W', 'UTC', '2026-11-23T00:00:00.000Z'],
    ['PT15M', 'Asia/Kolkata', '2026-11-25T14:30:00.000Z'],
    ['PT6H', 'America/New_York', '2026-11-25T11:00:00.000Z'],
    ['PT7M', 'UTC', '2026-11-25T14:37:00.000Z'],
    ['PT5H', 'UTC', '2026-11-25T14:00:00.000Z'],
    ['PT45S', 'UTC', '2026-11-25T14:36:45.000Z'],
    ['PT7S', 'UTC', '2026-11-25T14:37:21.000Z'],
  ];
  for (const [periodicity, zone, expected] of cases) {
    t.equal(
      alignedStart(new Date(at), periodicity, zone).toISOString(),
      expected,
      `${periodicity} in ${zone}`,
    );
  }
  const request = recurring('P1D', undefined, 'Europe/Rome');
  const windows = dueWindows(request, {
    now: new Date('2026-11-27T00:00:00Z'),
    completed: never,
    firstRunAt: new Date(at),
  });
  t.same(
    windows.map((window) => window.key),
    ['20261124T230000Z', '20261125T230000Z'],
    'the first window holds the first run',
  );
});

t.test(
  'a one-time request has one window: from/to, from to the first run, or a period ending at it',
  async (t) => {
    const oneTime = (fields: Record<string, unknown>) =>
      parseRequest({
        name: 'o',
        type: 'oneTime',
        ...fields,
        format: {extension: 'csv', timezone: 'Europe/Rome'},
        items: [{provider: 'croct', resource: 'users'}],
      });
    const first = new Date('2026-11-25T10:00:00Z');
    const due = (request: ExportRequest, now: string) =>
      dueWindows(request, {now: new Date(now), completed: never, firstRunAt: first}).map((window) => [
        window.start.toISOString(),
        window.end.toISOString(),
      ]);
    t.same(due(oneTime({from: '2026-11-01', to: '2026-11-02'}), '2026-11-25T10:00:00Z'), [
      ['2026-10-31T23:00:00.000Z', '2026-11-01T23:00:00.000Z'],
    ]);
    t.same(due(oneTime({from: '2026-11-01'}), '2026-11-25T10:00:00Z'), [
      ['2026-10-31T23:00:00.000Z', '2026-11-25T10:00:00.000Z'],
    ]);
    t.same(due(oneTime({period: 'P1M'}), '2026-11-25T10:00:00Z'), [
      ['2026-10-25T10:00:00.000Z', '2026-11-25T10:00:00.000Z'],
    ]);
    const future = oneTime({from: '2026-12-01', to: '2026-12-02'});
    t.same(due(future, '2026-11-25T10:00:00Z'), [], 'not due before it ends');
    t.equal(
      nextWindowClose(future, {now: first, firstRunAt: first})?.toISOString(),
      '2026-12-01T23:00:00.000Z',
    );
    t.equal(
      nextWindowClose(future, {now: new Date('2026-12-05T00:00:00Z'), firstRunAt: first}),
      undefined,
      'due: none after',
    );
    const completed = new Set([windowKey(new Date('2026-10-31T23:00:00.000Z'))]);
    t.same(
      dueWindows(oneTime({from: '2026-11-01', to: '2026-11-02'}), {now: first, completed, firstRunAt: first}),
      [],
    );
  },
);

t.test('window keys are the start in UTC without separators, milliseconds only when present', async (t) => {
  t.equal(windowKey(new Date('2026-11-01T00:00:00Z')), '20261101T000000Z');
  t.equal(windowKey(new Date('2026-11-01T00:00:00.250Z')), '20261101T000000.250Z');
});

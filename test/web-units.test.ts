import t from 'tap';
import {ensureOk} from '../lib/web/api-client.js';
import {CHART_WINDOWS, rowsChart} from '../lib/web/chart.js';
import {readCookie, sessionCookie} from '../lib/web/cookies.js';
import {formatBytes, formatDuration, formatInstant} from '../lib/web/format.js';
import {escapeHtml, Html, html} from '../lib/web/index.js';
import {webRoutes} from '../lib/web/mount.js';
import {errorPage} from '../lib/web/pages/error-page.js';
import {jobRows} from '../lib/web/pages/jobs-table.js';
import {statusBadge} from '../lib/web/pages/layout.js';
import {listPage} from '../lib/web/pages/list-page.js';
import {csrfMatches, SessionStore} from '../lib/web/session-store.js';
import {isSecure} from '../lib/web/web-route.js';

t.test('escapeHtml makes the five HTML metacharacters text', async (t) => {
  t.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
  t.equal(escapeHtml(42), '42');
});

t.test('html escapes every value but nested templates, joins arrays and drops empty values', async (t) => {
  const name = '<script>alert(1)</script>';
  const inner = html`<b>${name}</b>`;
  t.ok(inner instanceof Html);
  t.equal(
    html`<p title="${name}">${inner}${[1, '<', html`<i>`]}${undefined}${null}${false}${0}</p>`.toString(),
    '<p title="&lt;script&gt;alert(1)&lt;/script&gt;"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b>1&lt;<i>0</p>',
  );
});

t.test(
  'a session lives while used, ends after its idle time, and the oldest goes when the store is full',
  async (t) => {
    let now = 1_000;
    const store = new SessionStore({ttl: 100, max: 2, now: () => now});
    const first = store.create();
    t.equal(first.token, undefined);
    t.match(first.id, /^[\w-]{43}$/, '32 random bytes');
    t.not(first.id, first.csrf);
    now += 90;
    t.equal(store.get(first.id), first, 'used within its idle time');
    now += 90;
    t.equal(store.get(first.id), first, 'the idle time restarted at the last use');
    now += 100;
    t.equal(store.get(first.id), undefined, 'idle too long');
    t.equal(store.size, 0, 'and forgotten');
    t.equal(store.get(undefined), undefined);
    const a = store.create('token-a');
    const b = store.create('token-b');
    const c = store.create('token-c');
    t.equal(store.size, 2);
    t.equal(store.get(a.id), undefined, 'the oldest made room');
    t.equal(store.get(b.id)?.token, 'token-b');
    store.delete(c.id);
    t.equal(store.get(c.id), undefined);
    t.throws(() => new SessionStore({ttl: 0}), {code: 'ERR_EXPORT_INVALID_OPTION', message: /`ttl`/});
    t.equal(new SessionStore().create().expiresAt > Date.now() + 7 * 3_600_000, true, '8 hours by default');
  },
);

t.test('the CSRF token must be the session’s own, compared whole', async (t) => {
  const session = new SessionStore().create();
  t.equal(csrfMatches(session, session.csrf), true);
  t.equal(csrfMatches(session, `${session.csrf.slice(0, -1)}x`), false, 'one character off');
  t.equal(csrfMatches(session, session.csrf.slice(1)), false, 'shorter');
  t.equal(csrfMatches(session, ''), false);
  t.equal(csrfMatches(session, null), false, 'missing');
});

t.test('the session cookie is HttpOnly, SameSite=Strict, scoped to /web, Secure on HTTPS', async (t) => {
  t.equal(sessionCookie('abc', false), 'export_stream_session=abc; Path=/web; HttpOnly; SameSite=Strict');
  t.equal(
    sessionCookie(undefined, true),
    'export_stream_session=; Path=/web; HttpOnly; SameSite=Strict; Max-Age=0; Secure',
  );
  const request = {headers: {cookie: 'a=1; export_stream_session=xyz; =odd; b'}} as never;
  t.equal(readCookie(request, 'export_stream_session'), 'xyz');
  t.equal(readCookie(request, 'missing'), undefined);
  t.equal(readCookie({headers: {}} as never, 'a'), undefined);
});

t.test('sizes, durations and instants read the way people say them', async (t) => {
  t.equal(formatBytes(undefined), '—');
  t.equal(formatBytes(812), '812 B');
  t.equal(formatBytes(1536), '1.5 KiB');
  t.equal(formatBytes(5 * 1024 ** 5), '5120.0 TiB');
  t.equal(formatDuration(undefined, '2026-01-01T00:00:00Z'), '—');
  t.equal(formatDuration('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.850Z'), '850 ms');
  t.equal(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:00:12.340Z'), '12.3 s');
  t.equal(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:04:05Z'), '4 min 5 s');
  t.equal(formatInstant(undefined), '—');
  t.equal(
    String(formatInstant('2026-11-25T14:00:00.000Z')),
    '<time datetime="2026-11-25T14:00:00.000Z">2026-11-25 14:00 UTC</time>',
  );
});

const windowOf = (hour: number) => {
  const start = new Date(Date.UTC(2026, 0, 1, hour)).toISOString();
  const end = new Date(Date.UTC(2026, 0, 1, hour + 1)).toISOString();
  return {start, end, key: start};
};

t.test(
  'the chart adds up the items of a window, skips windows without rows and keeps the latest ones',
  async (t) => {
    t.match(String(rowsChart([])), /No window has been exported yet/);
    const chart = String(
      rowsChart([
        {window: windowOf(1), status: 'done', rows: 10},
        {window: windowOf(1), status: 'done', rows: 5},
        {window: windowOf(0), status: 'done', rows: 0},
        {window: windowOf(2), status: 'inProgress'},
      ]),
    );
    t.equal(chart.match(/<rect /g)?.length, 2, 'two windows with rows');
    t.match(chart, '<title>2026-01-01 01:00: 15 rows</title>');
    t.match(
      chart,
      '2 windows from 2026-01-01 00:00 to 2026-01-01 01:00; most rows: 15 in the window of 2026-01-01 01:00.',
    );
    const many = Array.from({length: CHART_WINDOWS + 5}, (_, hour) => ({
      window: windowOf(hour),
      status: 'done',
      rows: hour,
    }));
    t.equal(String(rowsChart(many)).match(/<rect /g)?.length, CHART_WINDOWS, 'the latest windows only');
    t.notMatch(String(rowsChart(many)), /2026-01-01 04:00: 4 rows/, 'the oldest left out');
  },
);

t.test('the jobs table shows errors, deliveries and a download only for a done job', async (t) => {
  t.match(String(jobRows('r', [])), /No job yet/);
  const rows = String(
    jobRows('r/1', [
      {
        id: 'j1',
        item: 0,
        window: windowOf(0),
        status: 'failed',
        error: {code: 'ERR_X', message: 'bad <key>'},
        notifications: [
          {medium: 'slack', target: 'hooks.slack.com/…', ok: false, attempts: 3, error: 'HTTP 500'},
          {medium: 'email', target: 'a@b.c', ok: false, attempts: 1},
        ],
      },
      {
        id: 'j 2',
        item: 1,
        window: windowOf(1),
        status: 'done',
        label: 'events',
        rows: 3,
        bytes: 10,
        startedAt: '2026-01-01T02:00:00Z',
        finishedAt: '2026-01-01T02:00:01Z',
        notifications: [{medium: 'webhook', target: 'x', ok: true, attempts: 1}],
      },
      {id: 'j3', item: 0, window: windowOf(1), status: 'notProcessed', notifications: []},
    ]),
  );
  t.match(rows, '<code>ERR_X</code> bad &lt;key&gt;');
  t.match(rows, 'slack hooks.slack.com/…: failed after 3 attempts (HTTP 500)');
  t.match(rows, 'email a@b.c: failed after 1 attempt<');
  t.match(rows, 'webhook x: sent');
  t.match(rows, 'href="/web/exports/r%2F1/download?job=j%202"');
  t.equal(rows.match(/download\?job=/g)?.length, 1, 'one download link: the done job');
  t.same(
    [...rows.matchAll(/data-label="Status"><span class="status status-(\w+)"/g)].map((match) => match[1]),
    ['notProcessed', 'done', 'failed'],
    'the newest window first, then by item',
  );
  t.same(
    [...rows.matchAll(/data-label="Item">([^<]*)</g)].map((match) => match[1]),
    ['#0', 'events', '#0'],
  );
});

t.test('the list links the pages around the current one and keeps the filters', async (t) => {
  const session = new SessionStore().create('token');
  const items = [
    {
      id: 'a',
      name: 'daily',
      type: 'recurring',
      periodicity: 'P1D',
      format: {extension: 'csv'},
      status: 'done',
    },
    {
      id: 'b',
      name: 'last-week',
      type: 'oneTime',
      period: 'P7D',
      format: {extension: 'json'},
      status: 'failed',
    },
    {id: 'c', name: 'november', type: 'oneTime', format: {extension: 'pdf'}, status: 'expired'},
  ];
  const page = String(
    listPage(session, {
      items,
      page: 2,
      pageSize: 3,
      total: 9,
      status: 'done',
      type: 'oneTime',
      next: new Map([['a', '2026-01-02T00:00:00.000Z']]),
    }),
  );
  t.match(page, '<td>P1D</td>');
  t.match(page, '<td>P7D</td>');
  t.match(page, '<td>—</td>');
  t.match(page, '9 export requests, newest first');
  t.match(page, 'href="/web/?status=done&amp;type=oneTime&amp;page=1" rel="prev"');
  t.match(page, 'href="/web/?status=done&amp;type=oneTime&amp;page=3" rel="next"');
  t.match(page, '<option value="done" selected>');
  t.match(page, '<option value="oneTime" selected>');
  const last = String(
    listPage(session, {
      items: items.slice(0, 1),
      page: 1,
      pageSize: 3,
      total: 1,
      status: '',
      type: 'recurring',
      next: new Map(),
    }),
  );
  t.match(last, '1 export request, newest first');
  t.match(last, '<option value="recurring" selected>');
  t.notMatch(last, /rel="(prev|next)"/);
});

t.test('the options of the web page are checked', async (t) => {
  t.throws(() => webRoutes('http://127.0.0.1:1', {origin: 'https://x.example/path'}), {
    message:
      'Expected `origin` to be an origin such as https://exports.example.com (no path), got "https://x.example/path"',
  });
  t.throws(() => webRoutes('http://127.0.0.1:1', {pollInterval: 10}), {message: /`pollInterval`/});
  t.throws(() => webRoutes('', {}), {message: /`apiUrl`/});
  t.ok(webRoutes('http://127.0.0.1:1', {origin: 'https://x.example', sessionTtl: 1000}).length > 10);
});

t.test(
  'an API error without a body, a status without a title, a status the page does not know',
  async (t) => {
    t.throws(() => ensureOk({status: 502, json: undefined}), {
      status: 502,
      message: 'The service answered 502',
    });
    t.equal(ensureOk({status: 200, json: 1}).json, 1);
    const page = String(errorPage(418, 'short <and> stout', undefined));
    t.match(page, '<h1>Error</h1>');
    t.match(page, '<p role="alert">short &lt;and&gt; stout</p>');
    t.match(String(errorPage(503, 'down', undefined)), '<h1>Server error</h1>');
    t.equal(String(statusBadge('paused')), '<span class="status status-paused">paused</span>');
  },
);

t.test('HTTPS is the socket’s TLS or the proxy’s word, unless the options say', async (t) => {
  const web = {secure: undefined} as never;
  t.equal(isSecure({socket: {encrypted: true}, headers: {}} as never, web), true);
  t.equal(isSecure({socket: {}, headers: {'x-forwarded-proto': 'https'}} as never, web), true);
  t.equal(isSecure({socket: {}, headers: {}} as never, web), false);
  t.equal(isSecure({socket: {encrypted: true}, headers: {}} as never, {secure: false} as never), false);
});

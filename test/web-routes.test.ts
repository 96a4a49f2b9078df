import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {parse} from 'csv-parse/sync';
import t, {type Test} from 'tap';
import type {Service} from '../lib/service/index.js';
import type {Simulator} from '../lib/simulator/index.js';
import {mountWebPage, type WebPageOptions, webRoutes} from '../lib/web/index.js';
import {CONTENT_SECURITY_POLICY} from '../lib/web/respond.js';
import {WebClient} from './helpers/browser.js';
import {
  ALICE,
  BOB,
  call,
  croctService,
  jobsOf,
  oneTime,
  startService,
  tempDir,
  until,
} from './helpers/service.js';

const NOW = new Date('2015-09-01T06:00:00Z');

async function setup(
  t: Test,
  options: WebPageOptions = {},
  latency = 0,
): Promise<{service: Service; simulator: Simulator; logs: string[]}> {
  const logs: string[] = [];
  const {simulator, service} = await croctService(
    t,
    {now: () => NOW, log: (line) => logs.push(line)},
    {latency},
  );
  mountWebPage(service, {now: () => NOW, ...options});
  return {service, simulator, logs};
}

async function signedIn(service: Service, token = ALICE): Promise<WebClient> {
  const client = new WebClient(service.url);
  const reply = await client.signIn(token);
  if (reply.status !== 303) {
    throw new Error(`sign-in answered ${reply.status}`);
  }
  await client.get('/web/');
  return client;
}

async function createDone(service: Service, body: Record<string, unknown>): Promise<string> {
  const id = (await call(service.url, 'POST', '/exports', {token: ALICE, body})).json.id as string;
  await until(async () => {
    const jobs = await jobsOf(service.url, id);
    return jobs.length > 0 && jobs.every((job) => job.status === 'done');
  }, 'its jobs are done');
  return id;
}

/** A multipart form as a browser sends it (the file as an upload). */
async function multipart(fields: Record<string, string | Blob>): Promise<{body: Buffer; type: string}> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    form.set(name, value);
  }
  const request = new Request('http://localhost/', {method: 'POST', body: form});
  return {body: Buffer.from(await request.arrayBuffer()), type: request.headers.get('content-type')!};
}

t.test(
  'the root leads to the page, a signed-out visit to the sign-in form, and every answer has the CSP',
  async (t) => {
    const {service} = await setup(t);
    const client = new WebClient(service.url);
    for (const [path, location] of [
      ['/', '/web/'],
      ['/web', '/web/'],
      ['/web/', '/web/sign-in?next=%2Fweb%2F'],
      ['/web/exports/x?y=1', '/web/sign-in?next=%2Fweb%2Fexports%2Fx%3Fy%3D1'],
    ] as const) {
      const reply = await client.get(path);
      t.equal(reply.status, 303, path);
      t.equal(reply.headers.location, location);
      t.equal(reply.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    }
    const page = await client.get('/web/sign-in');
    t.equal(page.status, 200);
    t.match(page.headers, {
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    t.notMatch(page.text, /<script>|<style|style="/, 'no inline script or style');
    const assets = [...page.text.matchAll(/(?:href|src)="(\/web\/static\/[^"]+)"/g)].map(
      (match) => match[1]!,
    );
    t.equal(assets.length, 2);
    for (const path of assets) {
      const asset = await client.get(path);
      t.equal(asset.status, 200, path);
      t.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      t.match(asset.headers['content-type'], path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
    }
    t.equal(
      (await client.get('/web/static/style.000000000000.css')).status,
      404,
      'another hash is not served',
    );
  },
);

t.test(
  'signing in sets an opaque HttpOnly SameSite=Strict cookie, renewed at sign-in; signing out clears it',
  async (t) => {
    const {service} = await setup(t);
    const client = new WebClient(service.url);
    const bodies: string[] = [];
    const first = await client.get('/web/sign-in?next=%2Fweb%2Fnew');
    bodies.push(first.text);
    t.match(
      first.headers['set-cookie']?.[0],
      /^export_stream_session=[\w-]{43}; Path=\/web; HttpOnly; SameSite=Strict$/,
    );
    const secure = await new WebClient(service.url).get('/web/sign-in', {'x-forwarded-proto': 'https'});
    t.match(secure.headers['set-cookie']?.[0], /; Secure$/, 'Secure behind an HTTPS proxy');
    const anonymous = client.cookie;
    const again = await client.get('/web/sign-in');
    t.equal(again.headers['set-cookie']?.[0]?.split(';')[0], anonymous, 'the same anonymous session');

    const empty = await client.post('/web/sign-in', {token: ' ', next: '/web/new'});
    t.equal(empty.status, 400);
    t.match(empty.text, 'Enter your API token.');
    const wrong = await client.post('/web/sign-in', {token: 'nope', next: '/web/new'});
    t.equal(wrong.status, 401);
    t.match(wrong.text, 'That token was not accepted.');
    t.match(wrong.text, 'aria-invalid="true"');
    t.match(wrong.text, 'name="next" value="/web/new"', 'where to go next is kept');
    const ok = await client.post('/web/sign-in', {token: ALICE, next: '/web/new'});
    t.equal(ok.status, 303);
    t.equal(ok.headers.location, '/web/new');
    t.not(client.cookie, anonymous, 'a new session id once signed in');
    t.equal(
      (await new WebClient(service.url).get('/web/', {cookie: anonymous!})).status,
      303,
      'the old id is dead',
    );
    const signedInAgain = await client.get('/web/sign-in?next=//evil.example/');
    t.equal(signedInAgain.headers.location, '/web/', 'no redirect off the site');
    for (const path of ['/web/', '/web/new']) {
      const page = await client.get(path);
      t.equal(page.status, 200, path);
      bodies.push(page.text);
    }
    t.notOk(
      bodies.some((body) => body.includes(ALICE)),
      'the token is in no page',
    );
    const out = await client.post('/web/sign-out');
    t.equal(out.status, 303);
    t.equal(out.headers.location, '/web/sign-in');
    t.match(out.headers['set-cookie']?.[0], /^export_stream_session=; .*Max-Age=0/);
    t.equal(client.cookie, undefined);
    t.equal((await client.get('/web/')).status, 303, 'signed out');
  },
);

t.test(
  'a post without the session’s CSRF token, from another origin, or not a form is refused',
  async (t) => {
    const {service, simulator} = await setup(t);
    const client = await signedIn(service);
    const json = JSON.stringify(oneTime(simulator));
    const cases: [string, Record<string, string>, Record<string, string>, number, RegExp][] = [
      ['no token', {_csrf: ''}, {}, 403, /did not come from this site/],
      ['a wrong token', {_csrf: 'x'.repeat(43)}, {}, 403, /did not come from this site/],
      ['another origin', {}, {origin: 'http://evil.example'}, 403, /Cross-site form posts are refused/],
      ['a cross-site fetch', {}, {'sec-fetch-site': 'cross-site'}, 403, /Cross-site/],
      ['no session', {}, {cookie: 'export_stream_session=forged'}, 403, /did not come from this site/],
      ['not a form', {}, {'content-type': 'text/plain'}, 415, /Expected a form/],
      [
        'a broken multipart body',
        {},
        {'content-type': 'multipart/form-data; boundary=x'},
        400,
        /could not be read/,
      ],
    ];
    for (const [what, fields, headers, status, message] of cases) {
      const reply = await client.post('/web/new', {json, ...fields}, headers);
      t.equal(reply.status, status, what);
      t.match(reply.text, message, what);
    }
    const huge = await client.post('/web/new', {json: 'x'.repeat(1024 * 1024 + 70_000)});
    t.equal(huge.status, 413);
    t.equal(huge.headers.connection, 'close');
    const declared = await call(service.url, 'POST', '/web/new', {
      raw: 'a=1',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(2 ** 30),
        cookie: client.cookie!,
      },
    }).catch((error: Error) => ({status: 0, error}));
    t.ok(declared.status === 413 || declared.status === 0, 'a declared length over the limit is not read');
    const streamed = await call(service.url, 'POST', '/web/new', {
      raw: `_csrf=${client.csrf}&json=${'x'.repeat(1024 * 1024 + 70_000)}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'transfer-encoding': 'chunked',
        cookie: client.cookie!,
      },
    });
    t.equal(streamed.status, 413, 'a body without a length stops being read at the limit');
    const untyped = await call(service.url, 'POST', '/web/new', {
      raw: 'a=1',
      headers: {cookie: client.cookie!},
    });
    t.equal(untyped.status, 415, 'no content type');
    const proxied = await client.post(
      '/web/new',
      {json: ''},
      {
        'x-forwarded-proto': 'https',
        origin: service.url.replace('http:', 'https:'),
      },
    );
    t.equal(proxied.status, 400, 'behind an HTTPS proxy, the https origin is this site');
    t.equal(
      (await call(service.url, 'GET', '/exports', {token: ALICE})).json.total,
      0,
      'nothing was created',
    );
    const anonymous = new WebClient(service.url);
    await anonymous.get('/web/sign-in');
    const signedOut = await anonymous.post('/web/new', {json});
    t.equal(signedOut.headers.location, '/web/sign-in', 'a signed-out post goes to the sign-in form');
  },
);

t.test(
  'creating: nothing posted, JSON that does not parse, a schema error at its path, then an upload',
  async (t) => {
    const {service, simulator} = await setup(t);
    const client = await signedIn(service);
    t.match((await client.get('/web/new')).text, '<textarea id="json" name="json"');
    const empty = await client.post('/web/new', {json: '  '});
    t.equal(empty.status, 400);
    t.match(empty.text, 'Paste the request JSON or choose a file.');
    const broken = await client.post('/web/new', {json: '{"name": '});
    t.equal(broken.status, 400);
    t.match(broken.text, /<li>The body is not JSON: /);
    const whole = await client.post('/web/new', {json: '[]'});
    t.match(whole.text, /<li>the request: expected /, 'an error about the whole request has no path');
    const invalid = JSON.stringify(oneTime(simulator, {format: {extension: 'doc'}}));
    const schema = await client.post('/web/new', {json: invalid});
    t.equal(schema.status, 400);
    t.match(schema.text, /at <code class="path">format.extension<\/code>: expected /);
    t.match(schema.text, 'aria-describedby="json-help json-error" aria-invalid="true"');
    t.match(schema.text, invalid.replaceAll('"', '&quot;'), 'the JSON comes back, escaped');
    t.equal((await call(service.url, 'GET', '/exports', {token: ALICE})).json.total, 0, 'nothing created');

    const upload = await multipart({
      _csrf: client.csrf!,
      json: '',
      file: new File([JSON.stringify(oneTime(simulator, {name: 'uploaded'}))], 'request.json', {
        type: 'application/json',
      }),
    });
    const created = await call(service.url, 'POST', '/web/new', {
      raw: upload.body,
      headers: {'content-type': upload.type, cookie: client.cookie!, origin: service.url},
    });
    t.equal(created.status, 303);
    const [listed] = (await call(service.url, 'GET', '/exports', {token: ALICE})).json.items;
    t.equal(listed.name, 'uploaded');
    t.equal(created.headers.location, `/web/exports/${listed.id}`);
    const page = await client.get(created.headers.location as string);
    t.match(page.text, '<p class="flash" role="status">Created “uploaded”.</p>');
    t.notMatch((await client.get(created.headers.location as string)).text, 'class="flash"', 'shown once');
  },
);

t.test('one request: its page, its live fragments, run now, and delete after a confirmation', async (t) => {
  // A job takes a second or so: the second "run now" comes while the first is still going.
  const {service, simulator} = await setup(t, {}, 250);
  const client = await signedIn(service);
  const id = await createDone(service, oneTime(simulator, {name: 'once'}));
  const page = await client.get(`/web/exports/${id}`);
  t.equal(page.status, 200);
  t.match(page.text, '<h1>once</h1>');
  t.match(page.text, '&quot;name&quot;: &quot;once&quot;', 'the request JSON, pretty');
  t.notMatch(page.text, 'data-live=', 'nothing to poll once done');
  t.notMatch(page.text, '<figure id="chart">', 'no chart for a one-time request');
  const live = await client.get(`/web/exports/${id}/live`);
  t.match(live.json, {active: false, status: /status-done/, summary: '1 job, 1 done', chart: ''});
  t.match(live.json.jobs, /Download/);

  const run = await client.post(`/web/exports/${id}/run`);
  t.equal(run.status, 303);
  t.equal(run.headers.location, `/web/exports/${id}`);
  const running = await client.get(`/web/exports/${id}`);
  t.match(running.text, 'Queued: the job runs again now.');
  t.match(running.text, `data-live="/web/exports/${id}/live" data-interval="1000"`, 'polled while active');
  const twice = await client.post(`/web/exports/${id}/run`);
  t.equal(twice.status, 409, 'not while it runs');
  t.match(twice.text, 'This export request is already queued or running');
  await until(async () => (await jobsOf(service.url, id))[0]?.status === 'done', 'run again');

  const confirm = await client.get(`/web/exports/${id}/delete`);
  t.match(confirm.text, '<h1>Delete “once”?</h1>');
  t.match(confirm.text, `action="/web/exports/${id}/delete"`);
  const deleted = await client.post(`/web/exports/${id}/delete`);
  t.equal(deleted.headers.location, '/web/');
  t.match((await client.get('/web/')).text, 'The export request was deleted, with its files.');
  const gone = await client.get(`/web/exports/${id}`);
  t.equal(gone.status, 404);
  t.match(gone.text, '<p role="alert">No such export request</p>');
});

t.test('a recurring request shows its next window and its chart, and cannot be run on demand', async (t) => {
  const {service, simulator} = await setup(t);
  const client = await signedIn(service);
  const id = await createDone(service, {
    name: 'three-hourly',
    type: 'recurring',
    periodicity: 'PT3H',
    periodStart: '2015-08-31T00:00:00Z',
    format: {extension: 'json'},
    items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url}],
  });
  const page = await client.get(`/web/exports/${id}`);
  t.match(page.text, 'recurring, every <code>PT3H</code>');
  t.match(page.text, '<dt>Next window due</dt><dd><time datetime="2015-09-01T09:00:00.000Z">');
  t.equal(page.text.match(/<rect class="bar"/g)?.length, 10);
  t.notMatch(page.text, 'Run now');
  const list = await client.get('/web/');
  t.match(list.text, '<td><time datetime="2015-09-01T09:00:00.000Z">2015-09-01 09:00 UTC</time></td>');
  const run = await client.post(`/web/exports/${id}/run`);
  t.equal(run.status, 409);
  t.match(run.text, 'Only a one-time export request can be run on demand');
});

t.test(
  'downloads stream the file through the page; another user, a job without a file or an unknown job is a 404 page',
  async (t) => {
    const {service, simulator} = await setup(t);
    const id = await createDone(service, oneTime(simulator));
    const [job] = await jobsOf(service.url, id);
    const alice = await signedIn(service);
    for (const query of [`?job=${job.id}`, '']) {
      const file = await alice.get(`/web/exports/${id}/download${query}`);
      t.equal(file.status, 200, query);
      t.match(file.headers, {
        'content-type': /^text\/csv/,
        'content-disposition': /^attachment; filename="day_/,
      });
      t.equal(file.headers['content-length'], String(job.bytes));
      t.equal((parse(file.body, {columns: true}) as unknown[]).length, 300, 'every row');
    }
    const unknown = await alice.get(`/web/exports/${id}/download?job=nope`);
    t.equal(unknown.status, 404);
    t.match(unknown.text, 'No such job');
    const bob = await signedIn(service, BOB);
    const theirs = await bob.get(`/web/exports/${id}/download`);
    t.equal(theirs.status, 404);
    t.match(theirs.text, 'No such export request');
    t.equal((await bob.get(`/web/exports/${id}/live`)).status, 404);
  },
);

t.test('the list filters by status and type and pages through the API', async (t) => {
  const {service, simulator} = await setup(t, {pageSize: 1});
  const client = await signedIn(service);
  t.match((await client.get('/web/')).text, 'No export request matches.');
  await createDone(service, oneTime(simulator, {name: 'first'}));
  await createDone(
    service,
    oneTime(simulator, {name: 'second', period: 'PT1H', from: undefined, to: undefined}),
  );
  const one = await client.get('/web/?page=1');
  t.match(one.text, '2 export requests, newest first');
  t.match(one.text, 'Page 1 of 2');
  t.match(one.text, 'href="/web/?page=2" rel="next"');
  const two = await client.get('/web/?page=2&status=done&type=oneTime');
  t.match(two.text, 'Page 2 of 2');
  t.equal(two.text.match(/<tr>\n<td><a href/g)?.length, 1);
  t.match((await client.get('/web/?status=failed')).text, 'No export request matches.');
  t.match((await client.get('/web/?type=recurring')).text, 'No export request matches.');
  const bad = await client.get('/web/?page=zero');
  t.equal(bad.status, 400);
  t.match(bad.text, 'Expected `page` to be an integer from 1');
});

/** A stand-in for the API answering what each test says, to reach what the real one never does. */
async function fakeApi(t: Test, answer: (request: IncomingMessage, response: ServerResponse) => void) {
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test(
  'a token the API stops accepting signs the browser out; an API answering nonsense is a 500 page',
  async (t) => {
    let mode: 'ok' | 'revoked' | 'nonsense' = 'ok';
    const api = await fakeApi(t, (_request, response) => {
      if (mode === 'revoked') {
        response
          .writeHead(401, {'content-type': 'application/json'})
          .end('{"error":{"code":"ERR_UNAUTHORIZED","message":"no"}}');
      } else {
        response
          .writeHead(200, {'content-type': 'application/json'})
          .end(mode === 'ok' ? '{"items":[],"page":1,"pageSize":1,"total":0}' : 'not json');
      }
    });
    const logs: string[] = [];
    const service = await startService(t, {
      dataDir: await tempDir(t),
      log: (line) => logs.push(line),
    });
    service.addRoutes(...webRoutes(api, {origin: 'https://exports.example', secureCookies: true}));
    const client = new WebClient(service.url);
    const origin = {origin: 'https://exports.example'};
    await client.get('/web/sign-in');
    t.equal(
      (await client.post('/web/sign-in', {token: 'whatever'})).status,
      403,
      'the configured origin only',
    );
    const ok = await client.post('/web/sign-in', {token: 'whatever'}, origin);
    t.equal(ok.status, 303);
    t.match(ok.headers['set-cookie']?.[0], /; Secure$/);
    mode = 'revoked';
    for (const path of ['/web/', '/web/exports/x/download']) {
      const reply = await client.get(path);
      t.equal(reply.headers.location, '/web/sign-in', path);
      t.match(reply.headers['set-cookie']?.[0], /Max-Age=0/);
      mode = 'ok';
      await client.get('/web/sign-in');
      await client.post('/web/sign-in', {token: 'whatever'}, origin);
      mode = 'revoked';
    }
    mode = 'nonsense';
    const broken = await client.get('/web/');
    t.equal(broken.status, 500);
    t.match(broken.text, 'Something went wrong on the server; try again');
    t.notMatch(broken.text, /SyntaxError|at /, 'no stack in the page');
    t.match(logs, [/^Web page error: SyntaxError/]);
  },
);

import t, {type Test} from 'tap';
import {request} from 'undici';
import type {CoveoSimulator, CoveoSimulatorOptions} from '../lib/simulator/index.js';
import {shiftClock, startCoveoSimulator} from './helpers/coveo-simulator.js';

const WINDOW = 'from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z';

type Answer = {status: number; headers: Record<string, string | string[] | undefined>; text: string};

async function call(
  simulator: CoveoSimulator,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: {token?: string | null; scheme?: string; body?: string} = {},
): Promise<Answer> {
  const token = options.token === undefined ? simulator.accessToken : options.token;
  const response = await request(`${simulator.url}${path}`, {
    method,
    headers: token === null ? {} : {authorization: `${options.scheme ?? 'Bearer'} ${token}`},
    ...(options.body === undefined ? {} : {body: options.body}),
  });
  return {status: response.statusCode, headers: response.headers, text: await response.body.text()};
}

const start = (t: Test, options: CoveoSimulatorOptions = {}) =>
  startCoveoSimulator(t, {rowsPerDay: 10, ...options});

t.test('a missing or unknown token is a 401; the no-privilege token and a wrong org a 403', async (t) => {
  const simulator = await start(t);
  const refusals: [Parameters<typeof call>[3], string, number, RegExp][] = [
    [{token: null}, '', 401, /Full authentication is required/],
    [{token: 'xx-not-a-token'}, '', 401, /invalid or expired/],
    [{token: simulator.accessToken, scheme: 'Basic'}, '', 401, /Full authentication/],
    [{token: simulator.noPrivilegeToken}, '', 403, /lacks the privilege 'Analytics - Data exports - Edit'/],
    [{}, '&org=someone-else', 403, /Access to organization 'someone-else' is denied/],
  ];
  for (const [options, org, status, message] of refusals) {
    for (const path of ['/v15/exports', `/v15/exports/estimate?${WINDOW}${org}`, '/v15/exports/rowLimit']) {
      const refused = await call(
        simulator,
        'GET',
        `${path}${path.includes('?') ? '' : `?x=1${org}`}`,
        options,
      );
      t.equal(refused.status, status, `${path} ${message}`);
      t.match(JSON.parse(refused.text), {message, type: status === 401 ? 'UNAUTHORIZED' : 'ACCESS_DENIED'});
      t.notMatch(refused.text, simulator.accessToken);
    }
  }
  const right = await call(simulator, 'GET', `/v15/exports?org=${simulator.organizationId}`, {
    scheme: 'bearer',
  });
  t.equal(right.status, 200, 'the right org, and the scheme in any case');
  t.same(JSON.parse(right.text), []);
});

t.test('error bodies take the configured style: {message,type}, {errorCode,message} or HTML', async (t) => {
  const codes = await start(t, {errorStyle: 'error-code'});
  const missing = await call(codes, 'GET', '/v15/exports/3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d');
  t.equal(missing.status, 404);
  t.same(JSON.parse(missing.text), {
    errorCode: 'NOT_FOUND',
    message: "Export '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' was not found.",
  });
  const html = await start(t, {errorStyle: 'html'});
  const denied = await call(html, 'GET', '/v15/exports?org=%3Cscript%3E');
  t.equal(denied.status, 403);
  t.equal(denied.headers['content-type'], 'text/html; charset=utf-8');
  t.match(
    denied.text,
    /<title>403 Forbidden<\/title>.*<p>Access to organization '&lt;script&gt;' is denied\.<\/p>/,
  );
});

t.test('real calendar instants are accepted: a leap day, the last second of a day, no seconds', async (t) => {
  const simulator = await start(t);
  for (const query of [
    'from=2028-02-29T00:00:00Z&to=2028-03-01T00:00:00Z',
    'from=2026-12-31T23:59:59.999Z&to=2027-01-01T00:00Z',
    'from=2026-04-30T23:00%2B02:00&to=2026-05-01T00:00:00Z',
  ]) {
    t.equal((await call(simulator, 'POST', `/v15/exports?${query}`)).status, 201, query);
  }
});

t.test('bad parameters are 400 INVALID_PARAMETER with a message naming the parameter', async (t) => {
  const simulator = await start(t);
  const bad: [string, RegExp][] = [
    ['', /Parameter 'from' is required/],
    ['from=2026-11-01T00:00:00.000Z', /Parameter 'to' is required/],
    ['from=yesterday&to=2026-11-02T00:00:00Z', /'from' must be an ISO-8601 date and time/],
    ['from=2026-11-01&to=2026-11-02T00:00:00Z', /'from' must be an ISO-8601/],
    ['from=2026-13-45T00:00:00Z&to=2026-11-02T00:00:00Z', /'from' must be an ISO-8601/],
    // Dates Date.parse would roll over silently (to March 2nd, to the next day...): no such instant.
    ['from=2026-02-29T00:00:00Z&to=2026-03-05T00:00:00Z', /'from' must be an ISO-8601/],
    ['from=2026-04-31T00:00:00Z&to=2026-05-05T00:00:00Z', /'from' must be an ISO-8601/],
    ['from=2026-11-00T00:00:00Z&to=2026-11-05T00:00:00Z', /'from' must be an ISO-8601/],
    ['from=2026-11-01T24:00:00Z&to=2026-11-05T00:00:00Z', /'from' must be an ISO-8601/],
    ['from=2026-11-01T00:60Z&to=2026-11-05T00:00:00Z', /'from' must be an ISO-8601/],
    ['from=2026-11-01T00:00:60Z&to=2026-11-05T00:00:00Z', /'from' must be an ISO-8601/],
    ['from=2026-11-01T00:00:00Z&to=2026-00-05T00:00:00Z', /'to' must be an ISO-8601/],
    ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', /'from' must be before 'to'/],
    [`${WINDOW}&tables=VISITS`, /Invalid value 'VISITS' for parameter 'tables'/],
    [`${WINDOW}&tables=searches`, /Invalid value 'searches'/],
    [`${WINDOW}&format=CSV`, /Invalid value 'CSV' for parameter 'format'/],
    [`${WINDOW}&useDisplayNames=yes`, /'useDisplayNames' must be true or false/],
    [`${WINDOW}&filename=r%C3%A9sum%C3%A9`, /'filename' must be a non-empty US-ASCII string/],
    [`${WINDOW}&dimensions=nope`, /Unknown dimension 'nope'/],
  ];
  for (const [query, message] of bad) {
    const refused = await call(simulator, 'POST', `/v15/exports?${query}`);
    t.equal(refused.status, 400, query);
    t.match(JSON.parse(refused.text), {type: 'INVALID_PARAMETER', message}, query);
  }
  const bodies: [string, RegExp][] = [
    ['{"from":', /must be a JSON object/],
    ['[1]', /must be a JSON object/],
    ['null', /must be a JSON object/],
    [
      '{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","tables":"SEARCHES"}',
      /'tables' must be an array/,
    ],
    ['{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","tables":[1]}', /'tables' must be an array/],
    [
      '{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","useDisplayNames":"true"}',
      /must be a boolean/,
    ],
    ['{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","description":5}', /'description' must be/],
    ['{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","filename":5}', /'filename' must be/],
    ['{"from":1793491200000,"to":"2026-11-02T00:00:00Z"}', /'from' must be an ISO-8601/],
  ];
  for (const [body, message] of bodies) {
    const refused = await call(simulator, 'POST', '/v15/exports/create', {body});
    t.equal(refused.status, 400, body);
    t.match(JSON.parse(refused.text), {type: 'INVALID_PARAMETER', message}, body);
  }
  const created = JSON.parse((await call(simulator, 'POST', `/v15/exports?${WINDOW}`)).text);
  const redirect = await call(simulator, 'GET', `/v15/exports/${created.id}?redirect=maybe`);
  t.match([redirect.status, JSON.parse(redirect.text).message], [400, /'redirect' must be true or false/]);
  t.equal(simulator.exports().length, 1, 'no export was made by a bad request');
});

t.test('unknown routes are 404 and known paths with another method 405, in the error style', async (t) => {
  const simulator = await start(t);
  const unknown = await call(simulator, 'GET', '/rest/ua/v15/exports');
  t.match(
    [unknown.status, JSON.parse(unknown.text)],
    [404, {type: 'NOT_FOUND', message: /No route for GET/}],
  );
  const method = await call(simulator, 'PUT', '/v15/exports');
  t.match([method.status, JSON.parse(method.text)], [405, {type: 'METHOD_NOT_ALLOWED'}]);
  t.equal(method.headers.allow, 'GET, POST', 'a 405 lists the methods the path takes');
  const estimate = await call(simulator, 'POST', '/v15/exports/estimate');
  t.match([estimate.status, estimate.headers.allow], [405, 'GET']);
  const create = await call(simulator, 'GET', '/v15/exports/create');
  t.match([create.status, create.headers.allow], [405, 'POST']);
  const one = await call(simulator, 'PUT', '/v15/exports/some-id');
  t.match([one.status, one.headers.allow], [405, 'GET, DELETE']);
});

t.test('a rate limit per token answers 429 with Retry-After, then lets requests through again', async (t) => {
  const simulator = await start(t, {rateLimit: {max: 2, windowMs: 60_000}});
  const advance = shiftClock(t);
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    statuses.push((await call(simulator, 'GET', '/v15/exports/rowLimit')).status);
  }
  t.same(statuses, [200, 200, 429]);
  const limited = await call(simulator, 'GET', '/v15/exports/rowLimit');
  t.equal(limited.headers['retry-after'], '60');
  t.match(JSON.parse(limited.text), {type: 'TOO_MANY_REQUESTS'});
  advance(60_000);
  t.equal((await call(simulator, 'GET', '/v15/exports/rowLimit')).status, 200);
  const other = await start(t, {rateLimit: {}});
  t.equal((await call(other, 'GET', '/v15/exports/rowLimit')).status, 200, 'defaults: 100 per 10 s');
});

t.test('shared faults hit requests that passed auth: failNext, the schedule, cut bodies', async (t) => {
  const simulator = await start(t, {faults: {schedule: [{request: 2, kind: 'bad-gateway'}]}});
  simulator.failNext('rate-limit', {retryAfter: 4});
  t.equal((await call(simulator, 'GET', '/v15/exports', {token: null})).status, 401, 'no fault before auth');
  const limited = await call(simulator, 'GET', '/v15/exports');
  t.same([limited.status, limited.headers['retry-after']], [429, '4']);
  t.match(JSON.parse(limited.text), {type: 'TOO_MANY_REQUESTS'});
  const gateway = await call(simulator, 'GET', '/v15/exports');
  t.match([gateway.status, JSON.parse(gateway.text)], [502, {type: 'INTERNAL_ERROR'}]);
  await call(simulator, 'POST', `/v15/exports?${WINDOW}`);
  simulator.failNext('truncated-body');
  const truncated = await call(simulator, 'GET', '/v15/exports');
  t.equal(truncated.status, 200);
  t.throws(() => JSON.parse(truncated.text), 'the JSON stops half-way');
  simulator.failNext('reset-before-headers');
  await t.rejects(call(simulator, 'GET', '/v15/exports'));
  t.equal(simulator.stats.faultsInjected, 4);
  t.equal(simulator.stats.log.filter((entry) => entry.fault !== undefined).length, 4);
});

t.test('an export whose zip cannot be written ends FAILED', async (t) => {
  const simulator = await start(t, {tempDir: '/nonexistent/coveo-simulator'});
  const created = JSON.parse((await call(simulator, 'POST', `/v15/exports?${WINDOW}`)).text);
  const read = JSON.parse((await call(simulator, 'GET', `/v15/exports/${created.id}`)).text);
  t.equal(read.status, 'FAILED');
});

t.test('latency delays every API answer', async (t) => {
  const simulator = await start(t, {latency: 30});
  const started = performance.now();
  await call(simulator, 'GET', '/v15/exports/rowLimit');
  t.ok(performance.now() - started >= 25);
});

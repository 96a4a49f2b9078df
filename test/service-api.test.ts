import {readFile} from 'node:fs/promises';
import t, {type Test} from 'tap';
import type {JobQueue} from '../lib/service/types.js';
import {
  ALICE,
  BOB,
  type CallOptions,
  call,
  croctService,
  jobsOf,
  OpenApiChecker,
  oneTime,
  until,
} from './helpers/service.js';

/** A queue that accepts jobs and never runs them: they stay `notProcessed`. */
function idleQueue(): JobQueue & {enqueued: string[]} {
  const enqueued: string[] = [];
  return {
    enqueued,
    async start() {},
    async enqueue(spec) {
      enqueued.push(spec.jobId);
    },
    async cancel() {},
    async close() {},
  };
}

type World = Awaited<ReturnType<typeof world>>;

async function world(t: Test, options: {queue?: JobQueue; maxQueued?: number; maxBodyBytes?: number} = {}) {
  const {simulator, dataDir, service} = await croctService(t, options);
  const checker = new OpenApiChecker(service.context.openapi);
  const api = async (method: string, template: string, path: string, callOptions: CallOptions = {}) => {
    const reply = await call(service.url, method, path, callOptions);
    t.same(
      checker.errors(method, template, reply),
      [],
      `${method} ${path} → ${reply.status} matches the OpenAPI document`,
    );
    return reply;
  };
  return {simulator, service, api, dataDir};
}

async function createDone({simulator, service, api}: World, token = ALICE): Promise<string> {
  const created = await api('POST', '/exports', '/exports', {token, body: oneTime(simulator)});
  await until(
    async () => (await jobsOf(service.url, created.json.id, token))[0]?.status === 'done',
    'the job is done',
  );
  return created.json.id;
}

t.test('another user gets 404 on every route of an export request, its owner gets it', async (t) => {
  const w = await world(t);
  const id = await createDone(w);
  const [job] = await jobsOf(w.service.url, id);
  const routes: [string, string, string][] = [
    ['GET', '/exports/{id}', `/exports/${id}`],
    ['GET', '/exports/{id}/jobs', `/exports/${id}/jobs`],
    ['GET', '/exports/{id}/download', `/exports/${id}/download`],
    ['GET', '/exports/{id}/download', `/exports/${id}/download?job=${job.id}`],
    ['POST', '/exports/{id}/run', `/exports/${id}/run`],
    ['DELETE', '/exports/{id}', `/exports/${id}`],
  ];
  for (const [method, template, path] of routes) {
    const reply = await w.api(method, template, path, {token: BOB});
    t.equal(reply.status, 404, `${method} ${path} is 404 for Bob`);
    t.equal(reply.json.error.code, 'ERR_NOT_FOUND');
  }
  const bobs = await w.api('GET', '/exports', '/exports', {token: BOB});
  t.same([bobs.json.total, bobs.json.items], [0, []], "Bob lists none of Alice's requests");
  const alices = await w.api('GET', '/exports', '/exports', {token: ALICE});
  t.same(
    alices.json.items.map((item: {id: string}) => item.id),
    [id],
  );
  t.equal((await w.api('GET', '/exports/{id}', `/exports/${id}`, {token: ALICE})).json.status, 'done');
  t.equal(
    (await w.api('GET', '/exports/{id}/download', `/exports/${id}/download`, {token: ALICE})).status,
    200,
  );
  t.equal((await w.api('DELETE', '/exports/{id}', `/exports/${id}`, {token: ALICE})).status, 204);
  t.equal((await w.api('GET', '/exports/{id}', `/exports/${id}`, {token: ALICE})).status, 404, 'deleted');
});

t.test('each error path answers its status and JSON error', async (t) => {
  const w = await world(t, {maxBodyBytes: 4096});
  const {api, simulator} = w;
  const bad = await api('POST', '/exports', '/exports', {
    token: ALICE,
    body: oneTime(simulator, {format: {extension: 'csv', columns: [{id: ''}]}}),
  });
  t.equal(bad.status, 400);
  t.equal(bad.json.error.code, 'ERR_INVALID_REQUEST');
  t.equal(bad.json.error.path, 'format.columns[0].id', 'the JSON path of the bad field');
  const unknownField = await api('POST', '/exports', '/exports', {
    token: ALICE,
    body: oneTime(simulator, {colour: 'red'}),
  });
  t.equal(unknownField.status, 400);
  t.equal(unknownField.json.error.path, 'colour');
  const notJson = await api('POST', '/exports', '/exports', {
    token: ALICE,
    raw: '{"name":',
    headers: {'content-type': 'application/json'},
  });
  t.same([notJson.status, notJson.json.error.code], [400, 'ERR_INVALID_JSON']);
  const text = await api('POST', '/exports', '/exports', {
    token: ALICE,
    raw: 'hello',
    headers: {'content-type': 'text/plain'},
  });
  t.same([text.status, text.json.error.code], [415, 'ERR_UNSUPPORTED_MEDIA_TYPE']);
  const big = JSON.stringify(oneTime(simulator, {name: 'x'.repeat(5000)}));
  const declared = await api('POST', '/exports', '/exports', {
    token: ALICE,
    raw: big,
    headers: {'content-type': 'application/json'},
  });
  t.same([declared.status, declared.json.error.code], [413, 'ERR_BODY_TOO_LARGE']);
  const chunked = await api('POST', '/exports', '/exports', {
    token: ALICE,
    raw: big,
    headers: {'content-type': 'application/json', 'transfer-encoding': 'chunked'},
  });
  t.same(
    [chunked.status, chunked.json.error.code],
    [413, 'ERR_BODY_TOO_LARGE'],
    'also without Content-Length',
  );
  for (const [query, path] of [
    ['pageSize=0', 'pageSize'],
    ['page=x', 'page'],
    ['status=finished', 'status'],
    ['sort=size', 'sort'],
    ['from=yesterday', 'from'],
    ['type=daily', 'type'],
    ['colour=red', 'colour'],
  ]) {
    const reply = await api('GET', '/exports', `/exports?${query}`, {token: ALICE});
    t.same(
      [reply.status, reply.json.error.code, reply.json.error.path],
      [400, 'ERR_INVALID_QUERY', path],
      `?${query}`,
    );
  }
  for (const authorization of [undefined, 'Bearer nope', `Basic ${ALICE}`]) {
    const reply = await api(
      'GET',
      '/exports',
      '/exports',
      authorization === undefined ? {} : {headers: {authorization}},
    );
    t.same([reply.status, reply.json.error.code], [401, 'ERR_UNAUTHORIZED'], String(authorization));
    t.equal(reply.headers['www-authenticate'], 'Bearer');
  }
  const route = await call(w.service.url, 'GET', '/nowhere', {token: ALICE});
  t.same([route.status, route.json.error.code], [404, 'ERR_NOT_FOUND']);
  const encoding = await call(w.service.url, 'GET', '/exports/%E0%A4%A', {token: ALICE});
  t.same([encoding.status, encoding.json.error.code], [404, 'ERR_NOT_FOUND'], 'a broken percent-encoding');
  const method = await api('PUT', '/exports', '/exports', {token: ALICE});
  t.same(
    [method.status, method.json.error.code, method.headers.allow],
    [405, 'ERR_METHOD_NOT_ALLOWED', 'POST, GET'],
  );

  const id = await createDone(w);
  const whole = await api('GET', '/exports/{id}/download', `/exports/${id}/download`, {token: ALICE});
  t.equal(whole.status, 200);
  const size = whole.body.length;
  const part = await api('GET', '/exports/{id}/download', `/exports/${id}/download`, {
    token: ALICE,
    headers: {range: 'bytes=2-11'},
  });
  t.equal(part.status, 206);
  t.equal(part.headers['content-range'], `bytes 2-11/${size}`);
  t.same(part.body, whole.body.subarray(2, 12), 'the bytes asked for');
  const suffix = await api('GET', '/exports/{id}/download', `/exports/${id}/download`, {
    token: ALICE,
    headers: {range: 'bytes=-5'},
  });
  t.same(suffix.body, whole.body.subarray(size - 5));
  const beyond = await api('GET', '/exports/{id}/download', `/exports/${id}/download`, {
    token: ALICE,
    headers: {range: `bytes=${size}-`},
  });
  t.same(
    [beyond.status, beyond.json.error.code, beyond.headers['content-range']],
    [416, 'ERR_RANGE_NOT_SATISFIABLE', `bytes */${size}`],
  );
  const ignored = await api('GET', '/exports/{id}/download', `/exports/${id}/download`, {
    token: ALICE,
    headers: {range: 'bytes=5-1'},
  });
  t.equal(ignored.status, 200, 'a range the RFC lets us ignore sends the whole file');
  const unknownJob = await api('GET', '/exports/{id}/download', `/exports/${id}/download?job=nope`, {
    token: ALICE,
  });
  t.equal(unknownJob.status, 404);
  const badQuery = await api('GET', '/exports/{id}/download', `/exports/${id}/download?file=1`, {
    token: ALICE,
  });
  t.same([badQuery.status, badQuery.json.error.path], [400, 'file']);
});

t.test(
  'the queue cap answers 429 and run now answers 409 while queued or for a recurring request',
  async (t) => {
    const queue = idleQueue();
    const w = await world(t, {queue, maxQueued: 1});
    const first = await w.api('POST', '/exports', '/exports', {token: ALICE, body: oneTime(w.simulator)});
    t.equal(first.status, 201);
    t.equal(first.json.status, 'notProcessed');
    t.equal(queue.enqueued.length, 1, 'a one-time request is queued at creation');
    const second = await w.api('POST', '/exports', '/exports', {token: ALICE, body: oneTime(w.simulator)});
    t.same(
      [second.status, second.json.error],
      [429, {code: 'ERR_QUEUE_FULL', message: 'Maximum number of queued exports reached'}],
    );
    const again = await w.api('POST', '/exports/{id}/run', `/exports/${first.json.id}/run`, {token: ALICE});
    t.same([again.status, again.json.error.code], [409, 'ERR_CONFLICT']);
    const recurring = await w.api('POST', '/exports', '/exports', {
      token: BOB,
      body: {
        ...oneTime(w.simulator),
        type: 'recurring',
        periodicity: 'P1D',
        periodStart: '2999-01-01T00:00:00Z',
        from: undefined,
        to: undefined,
      },
    });
    t.equal(recurring.status, 201, JSON.stringify(recurring.json));
    const run = await w.api('POST', '/exports/{id}/run', `/exports/${recurring.json.id}/run`, {token: BOB});
    t.same([run.status, run.json.error.code], [409, 'ERR_CONFLICT']);
    const future = await w.api('POST', '/exports', '/exports', {
      token: BOB,
      body: oneTime(w.simulator, {from: '2999-01-01T00:00:00Z', to: '2999-01-02T00:00:00Z'}),
    });
    t.equal(future.json.status, 'notProcessed');
    const nothing = await w.api('GET', '/exports/{id}/download', `/exports/${future.json.id}/download`, {
      token: BOB,
    });
    t.same(
      [nothing.status, nothing.json.error.message],
      [404, 'No file yet: no job of this export request has run'],
    );
    const early = await w.api('POST', '/exports/{id}/run', `/exports/${future.json.id}/run`, {token: BOB});
    t.same(
      [early.status, early.json.error.message],
      [409, 'The window of this export request has not closed yet'],
    );
    t.equal(
      (await w.api('POST', '/exports', '/exports', {token: BOB, body: oneTime(w.simulator)})).status,
      201,
      'the cap is per user',
    );
    const full = await w.api('POST', '/exports/{id}/run', `/exports/${future.json.id}/run`, {token: BOB});
    t.same([full.status, full.json.error.code], [429, 'ERR_QUEUE_FULL'], 'run now counts against the cap');
  },
);

t.test("the list filters, sorts and pages the caller's requests", async (t) => {
  const w = await world(t, {queue: idleQueue()});
  const ids: Record<string, string> = {};
  for (const name of ['bravo', 'alpha', 'charlie']) {
    const reply = await w.api('POST', '/exports', '/exports', {
      token: ALICE,
      body: oneTime(w.simulator, {name}),
    });
    ids[name] = reply.json.id;
  }
  await w.api('POST', '/exports', '/exports', {
    token: ALICE,
    body: {
      ...oneTime(w.simulator, {name: 'delta'}),
      type: 'recurring',
      periodicity: 'P1D',
      periodStart: '2999-01-01T00:00:00Z',
      from: undefined,
      to: undefined,
    },
  });
  const names = async (query: string) =>
    (await w.api('GET', '/exports', `/exports?${query}`, {token: ALICE})).json.items.map(
      (item: {name: string}) => item.name,
    );
  t.same(await names('sort=name'), ['alpha', 'bravo', 'charlie', 'delta']);
  t.same(await names('sort=-name&pageSize=2&page=2'), ['bravo', 'alpha']);
  t.same(await names('type=recurring'), ['delta']);
  const twoItems = await w.api('POST', '/exports', '/exports', {
    token: ALICE,
    body: oneTime(w.simulator, {
      name: 'alpha',
      items: [
        {provider: 'croct', resource: 'events', baseUrl: w.simulator.url, filename: 'events'},
        {provider: 'croct', resource: 'sessions', baseUrl: w.simulator.url, filename: 'sessions'},
      ],
    }),
  });
  const jobs = await w.api('GET', '/exports/{id}/jobs', `/exports/${twoItems.json.id}/jobs`, {token: ALICE});
  t.same(
    jobs.json.items.map((job: {item: number}) => job.item),
    [0, 1],
    'one job per item, in item order',
  );
  const byName = await names('sort=name');
  t.same(byName, ['alpha', 'alpha', 'bravo', 'charlie', 'delta'], 'ties keep a stable order');
  const long = await w.api('GET', '/exports', `/exports?sort=${'x'.repeat(80)}`, {token: ALICE});
  t.match(long.json.error.message, /got "x{57}\.\.\."$/, 'a long value is cut in the message');
  const untyped = await w.api('POST', '/exports', '/exports', {token: ALICE, raw: '{}'});
  t.equal(untyped.status, 415, 'no Content-Type');
  t.same(await names('status=notProcessed&type=oneTime&sort=name'), ['alpha', 'alpha', 'bravo', 'charlie']);
  t.same(await names('status[]=done,failed'), []);
  t.same(await names('from=2999-01-01T00:00:00Z'), []);
  t.same(await names('to=2000-01-01T00:00:00Z'), []);
  t.equal((await names('sort=updatedAt')).length, 5);
  const page = await w.api('GET', '/exports', '/exports?pageSize=3', {token: ALICE});
  t.same([page.json.page, page.json.pageSize, page.json.total, page.json.items.length], [1, 3, 5, 3]);
});

t.test('run now exports a done one-time request again from scratch', async (t) => {
  const w = await world(t);
  const id = await createDone(w);
  const run = await w.api('POST', '/exports/{id}/run', `/exports/${id}/run`, {token: ALICE});
  t.equal(run.status, 202);
  await until(async () => (await jobsOf(w.service.url, id))[0]?.status === 'done', 'done again');
  const [job] = await jobsOf(w.service.url, id);
  t.equal(job.attempts, 2, 'started twice in all');
  t.equal((await w.api('GET', '/exports/{id}/jobs', `/exports/${id}/jobs`, {token: ALICE})).status, 200);
  t.equal(
    (await w.api('GET', '/exports/{id}/download', `/exports/${id}/download`, {token: ALICE})).status,
    200,
  );
});

t.test(
  'the OpenAPI document is public, lists every route, and docs/service.md describes each operation',
  async (t) => {
    const w = await world(t, {queue: idleQueue()});
    const reply = await w.api('GET', '/openapi.json', '/openapi.json');
    t.equal(reply.status, 200);
    const operations = Object.entries(reply.json.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) =>
        Object.keys(item)
          .filter((key) => key !== 'parameters')
          .map((method) => `${method.toUpperCase()} ${path}`),
    );
    t.same(operations.sort(), [
      'DELETE /exports/{id}',
      'GET /exports',
      'GET /exports/{id}',
      'GET /exports/{id}/download',
      'GET /exports/{id}/jobs',
      'GET /openapi.json',
      'POST /exports',
      'POST /exports/{id}/run',
    ]);
    const docs = await readFile(new URL('../docs/service.md', import.meta.url), 'utf8');
    for (const operation of operations) {
      t.ok(docs.includes(`### ${operation}`), `docs/service.md has a section "### ${operation}"`);
    }
    for (const [code, status] of Object.entries((await import('../lib/service/index.js')).API_ERRORS)) {
      t.ok(docs.includes(`| ${status} | \`${code}\``), `docs/service.md lists ${code}`);
    }
  },
);

import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t, {type Test} from 'tap';
import {EmbeddedPool} from '../lib/service/embedded-pool.js';
import {parseRange} from '../lib/service/http/range.js';
import {
  authenticate,
  createService,
  hashToken,
  loadTokens,
  openapiDocument,
  parseTokens,
  type RequestsLibrary,
} from '../lib/service/index.js';
import {JobBook, type JobBookOptions} from '../lib/service/job-book.js';
import {describeJobError, rateLimitWait, runJob} from '../lib/service/job-runner.js';
import {redisOptions} from '../lib/service/redis-connection.js';
import {ExportStore} from '../lib/service/store.js';
import type {ExportRecord, JobEvents, JobOutcome, JobSpec} from '../lib/service/types.js';
import {ALICE, call, startService, tempDir, testRequests, testUsers, until} from './helpers/service.js';

const requests = await testRequests();

/** The window of the job book's tests' jobs. */
const WINDOW = {start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z', key: 'k'};

/**
 * Alice's request `r` with these jobs, in a new store, and a job book over it that notifies with
 * `notifyOutcome`; `options` override the book's other options.
 */
async function jobBook(
  t: Test,
  jobs: ExportRecord['jobs'],
  notifyOutcome: RequestsLibrary['notifyOutcome'],
  options: Partial<JobBookOptions> = {},
): Promise<{dataDir: string; record: ExportRecord; book: JobBook}> {
  const dataDir = await tempDir(t);
  const store = await ExportStore.open(dataDir);
  const record: ExportRecord = {
    version: 1,
    id: 'r',
    userId: 'alice',
    createdAt: '',
    updatedAt: '',
    firstRunAt: '',
    request: {notification: {}},
    jobs,
    completed: [],
  };
  await store.put(record);
  const book = new JobBook({
    store,
    requests: {...requests, parseRequest: () => ({}), notifyOutcome},
    dataDir,
    users: new Map(),
    env: {},
    now: () => new Date(),
    log: () => undefined,
    ...options,
  });
  return {dataDir, record, book};
}

t.test('the tokens file is checked field by field, and never shows a credential', async (t) => {
  const hash = hashToken('x');
  const cases: [unknown, RegExp][] = [
    [{users: 'secret-value'}, /`tokens.users` to be an array of users, got a string of 12 characters/],
    [null, /`tokens.users` to be an array of users, got null/],
    [{users: [7]}, /`tokens.users\[0\]` to be an object/],
    [
      {users: [{id: 'a', tokenSha256: hash, role: 'x'}]},
      /`tokens.users\[0\].role` to be one of the known fields/,
    ],
    [{users: [{id: 'a b', tokenSha256: hash}]}, /`tokens.users\[0\].id` to be a unique id/],
    [
      {
        users: [
          {id: 'a', tokenSha256: hash},
          {id: 'a', tokenSha256: hash},
        ],
      },
      /`tokens.users\[1\].id`/,
    ],
    [
      {users: [{id: 'a', tokenSha256: 'abc'}]},
      /`tokens.users\[0\].tokenSha256` to be the SHA-256 of the token in 64 lower-case hex digits, got a string of 3 characters/,
    ],
    [{users: [{id: 'a', tokenSha256: hash, env: []}]}, /`tokens.users\[0\].env` to be an object/],
    [
      {users: [{id: 'a', tokenSha256: hash, env: {CROCT_API_KEY: 5}}]},
      /`tokens.users\[0\].env.CROCT_API_KEY` to be a string/,
    ],
    [
      {users: [{id: 'a', tokenSha256: hash, env: {lower: 'secret-value'}}]},
      /`tokens.users\[0\].env.lower`.*got a string of 12 characters/,
    ],
  ];
  for (const [json, expected] of cases) {
    t.throws(() => parseTokens(json), {code: 'ERR_EXPORT_INVALID_OPTION', message: expected});
  }
  const users = parseTokens({users: [{id: 'ana', tokenSha256: hashToken('t0k3n')}]});
  t.same(users, [{id: 'ana', tokenSha256: hashToken('t0k3n'), env: {}}]);
  t.equal(authenticate('Bearer t0k3n', users)?.id, 'ana');
  t.equal(authenticate('bearer t0k3n ', users)?.id, 'ana', 'the scheme is case-insensitive');
  t.equal(authenticate('Bearer other', users), undefined);
  t.equal(authenticate(undefined, users), undefined);
  const dir = await tempDir(t);
  await writeFile(join(dir, 'tokens.json'), JSON.stringify({users: testUsers()}));
  t.equal((await loadTokens(join(dir, 'tokens.json'), {})).length, 2);
  await writeFile(join(dir, 'bad.json'), '{');
  await t.rejects(loadTokens(join(dir, 'bad.json'), {}), {message: /`.*bad.json` to be JSON/});
});

t.test('a Range header is read as RFC 9110 says', async (t) => {
  const cases: [string | undefined, number, ReturnType<typeof parseRange>][] = [
    [undefined, 10, undefined],
    ['bytes=0-4', 10, {start: 0, end: 4}],
    ['bytes=5-', 10, {start: 5, end: 9}],
    ['bytes=5-100', 10, {start: 5, end: 9}],
    ['bytes=-3', 10, {start: 7, end: 9}],
    ['bytes=-30', 10, {start: 0, end: 9}],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=-5', 0, 'unsatisfiable'],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=4-2', 10, undefined],
    ['bytes=-', 10, undefined],
    ['bytes=0-1,3-4', 10, undefined],
    ['items=0-1', 10, undefined],
  ];
  for (const [header, size, expected] of cases) {
    t.same(parseRange(header, size), expected, `${header} of ${size}`);
  }
});

t.test('a Redis URL becomes connection options; a bad one is refused without showing it', async (t) => {
  t.match(redisOptions('rediss://user:p%40ss@cache.local:6380/2'), {
    host: 'cache.local',
    port: 6380,
    db: 2,
    username: 'user',
    password: 'p@ss',
    tls: {},
    maxRetriesPerRequest: null,
  });
  t.match(redisOptions('redis://127.0.0.1'), {host: '127.0.0.1', port: 6379, db: 0});
  t.equal(redisOptions('redis://h:1/x').db, 0);
  t.throws(() => redisOptions('redis://:pw@[bad'), {message: /got a string of \d+ characters/});
});

t.test("a job error keeps the library code and hides the user's credentials", async (t) => {
  t.same(describeJobError(Object.assign(new Error('key abcd1234 refused'), {code: 'ERR_X'}), ['abcd1234']), {
    code: 'ERR_X',
    message: 'key [REDACTED] refused',
  });
  t.same(describeJobError('boom', []), {code: 'ERR_SERVICE_JOB', message: 'boom'});
  t.equal(rateLimitWait({status: 429}), 1000, 'a 429 without a wait pauses a second');
  t.equal(rateLimitWait({code: 'ERR_EXPORT_RATE_LIMITED', retryAfter: 2500}), 2500);
  t.equal(rateLimitWait(new Error('other')), undefined);
  t.equal(rateLimitWait(undefined), undefined);
});

function spec(jobId: string, provider = 'croct'): JobSpec {
  return {
    jobId,
    requestId: 'r',
    userId: 'u',
    provider,
    request: {},
    window: {start: '', end: '', key: 'k'},
    item: 0,
  };
}

function recorder(): JobEvents & {log: string[]} {
  const log: string[] = [];
  return {
    log,
    started: (id) => log.push(`started ${id}`),
    finished: (id, outcome) => log.push(`${outcome.status} ${id}`),
    requeued: (id) => log.push(`requeued ${id}`),
  };
}

t.test('the embedded pool pauses only the provider that answered 429, then runs its job again', async (t) => {
  const runs: string[] = [];
  let limited = false;
  const pool = new EmbeddedPool({
    concurrency: 1,
    run: async (job) => {
      runs.push(job.jobId);
      if (job.jobId === 'a' && !limited) {
        limited = true;
        return {
          status: 'rateLimited',
          retryAfter: 40,
          error: {code: 'ERR_EXPORT_RATE_LIMITED', message: ''},
          worker: 'w',
        };
      }
      return {
        status: 'done',
        result: {label: '', fileName: '', contentType: '', rows: 0, bytes: 0},
        worker: 'w',
      };
    },
  });
  const events = recorder();
  await pool.enqueue(spec('a'));
  await pool.enqueue(spec('a'));
  await pool.enqueue(spec('b', 'openpanel'));
  await pool.start(events);
  const started = performance.now();
  await until(() => events.log.includes('done a'), 'a done');
  t.ok(performance.now() - started >= 35, 'a waited for its provider');
  t.same(runs, ['a', 'b', 'a'], 'b (another provider) ran during the pause; a once more after it');
  t.same(events.log, ['started a', 'requeued a', 'started b', 'done b', 'started a', 'done a']);
  await pool.close();
});

t.test('the embedded pool cancels queued and running jobs, and close aborts the running ones', async (t) => {
  const pool = new EmbeddedPool({
    run: (_job, signal) =>
      new Promise<JobOutcome>((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      ),
  });
  const events = recorder();
  await pool.start(events);
  await pool.enqueue(spec('a'));
  await pool.enqueue(spec('b'));
  await pool.enqueue(spec('c'));
  await pool.cancel('c');
  await pool.cancel('a');
  await pool.cancel('nothing');
  t.same(events.log, ['started a', 'started b'], 'c never starts; an aborted job reports nothing');
  await pool.close();
  await pool.enqueue(spec('d'));
  t.notOk(events.log.includes('started d'), 'nothing starts once closed');
});

t.test('runJob rejects with the abort reason when its signal aborts it', async (t) => {
  const dataDir = await tempDir(t);
  const controller = new AbortController();
  const lib: RequestsLibrary = {
    ...requests,
    parseRequest: () => ({}),
    exportItem: (_r, _w, _i, {signal}) => {
      controller.abort(new Error('stop'));
      return Promise.reject(signal!.reason);
    },
  };
  const running = runJob(spec('x'), {
    requests: lib,
    dataDir,
    user: testUsers()[0],
    signal: controller.signal,
    worker: 'w',
  });
  await t.rejects(running, {message: 'stop'});
});

t.test('the store skips temp files and other files, and names a corrupt file', async (t) => {
  const dataDir = await tempDir(t);
  await mkdir(join(dataDir, 'exports'), {recursive: true});
  await writeFile(join(dataDir, 'exports', 'x.json.1.abcd.tmp'), '{');
  await writeFile(join(dataDir, 'exports', 'notes.txt'), 'hi');
  const store = await ExportStore.open(dataDir);
  t.same(store.all(), []);
  const record = {id: 'r1', jobs: [], request: {}} as unknown as ExportRecord;
  await store.put(record);
  t.same(JSON.parse(await readFile(join(dataDir, 'exports', 'r1.json'), 'utf8')).id, 'r1');
  await store.delete('r1');
  await store.save(record);
  await store.flush();
  t.same((await ExportStore.open(dataDir)).all(), [], 'a deleted record is not written back');
  await writeFile(join(dataDir, 'exports', 'bad.json'), '{"id":');
  await t.rejects(ExportStore.open(dataDir), {message: /Cannot read the export store file .*bad\.json/});
});

t.test(
  "the job book ignores reports that do not apply, deletes an orphan's file and logs a failure to record one",
  async (t) => {
    const lines: string[] = [];
    const notified: unknown[] = [];
    const {dataDir, record, book} = await jobBook(
      t,
      [
        {
          id: 'r_0_k',
          item: 0,
          window: WINDOW,
          status: 'done',
          createdAt: '',
          attempts: 1,
          label: 'a',
          fileName: 'a.csv',
          rows: 2,
          bytes: 9,
          contentType: 'text/csv',
        },
        {id: 'r_1_k', item: 1, window: WINDOW, status: 'notProcessed', createdAt: '', attempts: 0},
      ],
      async (_request, outcome) => {
        notified.push(outcome);
        throw new Error('smtp down');
      },
      {log: (line) => lines.push(line)},
    );
    book.started('r_0_k');
    book.requeued('r_0_k');
    book.finished('r_0_k', {status: 'failed', error: {code: 'E', message: 'm'}, worker: 'w'});
    t.same([record.jobs[0]!.status, record.jobs[0]!.attempts], ['done', 1], 'a done job stays done');
    await mkdir(join(dataDir, 'files', 'gone_0_k'), {recursive: true});
    book.finished('gone_0_k', {status: 'failed', error: {code: 'E', message: 'm'}, worker: 'w'});
    await book.idle();
    await t.rejects(
      readFile(join(dataDir, 'files', 'gone_0_k')),
      {code: 'ENOENT'},
      'a report for a deleted request deletes its file',
    );
    book.started('r_1_k');
    book.requeued('r_1_k');
    await book.idle();
    t.same([record.jobs[1]!.status, record.jobs[1]!.attempts], ['notProcessed', 1], 'requeued after a 429');
    book.finished('r_1_k', {status: 'failed', error: {code: 'E', message: 'boom'}, worker: 'w'});
    await book.idle();
    t.match(notified, [
      {
        results: [{item: 0, fileName: 'a.csv', rows: 2, path: join(dataDir, 'files', 'r_0_k', 'a.csv')}],
        error: {message: 'boom'},
      },
    ]);
    t.match(lines, [/Could not record job r_1_k: Error: smtp down/]);
    t.same(record.completed, [], 'a window with a failed item is not in the ledger');
  },
);

t.test('the job book adds a window to the ledger once', async (t) => {
  const changes: string[] = [];
  const delivery = {policy: 'onSuccess', medium: 'slack', target: 'slack', ok: true, attempts: 1};
  const {record, book} = await jobBook(
    t,
    [
      {id: 'r_0_k', item: 0, window: WINDOW, status: 'inProgress', createdAt: '', attempts: 1},
      {id: 'r_1_k', item: 1, window: WINDOW, status: 'inProgress', createdAt: '', attempts: 1},
    ],
    async (_request, outcome) => (outcome.error === undefined ? [delivery] : []),
    {onChange: (_record, job) => changes.push(`${job.id} ${job.status}`)},
  );
  const result = {label: 'a', fileName: 'a.csv', contentType: 'text/csv', rows: 1, bytes: 1};
  book.finished('r_0_k', {status: 'done', result, worker: 'w'});
  await book.idle();
  t.same(record.completed, [], 'not while an item of the window runs');
  book.finished('r_1_k', {status: 'done', result, worker: 'w'});
  await book.idle();
  t.same(record.completed, ['k']);
  record.jobs[1]!.status = 'inProgress';
  book.finished('r_1_k', {status: 'done', result, worker: 'w'});
  await book.idle();
  t.same(record.completed, ['k'], 'once');
  t.same(record.jobs[0]!.notifications, [delivery], "the window's deliveries on each of its jobs");
  t.same(changes, ['r_0_k done', 'r_1_k done', 'r_1_k done']);
});

t.test('routes mounted next to the API; an internal error is a 500 that shows nothing', async (t) => {
  const dataDir = await tempDir(t);
  const lines: string[] = [];
  const service = await startService(t, {dataDir, requests, log: (line) => lines.push(line)});
  service.addRoutes(
    {method: 'GET', path: '/page', public: true, handle: ({response}) => void response.end('page')},
    {method: 'GET', path: '/boom', handle: () => Promise.reject(new Error('secret detail'))},
    {
      method: 'GET',
      path: '/string',
      public: true,
      handle: () => {
        throw 'not an error';
      },
    },
    {
      method: 'GET',
      path: '/half',
      public: true,
      handle: ({response}) => {
        response.writeHead(200, {'content-length': '10'});
        response.write('half');
        throw new Error('mid-body');
      },
    },
  );
  t.equal((await call(service.url, 'GET', '/page')).body.toString(), 'page');
  const boom = await call(service.url, 'GET', '/boom', {token: ALICE});
  t.same([boom.status, boom.json], [500, {error: {code: 'ERR_INTERNAL', message: 'Internal error'}}]);
  t.match(lines[0], /Internal error: Error: secret detail/);
  t.equal((await call(service.url, 'GET', '/string')).status, 500);
  t.equal(lines[1], 'Internal error: not an error');
  await t.rejects(call(service.url, 'GET', '/half'), 'a failure mid-body cuts the connection');
  await t.rejects(createService({dataDir, users: [], requests, maxQueued: 0}), {
    message: /`maxQueued` to be an integer of at least 1, got 0/,
  });
});

t.test("the OpenAPI document re-roots the request schema's references", async (t) => {
  const document = openapiDocument({
    $schema: 'x',
    $id: 'y',
    $defs: {name: {type: 'string'}},
    properties: {name: {$ref: '#/$defs/name'}, tags: {anyOf: [{$ref: '#/$defs/name'}, {type: 'null'}]}},
  }) as {components: {schemas: {ExportRequest: Record<string, unknown>}}};
  t.same(document.components.schemas.ExportRequest, {
    $defs: {name: {type: 'string'}},
    properties: {
      name: {$ref: '#/components/schemas/ExportRequest/$defs/name'},
      tags: {anyOf: [{$ref: '#/components/schemas/ExportRequest/$defs/name'}, {type: 'null'}]},
    },
  });
});

t.test(
  'a request the library refuses without a JSON path is a 400 naming its option; anything else a 500',
  async (t) => {
    const dataDir = await tempDir(t);
    const refusals: unknown[] = [
      Object.assign(new Error('Expected `name` to be a safe name'), {option: 'name'}),
      new Error('library bug'),
    ];
    const lib: RequestsLibrary = {
      ...requests,
      parseRequest: () => {
        throw refusals.shift();
      },
    };
    const service = await startService(t, {dataDir, requests: lib, log: () => undefined});
    const named = await call(service.url, 'POST', '/exports', {token: ALICE, body: {}});
    t.same([named.status, named.json.error.path], [400, 'name']);
    const bug = await call(service.url, 'POST', '/exports', {token: ALICE, body: {}});
    t.same([bug.status, bug.json.error.code], [500, 'ERR_INTERNAL']);
  },
);

t.test('the service listens on IPv6 loopback with a bracketed URL', async (t) => {
  const service = await startService(t, {
    dataDir: await tempDir(t),
    requests,
    host: '::1',
    onJobChange: () => undefined,
  });
  t.match(service.url, /^http:\/\/\[::1\]:\d+$/);
  t.equal((await call(service.url, 'GET', '/openapi.json')).status, 200);
  service.addRoutes({
    method: 'GET',
    path: '/fail',
    public: true,
    handle: () => Promise.reject(new Error('x')),
  });
  t.equal((await call(service.url, 'GET', '/fail')).status, 500, 'logged nowhere by default');
  await service.tick();
  await service.close();
  await service.context.scheduler.tick();
  t.pass('a look after close does nothing');
});

t.test('a retention sweep that fails is logged, and the next one runs', async (t) => {
  const dataDir = await tempDir(t);
  const lines: string[] = [];
  const store = await ExportStore.open(dataDir);
  const finishedAt = new Date(0).toISOString();
  await store.put({
    version: 1,
    id: 'old',
    userId: 'alice',
    createdAt: finishedAt,
    updatedAt: finishedAt,
    firstRunAt: finishedAt,
    request: {items: []},
    jobs: [
      {
        id: 'old_0_k',
        item: 0,
        window: {start: finishedAt, end: finishedAt, key: 'k'},
        status: 'done',
        createdAt: finishedAt,
        attempts: 1,
        finishedAt,
      },
    ],
    completed: ['k'],
  });
  const {rm} = await import('node:fs/promises');
  // Its directory gone, the sweep cannot save the expired job: the timer logs and keeps going.
  const lib: RequestsLibrary = {
    ...requests,
    parseRequest: () => ({}),
    dueWindows: () => [],
    nextWindowClose: () => undefined,
  };
  const service = await startService(t, {
    dataDir,
    requests: lib,
    retention: 20,
    log: (line) => lines.push(line),
  });
  // The sweep may be writing into it at that moment (ENOTEMPTY): rm retries those.
  await rm(join(dataDir, 'exports'), {recursive: true, force: true, maxRetries: 20, retryDelay: 5});
  await until(() => lines.some((line) => line.startsWith('Retention failed')), 'the failure logged');
  t.match(lines[0], /Retention failed: .*ENOENT/);
  await service.close();
});

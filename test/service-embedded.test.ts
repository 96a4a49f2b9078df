import {cp, readdir} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import t from 'tap';
import {
  ALICE,
  call,
  croctService,
  croctSimulator,
  jobsOf,
  oneTime,
  startService,
  tempDir,
  testUsers,
  until,
} from './helpers/service.js';

t.test(
  'a one-time request created over HTTP is exported by the embedded workers and downloads with every row',
  async (t) => {
    const {simulator, service} = await croctService(t);
    const created = await call(service.url, 'POST', '/exports', {token: ALICE, body: oneTime(simulator)});
    t.equal(created.status, 201);
    t.equal(created.headers.location, `/exports/${created.json.id}`);
    await until(
      async () => (await jobsOf(service.url, created.json.id))[0]?.status === 'done',
      'the job is done',
    );
    const [job] = await jobsOf(service.url, created.json.id);
    t.match(job, {status: 'done', attempts: 1, rows: 300, worker: 'embedded', item: 0});
    const file = await call(service.url, 'GET', `/exports/${created.json.id}/download`, {token: ALICE});
    t.equal(file.status, 200);
    t.match(file.headers['content-type'], /^text\/csv/);
    t.equal(
      file.headers['content-disposition'],
      `attachment; filename="${job.fileName}"; filename*=UTF-8''${job.fileName}`,
    );
    t.equal(file.body.length, job.bytes);
    const rows = parse(file.body, {columns: true}) as Record<string, string>[];
    t.equal(rows.length, 300, 'every event of the window, once');
  },
);

t.test(
  'a service restarted mid-job runs that job again once, from scratch, and its file is complete',
  async (t) => {
    const {simulator, dataDir, service: first, options} = await croctService(t, {}, {latency: 100});
    const created = await call(first.url, 'POST', '/exports', {
      token: ALICE,
      body: oneTime(simulator, {
        items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url, pageSize: 50}],
      }),
    });
    const id = created.json.id;
    await until(async () => (await jobsOf(first.url, id))[0]?.status === 'inProgress', 'the job runs');
    await until(() => simulator.stats.requests >= 2, 'the job read a page or two');
    // What a crash leaves on disk: the store says inProgress, the file is at most a temp file.
    const crashed = await tempDir(t, 'crashed-');
    await first.idle();
    await cp(dataDir, crashed, {recursive: true});
    await first.close();
    const second = await startService(t, {...options, dataDir: crashed});
    await until(
      async () => (await jobsOf(second.url, id))[0]?.status === 'done',
      'the job is done after the restart',
      20_000,
    );
    const [job] = await jobsOf(second.url, id);
    t.equal(job.attempts, 2, 'started once before the crash and once after');
    t.equal(job.rows, 300, 'every row, once');
    t.same(await readdir(join(crashed, 'files', job.id)), [job.fileName], 'no temp file left');
    const file = await call(second.url, 'GET', `/exports/${id}/download`, {token: ALICE});
    t.equal((parse(file.body, {columns: true}) as unknown[]).length, 300);
  },
);

t.test(
  'a recurring request queues each window once across two restarts, and the ledger records them',
  async (t) => {
    let now = new Date('2026-11-25T03:30:00Z');
    const {simulator, service: first, options} = await croctService(t, {now: () => now});
    const request = {
      name: 'hourly',
      type: 'recurring',
      periodicity: 'PT1H',
      periodStart: '2026-11-25T00:00:00Z',
      format: {extension: 'ndjson'},
      items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url}],
    };
    let service = first;
    const id = (await call(service.url, 'POST', '/exports', {token: ALICE, body: request})).json.id;
    for (const hours of [3, 4, 5]) {
      await until(async () => {
        const jobs = await jobsOf(service.url, id);
        return jobs.length === hours && jobs.every((job) => job.status === 'done');
      }, `${hours} windows done`);
      if (hours < 5) {
        // Restarted an hour later: one more window is due, the others are not queued again.
        await service.close();
        now = new Date(now.getTime() + 3_600_000);
        service = await startService(t, options);
      }
    }
    const jobs = await jobsOf(service.url, id);
    t.same(
      jobs.map((job) => [job.window.key, job.attempts]),
      [0, 1, 2, 3, 4].map((hour) => [`20261125T0${hour}0000Z`, 1]),
      'one job per window, each run once',
    );
    const record = service.context.store.get(id)!;
    t.same(
      record.completed,
      jobs.map((job) => job.window.key),
      'the window ledger',
    );
    const latest = await call(service.url, 'GET', `/exports/${id}/download`, {token: ALICE});
    t.equal(latest.status, 200, 'the latest window (no events in 2026: an empty file)');
    t.equal(latest.body.length, 0);
  },
);

t.test("a job that fails records the library's code, no secret, and the window's notification", async (t) => {
  const simulator = await croctSimulator(t);
  const received: unknown[] = [];
  const hook = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => hook.close(resolve)));
  const wrongKey = '3b7bd9e2-4a7c-4c3f-9f0e-5a1d2c3b4a5f';
  const service = await startService(t, {
    dataDir: await tempDir(t),
    users: testUsers(wrongKey),
    env: {
      SLACK_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      CROCT_API_KEY: 'not-passed',
    },
  });
  const created = await call(service.url, 'POST', '/exports', {
    token: ALICE,
    body: oneTime(simulator, {
      notification: {messages: [{policy: 'onFailure', medium: 'slack', text: 'failed: {{error}}'}]},
    }),
  });
  await until(
    async () => (await jobsOf(service.url, created.json.id))[0]?.notifications !== undefined,
    'notified',
  );
  const [job] = await jobsOf(service.url, created.json.id);
  t.equal(job.status, 'failed');
  t.equal(job.error.code, 'ERR_EXPORT_UNAUTHORIZED');
  t.notOk(JSON.stringify(job).includes(wrongKey), 'the key is in no job field');
  t.match(job.notifications, [{policy: 'onFailure', medium: 'slack', ok: true}]);
  t.equal(received.length, 1, 'the webhook got one message');
  const download = await call(service.url, 'GET', `/exports/${created.json.id}/download`, {token: ALICE});
  t.same([download.status, download.json.error.message], [404, `Job ${job.id} has no file (status failed)`]);
  const resource = await call(service.url, 'GET', `/exports/${created.json.id}`, {token: ALICE});
  t.equal(resource.json.status, 'failed');
});

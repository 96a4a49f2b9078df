import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {Queue} from 'bullmq';
import {Redis} from 'ioredis';
import t from 'tap';
import {createBullmqQueue, hashToken, type RequestsLibrary, startBullmqWorker} from '../lib/service/index.js';
import {specOf} from '../lib/service/scheduler.js';
import {startRedis} from './helpers/redis.js';
import {
  ALICE,
  call,
  jobsOf,
  oneTime,
  startService,
  tempDir,
  testRequests,
  testUsers,
  until,
} from './helpers/service.js';

const requests = await testRequests();

const fakeFile: Pick<RequestsLibrary, 'exportItem'> = {
  async exportItem(_request, window, item, {outDir}) {
    const fileName = `w_${window.key}.ndjson`;
    await writeFile(join(outDir, fileName), '{}\n');
    return {
      item,
      label: 'w',
      path: join(outDir, fileName),
      fileName,
      rows: 1,
      bytes: 3,
      contentType: 'application/x-ndjson',
    };
  },
};

t.test(
  'a scheduler restarted twice leaves one job per window in Redis, and picks up what finished meanwhile',
  async (t) => {
    const redis = await startRedis(t);
    if (redis === undefined) return;
    const dataDir = await tempDir(t);
    let now = new Date('2026-11-25T03:30:00Z');
    const start = () =>
      startService(t, {
        dataDir,
        requests,
        queue: createBullmqQueue({url: redis.url, prefix: 'sched'}),
        now: () => now,
      });
    const request = {
      name: 'hourly',
      type: 'recurring',
      periodicity: 'PT1H',
      periodStart: '2026-11-25T00:00:00Z',
      format: {extension: 'ndjson'},
      items: [{provider: 'croct', resource: 'events', baseUrl: 'http://127.0.0.1:9'}],
    };
    const connection = new Redis(redis.url, {maxRetriesPerRequest: null});
    const inspect = new Queue('sched-croct', {connection});
    t.teardown(async () => {
      await inspect.close();
      connection.disconnect();
    });
    const waitingIds = async () => (await inspect.getJobs(['waiting'])).map((job) => job.id!).sort();
    let service = await start();
    const id = (await call(service.url, 'POST', '/exports', {token: ALICE, body: request})).json.id;
    const keys = (hours: number) =>
      Array.from({length: hours}, (_, hour) => `${id}_0_20261125T0${hour}0000Z`);
    t.same(await waitingIds(), keys(3), 'three windows due, three jobs');
    const record = service.context.store.get(id)!;
    await service.context.queue.enqueue(specOf(record, record.jobs[0]!));
    t.same(await waitingIds(), keys(3), 'queuing a waiting job again changes nothing');
    await service.close();
    service = await start();
    t.same(await waitingIds(), keys(3), 'restarted: the same three');
    await service.close();
    now = new Date('2026-11-25T04:30:00Z');
    service = await start();
    t.same(await waitingIds(), keys(4), 'restarted an hour later: one more');
    t.equal((await jobsOf(service.url, id)).length, 4, 'four jobs in the store');
    await service.close();

    // While the API is down, a worker runs them; one job vanished from Redis; one was broken by hand.
    const fake = {...requests, ...fakeFile};
    const worker = await startBullmqWorker({
      url: redis.url,
      dataDir,
      users: testUsers(),
      requests: fake,
      prefix: 'sched',
      name: 'in-process',
    });
    await until(async () => (await inspect.getJobCounts('completed')).completed === 4, 'four completed');
    await (await inspect.getJob(keys(4)[3]!))!.remove();
    await worker.close();
    service = await start();
    const jobs = await jobsOf(service.url, id);
    t.same(
      jobs.slice(0, 3).map((job) => [job.status, job.worker]),
      [0, 1, 2].map(() => ['done', 'in-process']),
      'recorded at start',
    );
    t.equal(jobs[3].status, 'notProcessed', 'the vanished job');
    t.same(await waitingIds(), [keys(4)[3]], 'is queued again');
    const broken = keys(4)[3]!;
    await inspect.remove(broken);
    await inspect.add('export', {jobId: undefined}, {jobId: broken});
    const again = await startBullmqWorker({
      url: redis.url,
      dataDir,
      users: testUsers(),
      requests: fake,
      prefix: 'sched',
    });
    t.teardown(() => again.close());
    await until(
      async () => (await jobsOf(service.url, id))[3]?.status === 'failed',
      'a job that threw in the worker is failed',
    );
    t.equal((await jobsOf(service.url, id))[3].error.code, 'ERR_SERVICE_WORKER');
    // Failed while the API was down (simulated: the store still believes it unfinished).
    const stored = service.context.store.get(id)!;
    stored.jobs[3]!.status = 'inProgress';
    await service.context.store.save(stored);
    await service.close();
    service = await start();
    t.match(
      (await jobsOf(service.url, id))[3],
      {status: 'failed', error: {code: 'ERR_SERVICE_WORKER'}},
      'recorded at start',
    );
  },
);

t.test("a provider's 429 pauses its queue for the wait it asked, then the job runs again", async (t) => {
  const redis = await startRedis(t);
  if (redis === undefined) return;
  const dataDir = await tempDir(t);
  const attempts: number[] = [];
  const fake: RequestsLibrary = {
    ...requests,
    async exportItem(request, window, item, options) {
      attempts.push(Date.now());
      if (attempts.length === 1) {
        throw Object.assign(new Error('429'), {code: 'ERR_EXPORT_RATE_LIMITED', retryAfter: 300});
      }
      return fakeFile.exportItem(request, window, item, options);
    },
  };
  const worker = await startBullmqWorker({
    url: redis.url,
    dataDir,
    users: testUsers(),
    requests: fake,
    prefix: 'rl',
  });
  t.teardown(() => worker.close());
  const service = await startService(t, {
    dataDir,
    requests,
    queue: createBullmqQueue({url: redis.url, prefix: 'rl'}),
  });
  const id = (
    await call(service.url, 'POST', '/exports', {
      token: ALICE,
      body: {...oneTime({url: 'http://127.0.0.1:9'} as never)},
    })
  ).json.id;
  await until(async () => (await jobsOf(service.url, id))[0]?.status === 'done', 'done after the pause');
  t.equal(attempts.length, 2);
  t.ok(attempts[1]! - attempts[0]! >= 250, `paused ${attempts[1]! - attempts[0]!} ms`);
  const [job] = await jobsOf(service.url, id);
  t.equal(job.attempts, 2);
  t.notOk(job.error, 'not failed');
  // Run now in distributed mode: BullMQ still holds the completed job, which is replaced.
  t.equal((await call(service.url, 'POST', `/exports/${id}/run`, {token: ALICE})).status, 202);
  await until(async () => (await jobsOf(service.url, id))[0]?.status === 'done', 'done again');
  t.equal((await jobsOf(service.url, id))[0].attempts, 3);
  t.equal((await call(service.url, 'DELETE', `/exports/${id}`, {token: ALICE})).status, 204);
  // A user the worker does not know (tokens changed): the job fails with a clear code.
  const stranger = {id: 'carol', tokenSha256: hashToken('carol-token'), env: {}};
  const other = await startService(t, {
    dataDir: await tempDir(t),
    requests,
    users: [stranger],
    queue: createBullmqQueue({url: redis.url, prefix: 'rl'}),
  });
  const carols = (
    await call(other.url, 'POST', '/exports', {
      token: 'carol-token',
      body: oneTime({url: 'http://127.0.0.1:9'} as never),
    })
  ).json.id;
  await until(async () => (await jobsOf(other.url, carols, 'carol-token'))[0]?.status === 'failed', 'failed');
  t.equal((await jobsOf(other.url, carols, 'carol-token'))[0].error.code, 'ERR_SERVICE_UNKNOWN_USER');
});

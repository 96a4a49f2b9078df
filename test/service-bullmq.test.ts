import {readdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {Queue} from 'bullmq';
import {Redis} from 'ioredis';
import t from 'tap';
import {createBullmqQueue, hashToken, type RequestsLibrary, startBullmqWorker} from '../lib/service/index.js';
import type {JobRecord} from '../lib/service/types.js';
import {spawnCli} from './helpers/cli-harness.js';
import {startRedis} from './helpers/redis.js';
import {
  ALICE,
  call,
  croctSimulator,
  jobsOf,
  oneTime,
  startService,
  tempDir,
  testRequests,
  testUsers,
  until,
} from './helpers/service.js';

const requests = await testRequests();

type Test = Tap.Test;

/** Counts how many times each job became done: a window exported twice would count 2. */
function doneCounter() {
  const counts = new Map<string, number>();
  return {
    counts,
    onJobChange: (_record: unknown, job: JobRecord) => {
      if (job.status === 'done') counts.set(job.id, (counts.get(job.id) ?? 0) + 1);
    },
  };
}

async function tokensFile(t: Test, dir: string, apiKey: string): Promise<string> {
  const path = join(dir, 'tokens.json');
  await writeFile(path, JSON.stringify({users: testUsers(apiKey)}));
  return path;
}

/** Spawns `export-stream worker` and waits until it says it is ready. */
async function spawnWorker(t: Test, args: string[]) {
  const worker = spawnCli(['worker', ...args], process.cwd());
  t.teardown(() => {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  });
  let out = '';
  worker.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await until(() => out.includes('Export worker ready'), 'the worker is ready', 20_000);
  return worker;
}

t.test('two worker processes share the jobs and no window is exported twice', async (t) => {
  const redis = await startRedis(t);
  if (redis === undefined) return;
  const simulator = await croctSimulator(t, {latency: 5});
  const dataDir = await tempDir(t);
  const tokens = await tokensFile(t, dataDir, simulator.apiKey);
  const args = ['--queue', redis.url, '--data-dir', dataDir, '--tokens', tokens];
  const workers = await Promise.all([spawnWorker(t, args), spawnWorker(t, args)]);
  const counter = doneCounter();
  const queue = createBullmqQueue({url: redis.url});
  const service = await startService(t, {
    dataDir,
    requests,
    users: testUsers(simulator.apiKey),
    queue,
    onJobChange: counter.onJobChange,
  });
  const ids: string[] = [];
  for (let index = 0; index < 8; index++) {
    ids.push((await call(service.url, 'POST', '/exports', {token: ALICE, body: oneTime(simulator)})).json.id);
  }
  await until(
    async () => {
      for (const id of ids) if ((await jobsOf(service.url, id))[0]?.status !== 'done') return false;
      return true;
    },
    'every job done',
    30_000,
  );
  const jobs = (await Promise.all(ids.map((id) => jobsOf(service.url, id)))).flat();
  t.same(
    jobs.map((job) => [job.attempts, job.rows]),
    ids.map(() => [1, 300]),
    'each job ran once with every row',
  );
  t.same(
    [...counter.counts.values()],
    ids.map(() => 1),
    'each job became done once',
  );
  const names = new Set(jobs.map((job) => job.worker));
  t.equal(names.size, 2, `both workers ran jobs (${[...names].join(', ')})`);
  for (const worker of workers) worker.child.kill('SIGTERM');
  const results = await Promise.all(workers.map((worker) => worker.done));
  t.same(
    results.map((result) => result.code),
    [0, 0],
    'SIGTERM stops a worker cleanly',
  );
});

t.test(
  'a worker SIGKILLed mid-job: another picks the job up, its file is complete and exported once',
  async (t) => {
    const redis = await startRedis(t);
    if (redis === undefined) return;
    const simulator = await croctSimulator(t, {latency: 100});
    const dataDir = await tempDir(t);
    const tokens = await tokensFile(t, dataDir, simulator.apiKey);
    const args = [
      '--queue',
      redis.url,
      '--data-dir',
      dataDir,
      '--tokens',
      tokens,
      '--lock-duration',
      '1s',
      '--stalled-interval',
      '300ms',
    ];
    const first = await spawnWorker(t, args);
    const counter = doneCounter();
    const service = await startService(t, {
      dataDir,
      requests,
      users: testUsers(simulator.apiKey),
      queue: createBullmqQueue({url: redis.url}),
      onJobChange: counter.onJobChange,
    });
    const body = oneTime(simulator, {
      items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url, pageSize: 50}],
    });
    const id = (await call(service.url, 'POST', '/exports', {token: ALICE, body})).json.id;
    await until(
      async () => (await jobsOf(service.url, id))[0]?.status === 'inProgress',
      'the first worker runs the job',
    );
    await until(() => simulator.stats.requests >= 2, 'it read a page or two');
    first.child.kill('SIGKILL');
    t.equal((await first.done).signal, 'SIGKILL');
    const second = await spawnWorker(t, args);
    await until(
      async () => (await jobsOf(service.url, id))[0]?.status === 'done',
      'the job is done by the second worker',
      30_000,
    );
    const [job] = await jobsOf(service.url, id);
    t.equal(job.attempts, 2, 'started by each worker');
    t.equal(job.worker.split('#')[1], String(second.child.pid), 'finished by the second worker');
    t.equal(job.rows, 300);
    t.same([...counter.counts.values()], [1], 'done once');
    t.same(await readdir(join(dataDir, 'files', job.id)), [job.fileName], 'only the complete file');
    second.child.kill('SIGTERM');
    await second.done;
  },
);

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

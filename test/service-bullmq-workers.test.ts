import {readdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t, {type Test} from 'tap';
import {createBullmqQueue} from '../lib/service/index.js';
import type {JobRecord} from '../lib/service/types.js';
import {spawnCli} from './helpers/cli-harness.js';
import {startRedis} from './helpers/redis.js';
import {ALICE, call, croctService, jobsOf, oneTime, testUsers, until} from './helpers/service.js';

/** Counts how many times each job became done: a window exported twice would count 2. */
function doneCounter() {
  const counts = new Map<string, number>();
  return {
    counts,
    onJobChange: (_: unknown, job: JobRecord) => {
      if (job.status === 'done') counts.set(job.id, (counts.get(job.id) ?? 0) + 1);
    },
  };
}

async function tokensFile(dir: string, apiKey: string): Promise<string> {
  const path = join(dir, 'tokens.json');
  await writeFile(path, JSON.stringify({users: testUsers(apiKey)}));
  return path;
}

// Spawned workers start slowly on a loaded 2-core machine (node + BullMQ + the library): generous waits.
/** Spawns `export-stream worker` and waits until it says it is ready. */
async function spawnWorker(t: Test, args: string[]) {
  const worker = spawnCli(['worker', ...args], process.cwd());
  t.teardown(() => {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  worker.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  worker.child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  await until(() => out.includes('Export worker ready'), 'the worker is ready', 60_000).catch((error) => {
    throw new Error(`${error.message}; its stderr: ${err}`);
  });
  return worker;
}

t.test('two worker processes share the jobs and no window is exported twice', async (t) => {
  const redis = await startRedis(t);
  if (redis === undefined) return;
  const counter = doneCounter();
  const queue = createBullmqQueue({url: redis.url});
  const {simulator, dataDir, service} = await croctService(
    t,
    {queue, onJobChange: counter.onJobChange},
    {latency: 5},
  );
  const tokens = await tokensFile(dataDir, simulator.apiKey);
  const args = ['--queue', redis.url, '--data-dir', dataDir, '--tokens', tokens];
  const workers = await Promise.all([spawnWorker(t, args), spawnWorker(t, args)]);
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
  await service.idle();
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
    const counter = doneCounter();
    const {simulator, dataDir, service} = await croctService(
      t,
      {queue: createBullmqQueue({url: redis.url}), onJobChange: counter.onJobChange},
      {latency: 100},
    );
    const tokens = await tokensFile(dataDir, simulator.apiKey);
    const args = [
      '--queue',
      redis.url,
      '--data-dir',
      dataDir,
      '--tokens',
      tokens,
      // Short enough for a test, long enough that a loaded machine does not miss a lock renewal.
      '--lock-duration',
      '3s',
      '--stalled-interval',
      '500ms',
    ];
    const first = await spawnWorker(t, args);
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
    await service.idle();
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

// Question: how many export jobs per minute the service runs with 1, 2 and 4 BullMQ worker processes
// (and embedded, for reference), for small one-time requests against the simulator in its own process.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {cpus, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {Queue} from 'bullmq';
import {Redis} from 'ioredis';
import {createBullmqQueue, createService, hashToken} from '../dist/service/index.js';
import {fmt, log, questionArgs, table} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

const {quick} = questionArgs();
// Quick: few enough to finish within run.js's one-minute deadline on a loaded machine.
const requests = quick ? 20 : 200;
const workerCounts = [1, 2, 4];
const cliMain = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const TOKEN = 'bench-token';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the child printed `text`; its stdout keeps being read (a closed pipe would kill it). */
function untilPrinted(child, text) {
  return new Promise((resolve) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      if (output.includes(text)) resolve();
    });
  });
}

async function startRedis(dir) {
  const port = await freePort();
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await untilPrinted(child, 'Ready to accept connections');
  const stop = async () => {
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return {url: `redis://127.0.0.1:${port}`, stop};
}

async function spawnWorker(args) {
  const child = spawn(process.execPath, [cliMain, 'worker', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {PATH: process.env.PATH},
  });
  await untilPrinted(child, 'ready');
  return child;
}

/** CPU seconds a process used so far (Linux /proc: utime + stime in clock ticks of 1/100 s). */
async function cpuSeconds(pid) {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Creates `requests` one-time requests over HTTP while the queue is paused, starts `count` worker
 * processes, then resumes the queue: resolves to the seconds from the resume to the last job done, and
 * the CPU seconds the API process and the workers used meanwhile.
 */
async function round({simulator, users, count}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'service-bench-'));
  let done = 0;
  let allDone;
  const finished = new Promise((resolve) => (allDone = resolve));
  const service = await createService({
    dataDir,
    users,
    maxQueued: requests + 1,
    queue: createBullmqQueue({url: redis.url}),
    onJobChange: (_record, job) => {
      if (job.status === 'done' && ++done === requests) allDone();
      if (job.status === 'failed') log('failed', JSON.stringify(job.error));
    },
  });
  const connection = new Redis(redis.url, {maxRetriesPerRequest: null});
  const queue = new Queue('export-stream-croct', {connection});
  await queue.pause();
  const body = JSON.stringify({
    name: 'small',
    type: 'oneTime',
    from: '2015-08-31T03:00:00Z',
    to: '2015-09-01T03:00:00Z',
    format: {extension: 'csv'},
    items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url}],
  });
  for (let index = 0; index < requests; index++) {
    const response = await fetch(`${service.url}/exports`, {
      method: 'POST',
      headers: {authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json'},
      body,
    });
    if (response.status !== 201)
      throw new Error(`POST /exports: ${response.status} ${await response.text()}`);
  }
  const workers = await Promise.all(
    Array.from({length: count}, () =>
      spawnWorker(['--queue', redis.url, '--data-dir', dataDir, '--tokens', tokens]),
    ),
  );
  const workerCpu = async () =>
    (await Promise.all(workers.map((worker) => cpuSeconds(worker.pid)))).reduce((a, b) => a + b, 0);
  const cpuBefore = await workerCpu();
  const apiBefore = process.cpuUsage();
  const began = performance.now();
  await queue.resume();
  await finished;
  const seconds = (performance.now() - began) / 1000;
  const api = process.cpuUsage(apiBefore);
  const workersCpu = (await workerCpu()) - cpuBefore;
  for (const worker of workers) worker.kill('SIGTERM');
  await Promise.all(workers.map((worker) => once(worker, 'exit')));
  await queue.close();
  connection.disconnect();
  await service.close();
  await rm(dataDir, {recursive: true, force: true});
  return {seconds, apiCpu: (api.user + api.system) / 1e6, workersCpu};
}

const scratch = await mkdtemp(join(tmpdir(), 'service-bench-redis-'));
const redis = await startRedis(scratch);
const simulator = await startSimulator({events: 200});
const users = [{id: 'bench', tokenSha256: hashToken(TOKEN), env: {CROCT_API_KEY: simulator.apiKey}}];
const tokens = join(scratch, 'tokens.json');
await writeFile(tokens, JSON.stringify({users}));
const admin = new Redis(redis.url);
const rows = [];
try {
  for (const count of workerCounts) {
    await admin.flushall();
    const result = await round({simulator, users, count});
    rows.push({count, ...result});
    log(`${count} workers`, result.seconds.toFixed(1), 's');
  }
} finally {
  admin.disconnect();
  await simulator.close();
  await redis.stop();
  await rm(scratch, {recursive: true, force: true});
}

const one = rows.find((row) => row.count === 1).seconds;
console.log(`## service: jobs per minute by worker processes

${requests} one-time requests (one job each: 200 Croct events to CSV) created over HTTP while the BullMQ
queue is paused; then the workers start and the queue resumes: seconds from the resume to the last job
done (the API process records each). The simulator in its own process, Redis 7 (Debian's redis-server),
each worker a \`node dist/cli/main.js worker\` process (concurrency 1), the API process is this one;
CPU seconds from /proc and process.cpuUsage(). ${cpus().length} cores, shared with other work.

${table(
  ['worker processes', 'seconds', 'jobs/min', 'vs 1 worker', 'API CPU s', 'workers CPU s', 'CPU / wall'],
  rows.map((row) => [
    String(row.count),
    row.seconds.toFixed(1),
    fmt.int((requests / row.seconds) * 60),
    fmt.ratio(one / row.seconds),
    row.apiCpu.toFixed(1),
    row.workersCpu.toFixed(1),
    ((row.apiCpu + row.workersCpu) / row.seconds).toFixed(2),
  ]),
)}
`);

// Question: how many export jobs per minute the service runs with 1, 2 and 4 BullMQ worker processes
// (and embedded, for reference), for small one-time requests against the simulator in its own process.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {cpus, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {Redis} from 'ioredis';
import {createBullmqQueue, createService, hashToken} from '../dist/service/index.js';
import {fmt, log, questionArgs, table} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

const {quick} = questionArgs();
// Quick: few enough to finish within run.js's one-minute deadline on a loaded machine.
const requests = quick ? 10 : 200;
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

/** Runs `requests` one-time requests to done; resolves to the seconds from the first POST to the last job done. */
async function round({simulator, users, queue, concurrency}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'service-bench-'));
  let done = 0;
  let allDone;
  const finished = new Promise((resolve) => (allDone = resolve));
  const service = await createService({
    dataDir,
    users,
    maxQueued: requests + 1,
    ...(queue === undefined ? {concurrency} : {queue: queue(dataDir)}),
    onJobChange: (_record, job) => {
      if (job.status === 'done' && ++done === requests) allDone();
      if (job.status === 'failed') log('failed', JSON.stringify(job.error));
    },
  });
  const body = JSON.stringify({
    name: 'small',
    type: 'oneTime',
    from: '2015-08-31T03:00:00Z',
    to: '2015-09-01T03:00:00Z',
    format: {extension: 'csv'},
    items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url}],
  });
  const began = performance.now();
  for (let index = 0; index < requests; index++) {
    const response = await fetch(`${service.url}/exports`, {
      method: 'POST',
      headers: {authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json'},
      body,
    });
    if (response.status !== 201)
      throw new Error(`POST /exports: ${response.status} ${await response.text()}`);
  }
  await finished;
  const seconds = (performance.now() - began) / 1000;
  await service.close();
  return {seconds, dataDir};
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
  if (quick) {
    // For reference only in quick mode: the full run's four rounds already take most of its deadline.
    const embedded = await round({simulator, users, concurrency: 2});
    await rm(embedded.dataDir, {recursive: true, force: true});
    rows.push({mode: 'embedded (concurrency 2)', workers: 0, seconds: embedded.seconds});
    log('embedded', embedded.seconds.toFixed(1), 's');
  }
  for (const count of workerCounts) {
    await admin.flushall();
    const dataDir = await mkdtemp(join(tmpdir(), 'service-bench-'));
    const workers = await Promise.all(
      Array.from({length: count}, () =>
        spawnWorker(['--queue', redis.url, '--data-dir', dataDir, '--tokens', tokens]),
      ),
    );
    const result = await round({simulator, users, queue: () => createBullmqQueue({url: redis.url})});
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => once(worker, 'exit')));
    await rm(dataDir, {recursive: true, force: true});
    await rm(result.dataDir, {recursive: true, force: true});
    rows.push({
      mode: `BullMQ, ${count} worker process${count === 1 ? '' : 'es'}`,
      workers: count,
      seconds: result.seconds,
    });
    log(`${count} workers`, result.seconds.toFixed(1), 's');
  }
} finally {
  admin.disconnect();
  await simulator.close();
  await redis.stop();
  await rm(scratch, {recursive: true, force: true});
}

const one = rows.find((row) => row.workers === 1).seconds;
console.log(`## service: jobs per minute by worker processes

${requests} one-time requests (one job each: 200 Croct events to CSV) created over HTTP, from the first POST to
the last job done; the simulator in its own process, Redis 7 (Debian's redis-server), each worker a
\`node dist/cli/main.js worker\` process (concurrency 1); the API process is this one. ${cpus().length} cores.

${table(
  ['mode', 'seconds', 'jobs/min', 'vs 1 worker'],
  rows.map((row) => [
    row.mode,
    row.seconds.toFixed(1),
    fmt.int((requests / row.seconds) * 60),
    fmt.ratio(one / row.seconds),
  ]),
)}
`);

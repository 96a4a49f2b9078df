import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** Debian's redis-server, which `.ci/run` installs. */
export const REDIS_SERVER = '/usr/bin/redis-server';

type Test = {teardown(fn: () => unknown): void; skip(name: string, cb: () => void): unknown};

/** A Redis of one test file. */
export type TestRedis = {url: string; port: number; process: ChildProcess};

/** A port that was free a moment ago on 127.0.0.1 (bind port 0, read it, release it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });
}

function start(port: number, dir: string): Promise<ChildProcess | undefined> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {stdio: ['ignore', 'pipe', 'pipe']},
  );
  return new Promise((resolve) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(undefined);
    }, 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    // Another process took the port between our check and redis's bind: the caller retries.
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

/**
 * Starts a private redis-server on a free loopback port (no persistence, its own directory) and
 * stops it in teardown. Without the binary the test is skipped with a visible notice.
 */
export async function startRedis(t: Test): Promise<TestRedis | undefined> {
  if (!existsSync(REDIS_SERVER)) {
    t.skip(
      `redis-server not found: ${REDIS_SERVER} is missing (.ci/run installs Debian's redis-server)`,
      () => {},
    );
    return undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), 'redis-'));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = await start(port, dir);
    if (child !== undefined) {
      t.teardown(async () => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
        await rm(dir, {recursive: true, force: true});
      });
      return {url: `redis://127.0.0.1:${port}`, port, process: child};
    }
  }
  throw new Error('Could not start redis-server on a free port after 5 attempts');
}

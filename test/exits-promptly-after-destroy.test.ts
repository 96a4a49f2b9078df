import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {fileURLToPath} from 'node:url';
import t from 'tap';
import {createSimulator} from '../lib/simulator/index.js';

// Runs against the built package (npm test builds first), in a process of its own, so that the
// only thing that could keep that process alive after destroy() is the library.
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

async function childExit(
  script: string,
  env: Record<string, string>,
): Promise<{code: number | null; ms: number}> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: {...process.env, ...env, DIST: dist},
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return {code, ms: performance.now() - started};
}

const prelude = `
const {ExportApi, Configuration} = await import(process.env.DIST);
const api = new ExportApi(new Configuration({
  apiKey: process.env.KEY, baseUrl: process.env.URL,
  retry: {minDelay: 60000, maxDelay: 60000, maxRetryAfter: 60000},
}));
const stream = api.exportEvents();
stream.on('error', () => {});
`;

t.test('destroy() during a retry wait leaves nothing to keep the process alive', async (t) => {
  const simulator = await createSimulator({events: 100});
  t.teardown(() => simulator.close());
  simulator.failNext('unavailable', {count: 100});
  const script = `${prelude}
stream.on('retry', () => stream.destroy());
stream.resume();`;
  const {code, ms} = await childExit(script, {KEY: simulator.apiKey, URL: simulator.url});
  t.equal(code, 0);
  t.ok(ms < 15_000, `the process exited by itself after ${Math.round(ms)} ms, not after the 60 s wait`);
});

t.test('destroy() during a slow response leaves nothing to keep the process alive', async (t) => {
  const simulator = await createSimulator({events: 100, latency: 60_000});
  t.teardown(() => simulator.close());
  const script = `${prelude}
stream.resume();
const wait = () => new Promise((resolve) => setTimeout(resolve, 20));
await wait(); await wait();
stream.destroy();`;
  const {code, ms} = await childExit(script, {KEY: simulator.apiKey, URL: simulator.url});
  t.equal(code, 0);
  t.ok(ms < 15_000, `the process exited by itself after ${Math.round(ms)} ms, not after the 60 s latency`);
  t.equal(simulator.stats.requests, 1);
});

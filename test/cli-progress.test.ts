import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import t, {type Test} from 'tap';
import {count, rate, seconds} from '../lib/cli/progress.js';
import {createSimulator, type SimulatorOptions} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';
import {waitFor} from './helpers/wait-for.js';

/** Each test exports from a simulator of its own, so that none depends on another's requests or faults. */
async function exportArgv(t: Test, options: SimulatorOptions) {
  const simulator = await createSimulator(options);
  t.teardown(() => simulator.close());
  const argv = ['events', '--base-url', simulator.url, '--page-size', '20'];
  return {simulator, argv, env: {CROCT_API_KEY: simulator.apiKey}};
}

/** The frames a TTY shows: each draw starts by returning to the start of the line and clearing it. */
const framesOf = (stderr: string) => stderr.split('\r\x1b[2K').filter((frame) => frame !== '');

t.test('on a TTY, stderr shows progress lines redrawn in place, then the summary', async (t) => {
  const {simulator, argv, env} = await exportArgv(t, {
    events: 400,
    latency: 2,
    faults: {schedule: [{request: 2, kind: 'server-error'}]},
  });
  simulator.failNext('rate-limit', {retryAfter: 0});
  const result = await runCli(argv, {cwd: t.testdir(), env, tty: true});
  t.equal(result.code, 0);
  const frames = framesOf(result.stderr);
  t.ok(frames.length >= 2, 'at least the first frame and the summary');
  t.match(frames[0], /^events: 0 items, 0 pages, 0 items\/s, 0 retries, 0\.\ds$/);
  t.match(
    frames.at(-1),
    /^events: 400 items, 21 pages in [\d.]+s \([\d,]+ items\/s, 2 retries\) -> stdout\n$/,
  );
  t.equal(result.stdout.trimEnd().split('\n').length, 400, 'stdout carries only the data');
  t.notMatch(result.stdout + result.stderr, simulator.apiKey);
});

t.test('without a TTY, stderr has only the one-line summary', async (t) => {
  const {argv, env} = await exportArgv(t, {events: 400, latency: 2});
  const result = await runCli(argv, {cwd: t.testdir(), env, tty: false});
  t.equal(result.code, 0);
  t.notMatch(result.stderr, '\r');
  t.match(
    result.stderr,
    /^events: 400 items, 21 pages in [\d.]+s \([\d,]+ items\/s, 0 retries\) -> stdout\n$/,
  );
});

t.test('a slow export redraws the line while it waits', async (t) => {
  // The server answers only once the line has been redrawn twice on its timer: the test counts redraws
  // instead of hoping that a fixed latency spans enough timer ticks on a loaded machine.
  let frames = 0;
  const server = createServer((_request, response) => {
    waitFor(() => frames >= 3, {timeout: 10_000, what: 'two redraws after the first frame'})
      .catch(() => {})
      .finally(() => {
        response.writeHead(200, {'content-type': 'application/json'});
        response.end(JSON.stringify({items: [{userId: 'u1'}, {userId: 'u2'}], nextCursor: null}));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const result = await runCli(['users', '--base-url', url], {
    cwd: t.testdir(),
    env: {CROCT_API_KEY: '00000000-0000-4000-8000-000000000000'},
    tty: true,
    onStderr: (chunk) => {
      frames += chunk.split('\r\x1b[2K').length - 1;
    },
  });
  t.equal(result.code, 0, result.stderr);
  const shown = framesOf(result.stderr);
  t.ok(shown.length >= 4, `the first frame, at least two redraws, the summary: ${shown.length} frames`);
  t.match(shown[0], /^users: 0 items, 0 pages, /);
  t.match(shown[1], /^users: 0 items, 0 pages, /, 'redrawn on its timer while the page is awaited');
  t.match(shown[2], /^users: 0 items, 0 pages, /);
  t.match(shown.at(-1), /^users: 2 items, \d+ pages in [\d.]+s /);
});

t.test('numbers are formatted for people', async (t) => {
  t.equal(count(1234567), '1,234,567');
  t.equal(rate(500, 250), '2,000 items/s');
  t.equal(rate(5, 0), '5,000 items/s');
  t.equal(seconds(1234), '1.2s');
});

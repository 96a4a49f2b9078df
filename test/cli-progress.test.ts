import t from 'tap';
import {count, rate, seconds} from '../lib/cli/progress.js';
import {createSimulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

const simulator = await createSimulator({
  events: 400,
  latency: 2,
  faults: {schedule: [{request: 2, kind: 'server-error'}]},
});
t.teardown(() => simulator.close());
const key = simulator.apiKey;
const argv = ['events', '--api-key', key, '--base-url', simulator.url, '--page-size', '20'];

t.test('on a TTY, stderr shows progress lines redrawn in place, then the summary', async (t) => {
  simulator.failNext('rate-limit', {retryAfter: 0});
  const result = await runCli(argv, {cwd: t.testdir(), tty: true});
  t.equal(result.code, 0);
  const frames = result.stderr.split('\r\x1b[2K').filter((frame) => frame !== '');
  t.ok(frames.length >= 2, 'at least the first frame and the summary');
  t.match(frames[0], /^events: 0 items, 0 pages, 0 items\/s, 0 retries, 0\.\ds$/);
  t.match(
    frames.at(-1),
    /^events: 400 items, 21 pages in [\d.]+s \([\d,]+ items\/s, 2 retries\) -> stdout\n$/,
  );
  t.equal(result.stdout.trimEnd().split('\n').length, 400, 'stdout carries only the data');
  t.notMatch(result.stdout + result.stderr, key);
});

t.test('without a TTY, stderr has only the one-line summary', async (t) => {
  const result = await runCli(argv, {cwd: t.testdir(), tty: false});
  t.equal(result.code, 0);
  t.notMatch(result.stderr, '\r');
  t.match(
    result.stderr,
    /^events: 400 items, 21 pages in [\d.]+s \([\d,]+ items\/s, 0 retries\) -> stdout\n$/,
  );
});

t.test('a slow export redraws the line while it waits', async (t) => {
  const slow = await createSimulator({events: 30, latency: 300});
  t.teardown(() => slow.close());
  const result = await runCli(['users', '--api-key', slow.apiKey, '--base-url', slow.url], {
    cwd: t.testdir(),
    tty: true,
  });
  t.equal(result.code, 0);
  t.ok(result.stderr.split('\r\x1b[2K').length >= 4, 'redrawn on a timer, not only at the start and end');
});

t.test('numbers are formatted for people', async (t) => {
  t.equal(count(1234567), '1,234,567');
  t.equal(rate(500, 250), '2,000 items/s');
  t.equal(rate(5, 0), '5,000 items/s');
  t.equal(seconds(1234), '1.2s');
});

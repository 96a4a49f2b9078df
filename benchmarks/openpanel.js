// Question 7: OpenPanel's offset pages are independent, so `prefetch` runs requests concurrently.
// exportEvents with prefetch 4 against the loop a user writes over the same simulator (page after
// page until a short one), at 150 ms per page, under OpenPanel's default rate limit (100 per 10 s).
import {request} from 'undici';
import {OpenPanelApi} from '../dist/openpanel/index.js';
import {fmt, log, median, questionArgs, table, timed} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

const {quick} = questionArgs();
const pageSize = 50;
const pages = quick ? 12 : 40;
const events = pages * pageSize - 10;
const repetitions = quick ? 1 : 3;
const latency = 150;
const window = {start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 10, 8)};
const target = 3;

async function baseline(simulator) {
  let count = 0;
  for (let page = 1; ; page++) {
    const url = new URL('/export/events', simulator.url);
    url.search = new URLSearchParams({
      start: '2026-11-01',
      end: '2026-11-07',
      limit: String(pageSize),
      page: String(page),
    }).toString();
    const response = await request(url, {
      headers: {'openpanel-client-id': simulator.clientId, 'openpanel-client-secret': simulator.clientSecret},
    });
    const body = await response.body.json();
    count += body.data.length;
    if (body.data.length < pageSize) return count;
  }
}

async function library(simulator, options) {
  const api = new OpenPanelApi({
    clientId: simulator.clientId,
    clientSecret: simulator.clientSecret,
    baseUrl: simulator.url,
  });
  let count = 0;
  const ids = new Set();
  for await (const event of api.exportEvents({start: window.start, end: window.end, pageSize, ...options})) {
    ids.add(event.id);
    count++;
  }
  if (ids.size !== count) throw new Error(`${count - ids.size} events repeated`);
  return count;
}

/** The most requests the server saw in any 10 s window, from its log. */
async function busiestWindow(simulator) {
  const times = (await simulator.requestTimes()).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 10_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

const rows = [];
// Partitions: chains of whole UTC days (7 days here), each one page at a time.
for (const [label, options] of [
  ['prefetch 1', {prefetch: 1}],
  ['prefetch 4', {prefetch: 4}],
  ['partitions 4', {partitions: 4}],
]) {
  const gated = label === 'prefetch 4';
  const ratios = [];
  const base = [];
  const lib = [];
  let rateLimited = 0;
  let busiest = 0;
  for (let rep = 0; rep < repetitions; rep++) {
    // A fresh simulator per pair: its rate-limit window and the client's limiter start empty.
    const simulator = await startSimulator({provider: 'openpanel', events, window, latency});
    try {
      const order = rep % 2 === 0 ? ['base', 'lib'] : ['lib', 'base'];
      const result = {};
      for (const side of order) {
        result[side] = await timed(() =>
          side === 'base' ? baseline(simulator) : library(simulator, options),
        );
      }
      if (result.base.result !== events || result.lib.result !== events) {
        throw new Error(`expected ${events} events, got ${result.base.result} / ${result.lib.result}`);
      }
      base.push(result.base.ms);
      lib.push(result.lib.ms);
      ratios.push(result.base.ms / result.lib.ms);
      const stats = await simulator.stats();
      rateLimited += stats.byStatus?.[429] ?? 0;
      busiest = Math.max(busiest, await busiestWindow(simulator));
    } finally {
      await simulator.close();
    }
  }
  const ratio = median(ratios);
  log(`${label}: ${fmt.ratio(ratio, target)}`);
  rows.push([
    label,
    fmt.ms(median(base)),
    fmt.ms(median(lib)),
    `**${fmt.ratio(ratio, gated ? target : undefined)}**`,
    gated ? fmt.met(ratio >= target) : 'context',
    `${busiest} (limit 100), ${rateLimited} × 429`,
  ]);
}

console.log(`## 7. OpenPanel: concurrent offset pages

${events.toLocaleString('en-US')} events in pages of ${pageSize} (${pages} requests), ${latency} ms per page, the simulator's default rate limit (100 requests per 10 s per client id) and the client's default limiter. Baseline: the loop a user writes (page after page until a short one). ${repetitions} pairs per row, a fresh simulator per pair; target ≥ ${target}x with prefetch 4.

${table(['exportEvents options', 'baseline', 'exportEvents', 'ratio', 'target', 'most requests in any 10 s (server log)'], rows)}
`);

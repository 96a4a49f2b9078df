// Question 4: the cost of retries. The same export with about 5% of requests failing transiently
// against no faults; every item must arrive exactly once.
import {Configuration, ExportApi} from '../dist/index.js';
import {fmt, log, median, questionArgs, table, timed} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

const {quick} = questionArgs();
const events = quick ? 6_000 : 25_000;
const pageSize = 100;
const repetitions = quick ? 3 : 5;
const faultRate = 0.05;
const kinds = ['rate-limit', 'unavailable', 'reset-mid-body'];
// No backoff, so the overhead measured is the failed requests themselves, not chosen sleeps; the
// 429s say Retry-After: 0, which the policy honours as a 0 ms wait.
const retry = {minDelay: 0, maxDelay: 0};

async function exportAll(simulator) {
  const api = new ExportApi(new Configuration({apiKey: simulator.apiKey, baseUrl: simulator.url, retry}));
  const ids = new Set();
  let count = 0;
  let retries = 0;
  const stream = api.exportEvents({pageSize});
  stream.on('retry', () => retries++);
  const {ms} = await timed(async () => {
    for await (const event of stream) {
      ids.add(event.id ?? event.eventId);
      count++;
    }
  });
  return {ms, count, unique: ids.size, retries};
}

// Two simulators with the same seed serve the same items; one of them fails ~5% of list requests.
const clean = await startSimulator({events, seed: 7});
const faulty = await startSimulator({
  events,
  seed: 7,
  faults: {rate: faultRate, kinds, retryAfter: 0},
});
const runs = {clean: [], faulty: []};
const ratios = [];
let exact = true;
let faultsInjected = 0;
let requests = 0;
let retries = 0;
try {
  await exportAll(clean);
  await exportAll(faulty);
  await faulty.resetStats();
  for (let rep = 0; rep < repetitions; rep++) {
    const order = rep % 2 === 0 ? ['clean', 'faulty'] : ['faulty', 'clean'];
    const times = {};
    for (const name of order) {
      const run = await exportAll(name === 'clean' ? clean : faulty);
      exact &&= run.count === events && run.unique === events;
      if (name === 'faulty') {
        retries += run.retries;
      }
      runs[name].push(run);
      times[name] = run.ms;
    }
    ratios.push(times.faulty / times.clean);
  }
  const stats = await faulty.stats();
  faultsInjected = stats.faultsInjected;
  requests = stats.requests;
} finally {
  await Promise.all([clean.close(), faulty.close()]);
}
const overhead = median(ratios);
log(`resilience: overhead ${fmt.ratio(overhead)}, ${faultsInjected} faults, exact ${exact}`);

const cleanMs = median(runs.clean.map((run) => run.ms));
const faultyMs = median(runs.faulty.map((run) => run.ms));
console.log(`## 4. Cost of resilience: ${faultRate * 100}% transient faults vs none

${fmt.int(events)} events in pages of ${pageSize}, ${repetitions} alternating pairs after a warm-up. Faults: ${kinds
  .map((kind) => `\`${kind}\``)
  .join(
    ', ',
  )} drawn at random (seeded) for ${faultRate * 100}% of list requests; 429s carry \`Retry-After: 0\`.
Retry policy \`${JSON.stringify(retry)}\` (no backoff sleeps: the overhead is the failed requests and the
refetched pages). Each run checks the count and the unique event ids.

${table(
  [
    'export',
    'median time',
    'items/s',
    'list requests (faulty runs)',
    'faults injected',
    "'retry' events",
    'every item exactly once',
    'time ratio (faults / none)',
  ],
  [
    ['no faults', fmt.ms(cleanMs), fmt.int((events / cleanMs) * 1000), '–', '0', '0', 'yes', '1.00x'],
    [
      `${faultRate * 100}% faults`,
      fmt.ms(faultyMs),
      fmt.int((events / faultyMs) * 1000),
      fmt.int(requests),
      fmt.int(faultsInjected),
      fmt.int(retries),
      exact ? 'yes' : '**no**',
      `**${fmt.ratio(overhead)}**`,
    ],
  ],
)}

Target "every item delivered exactly once under faults": ${fmt.met(exact)}. Overhead is reported, no target.
`);

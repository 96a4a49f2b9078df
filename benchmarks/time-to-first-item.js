// Question 3: time to first item, whole-page JSON.parse versus the incremental parser, on a
// 1000-item page that trickles in slowly; and what the incremental parser costs on a fast page.
import {request} from 'undici';
import {Configuration, ExportApi} from '../dist/index.js';
import {fmt, log, median, questionArgs, table} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

const {quick} = questionArgs();
const pageSize = 1000;
const trickleSeconds = quick ? 0.3 : 1;
const slowRepetitions = quick ? 2 : 3;
const fastRepetitions = quick ? 3 : 15;
const parsers = ['json', 'incremental'];

async function pageBytes(simulator) {
  const response = await request(new URL(`/events?pageSize=${pageSize}`, simulator.url), {
    headers: {'x-api-key': simulator.apiKey, accept: 'application/json'},
  });
  return (await response.body.arrayBuffer()).byteLength;
}

/** One page of `pageSize` items read to its end: the time to its first and to its last item. */
async function readPage(simulator, parser) {
  const api = new ExportApi(new Configuration({apiKey: simulator.apiKey, baseUrl: simulator.url}));
  const began = performance.now();
  let first;
  let count = 0;
  for await (const _item of api.exportEvents({pageSize, limit: pageSize, parser})) {
    first ??= performance.now() - began;
    count++;
  }
  if (count !== pageSize) {
    throw new Error(`expected ${pageSize} items, got ${count}`);
  }
  return {first, total: performance.now() - began};
}

async function measure(simulator, repetitions) {
  const runs = {json: [], incremental: []};
  await readPage(simulator, 'json');
  await readPage(simulator, 'incremental');
  for (let rep = 0; rep < repetitions; rep++) {
    const order = rep % 2 === 0 ? parsers : [...parsers].reverse();
    for (const parser of order) {
      runs[parser].push(await readPage(simulator, parser));
    }
  }
  const summary = {};
  for (const parser of parsers) {
    summary[parser] = {
      first: median(runs[parser].map((run) => run.first)),
      total: median(runs[parser].map((run) => run.total)),
    };
  }
  return summary;
}

const fast = await startSimulator({events: pageSize});
let bytes;
let unpaced;
try {
  bytes = await pageBytes(fast);
  unpaced = await measure(fast, fastRepetitions);
} finally {
  await fast.close();
}
const bytesPerSecond = Math.round(bytes / trickleSeconds);
const slow = await startSimulator({events: pageSize, bytesPerSecond});
let paced;
try {
  paced = await measure(slow, slowRepetitions);
} finally {
  await slow.close();
}
log(`time to first item: paced ${fmt.ms(paced.json.first)} vs ${fmt.ms(paced.incremental.first)}`);

const sooner = paced.incremental.first < paced.json.first;
const row = (label, result) => [
  label,
  fmt.ms(result.json.first),
  fmt.ms(result.incremental.first),
  `**${fmt.ratio(result.json.first / result.incremental.first)}**`,
  fmt.ms(result.json.total),
  fmt.ms(result.incremental.total),
  `**${fmt.ratio(result.incremental.total / result.json.total)}**`,
];

console.log(`## 3. Time to first item: \`parser: 'json'\` (default) vs \`parser: 'incremental'\`

One page of ${pageSize} events (${fmt.int(bytes)} bytes), read to its end with \`limit: ${pageSize}\`; medians of
${slowRepetitions} (trickling) and ${fastRepetitions} (at full speed) alternating runs after a warm-up. Trickling: the
simulator paces the body at ${fmt.int(bytesPerSecond)} bytes/s, so it takes about ${trickleSeconds} s. "First item
sooner" = default / incremental time to the first item; "page cost" = incremental / default time to the
last item (the incremental parser's price per page).

${table(
  [
    'page delivery',
    'first item: default',
    'first item: incremental',
    'first item sooner',
    'whole page: default',
    'whole page: incremental',
    'page cost',
  ],
  [row(`trickling (~${trickleSeconds} s)`, paced), row('full speed (loopback)', unpaced)],
)}

Claim "the incremental parser delivers the first item sooner on a slow page": ${fmt.met(sooner)}. No
throughput target applies to it; its cost is the "page cost" column.
`);

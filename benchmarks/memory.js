// Question 2: peak RSS and heap for a small versus a large export, slow consumer and fast pipeline.
import {fork} from 'node:child_process';
import {once} from 'node:events';
import {fmt, log, questionArgs, table} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

const {quick} = questionArgs();
const small = 10_000;
const large = quick ? 50_000 : 1_000_000;
// A middle size shows whether the large run's peaks are still growing or have levelled off.
const middle = quick ? undefined : 100_000;
const sizes = [small, middle, large].filter((size) => size !== undefined);
const pageSize = 1000;
const prefetch = 1;
const highWaterMark = 16;
// Slower than the simulator produces (about 10-15 µs per item), so the consumer is the bottleneck.
const slowWork = 20;
const heldBound = (prefetch + 1) * pageSize + highWaterMark;

async function runCase(simulator, mode, events) {
  const options = {
    url: simulator.url,
    apiKey: simulator.apiKey,
    mode,
    pageSize,
    prefetch,
    highWaterMark,
    work: slowWork,
  };
  const child = fork(new URL('./lib/memory-case.js', import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [[result], [code]] = await Promise.all([once(child, 'message'), once(child, 'exit')]);
  if (code !== 0 || result.items !== events) {
    throw new Error(`memory case ${mode} ${events}: exit ${code}, ${result?.items} items`);
  }
  return result;
}

const results = {};
for (const events of sizes) {
  const simulator = await startSimulator({events});
  try {
    for (const mode of ['slow', 'pipeline']) {
      const result = await runCase(simulator, mode, events);
      log(`memory: ${mode} ${events}: peak RSS ${fmt.mib(result.peakRss)} in ${fmt.ms(result.ms)}`);
      results[`${mode}:${events}`] = result;
    }
  } finally {
    await simulator.close();
  }
}

let met = 0;
let targets = 0;
const rows = [];
for (const mode of ['slow', 'pipeline']) {
  const a = results[`${mode}:${small}`];
  const m = middle === undefined ? undefined : results[`${mode}:${middle}`];
  const b = results[`${mode}:${large}`];
  const path = (key) =>
    [a, m, b].filter((result) => result !== undefined).map((result) => fmt.mib(result[key]));
  const rssRatio = b.peakRss / a.peakRss;
  const heapRatio = b.peakHeap / a.peakHeap;
  const rssFlat = rssRatio <= 1.2;
  const heapFlat = heapRatio <= 1.2;
  const bounded = Math.max(...[a, m, b].filter(Boolean).map((result) => result.maxHeld)) <= heldBound;
  met += (rssFlat ? 1 : 0) + (heapFlat ? 1 : 0) + (bounded ? 1 : 0);
  targets += 3;
  const label = mode === 'slow' ? `slow consumer (${slowWork} µs/item)` : 'pipeline → NDJSON file';
  rows.push([
    label,
    path('peakRss').join(' → '),
    `**${fmt.ratio(rssRatio, 1.2)}**`,
    fmt.met(rssFlat),
    path('peakHeap').join(' → '),
    `**${fmt.ratio(heapRatio, 1.2)}**`,
    ...(m === undefined ? [] : [fmt.ratio(b.peakHeap / m.peakHeap)]),
    fmt.met(heapFlat),
    path('retainedHeap').join(' → '),
    `${fmt.int(a.maxHeld)} / ${fmt.int(b.maxHeld)}`,
    `${a.maxReadableLength} / ${b.maxReadableLength}`,
    fmt.met(bounded),
    `${fmt.int((b.items / b.ms) * 1000)}`,
  ]);
}

console.log(`## 2. Memory: ${sizes.map(fmt.int).join(' vs ')} events

Each case in a fresh \`node --expose-gc\` process (the simulator in another), page size ${pageSize}, prefetch
${prefetch}, highWaterMark ${highWaterMark}. Peak RSS is the kernel's \`maxRSS\`; peak heap is the highest
\`heapUsed\` sampled every 5 ms and every 256 items; "after gc" is \`heapUsed\` after a forced gc at the end.
Items held = pages requested × page size − items consumed (an upper bound on what the client holds: stream
buffer, page queue, responses in flight); its bound is (prefetch + 1) × page size + highWaterMark =
${fmt.int(heldBound)}. Ratios are ${fmt.int(large)} / ${fmt.int(small)}; target ≤ 1.2x for both RSS and heap.

${table(
  [
    'case',
    'peak RSS',
    'RSS ratio',
    'RSS flat',
    'peak heap',
    'heap ratio',
    ...(middle === undefined ? [] : [`heap ${fmt.int(large / 1000)}k / ${fmt.int(middle / 1000)}k`]),
    'heap flat',
    'heap after gc',
    'max items held (small / large)',
    'max readableLength',
    'held ≤ bound',
    'large: items/s',
  ],
  rows,
)}

Targets met: ${met} of ${targets}.
`);

// Question 1: items/s of `exportEvents` fully consumed, against the README loop (lib/baseline.js).

import {Configuration, ExportApi} from '../dist/index.js';
import {baselineExport} from './lib/baseline.js';
import {busyWork, fmt, log, median, questionArgs, table, timed} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

const {quick} = questionArgs();
const repetitions = quick ? 3 : 7;
const workMicros = 20;
// Items per cell, sized so that one baseline run takes roughly 0.4 s (0.12 s in quick mode) at the
// simulator's speed on a 2-core machine; pages of 1000 get at least 12 pages so that the first page,
// which nothing can overlap, does not dominate.
const cells = [
  {pageSize: 100, latency: 0, work: 0, items: 12_000},
  {pageSize: 100, latency: 0, work: workMicros, items: 8_000},
  {pageSize: 100, latency: 20, work: 0, items: 1_500},
  {pageSize: 100, latency: 20, work: workMicros, items: 1_500},
  {pageSize: 1000, latency: 0, work: 0, items: 16_000},
  {pageSize: 1000, latency: 0, work: workMicros, items: 10_000},
  {pageSize: 1000, latency: 20, work: 0, items: 10_000},
  {pageSize: 1000, latency: 20, work: workMicros, items: 10_000},
].map((cell) => ({
  ...cell,
  items: quick ? Math.max(4, Math.ceil(cell.items / 6 / cell.pageSize)) * cell.pageSize : cell.items,
}));

function consumer(work) {
  return work === 0 ? () => {} : () => busyWork(work);
}

async function runBaseline(simulator, cell) {
  const onItem = consumer(cell.work);
  const {ms, cpuMs, result} = await timed(() =>
    baselineExport({url: simulator.url, apiKey: simulator.apiKey, pageSize: cell.pageSize, onItem}),
  );
  return {ms, cpuMs, count: result};
}

async function runLibrary(simulator, cell) {
  const onItem = consumer(cell.work);
  const api = new ExportApi(new Configuration({apiKey: simulator.apiKey, baseUrl: simulator.url}));
  const {ms, cpuMs, result} = await timed(async () => {
    let count = 0;
    for await (const item of api.exportEvents({pageSize: cell.pageSize})) {
      onItem(item);
      count++;
    }
    return count;
  });
  return {ms, cpuMs, count: result};
}

/**
 * Milliseconds of `JSON.parse` for one page of this cell (median of 9, after a warm-up): the part of
 * a fetch that the library takes off the cursor chain by reading `nextCursor` from the raw body.
 */
async function parseMs(simulator, pageSize) {
  const url = new URL('/events', simulator.url);
  url.searchParams.set('pageSize', String(pageSize));
  const text = await (await fetch(url, {headers: {'x-api-key': simulator.apiKey}})).text();
  JSON.parse(text);
  const times = [];
  for (let run = 0; run < 9; run++) {
    const start = performance.now();
    JSON.parse(text);
    times.push(performance.now() - start);
  }
  return median(times);
}

async function measureCell(cell) {
  const simulator = await startSimulator({events: cell.items, latency: cell.latency});
  try {
    const parse = await parseMs(simulator, cell.pageSize);
    // Warm-up: each cell's simulator is a fresh process, so its JIT warms with a baseline run; the
    // library's code (in this process) warms in the first cell.
    await runBaseline(simulator, cell);
    if (cell === cells[0]) {
      await runLibrary(simulator, cell);
    }
    const baseline = [];
    const library = [];
    const ratios = [];
    const cpu = {b: [], l: []};
    for (let rep = 0; rep < repetitions; rep++) {
      // Alternate the order so that a drift in machine load does not favour either side.
      const pair = rep % 2 === 0 ? ['b', 'l'] : ['l', 'b'];
      const times = {};
      for (const side of pair) {
        const run = side === 'b' ? await runBaseline(simulator, cell) : await runLibrary(simulator, cell);
        if (run.count !== cell.items) {
          throw new Error(`${side}: expected ${cell.items} items, got ${run.count}`);
        }
        times[side] = run.ms;
        cpu[side].push(run.cpuMs);
      }
      baseline.push(times.b);
      library.push(times.l);
      ratios.push(times.b / times.l);
    }
    ratios.sort((a, b) => a - b);
    return {
      parseMs: parse,
      baselineMs: median(baseline),
      libraryMs: median(library),
      baselineCpuMs: median(cpu.b),
      libraryCpuMs: median(cpu.l),
      ratio: median(ratios),
      low: ratios[0],
      high: ratios.at(-1),
    };
  } finally {
    await simulator.close();
  }
}

const results = [];
for (const cell of cells) {
  const result = await measureCell(cell);
  log(
    `throughput: page ${cell.pageSize}, latency ${cell.latency} ms, work ${cell.work} µs:`,
    fmt.ratio(result.ratio),
  );
  results.push({...cell, ...result});
}

// The best any client can do by overlapping: pages come one after another (each request needs the
// previous page's cursor), so with f = fetch time and c = consume time per page, n pages take at best
// f + (n - 1) max(f, c) + c against n (f + c) for the baseline. f is the baseline's time per page
// without work, c the extra time per page of the same cell with work. A client that finds the cursor
// in the raw body (as the library does) chains requests by f - p only (p: JSON.parse of one page),
// while its one thread still spends p + c per page: the period is max(f - p, p + c).
function overlapBound(cell) {
  if (cell.work === 0) {
    return undefined;
  }
  const fetchOnly = results.find(
    (other) => other.pageSize === cell.pageSize && other.latency === cell.latency && other.work === 0,
  );
  const perPage = (result) => (result.baselineMs / result.items) * result.pageSize;
  const f = perPage(fetchOnly);
  const c = Math.max(0, perPage(cell) - f);
  const n = cell.items / cell.pageSize;
  const p = Math.min(cell.parseMs, f);
  return (n * (f + c)) / (f + (n - 1) * Math.max(f - p, p + c) + c);
}

let met = 0;
const rows = results.map((cell) => {
  const overlaps = cell.latency > 0 && cell.work > 0;
  const target = overlaps ? 1.6 : 0.95;
  const ok = cell.ratio >= target;
  met += ok ? 1 : 0;
  const bound = overlapBound(cell);
  return [
    String(cell.pageSize),
    `${cell.latency} ms`,
    cell.work === 0 ? 'none' : `${cell.work} µs/item`,
    fmt.int(cell.items),
    fmt.int((cell.items / cell.baselineMs) * 1000),
    fmt.int((cell.items / cell.libraryMs) * 1000),
    `**${fmt.ratio(cell.ratio, target)}**`,
    `${cell.low.toFixed(2)}–${cell.high.toFixed(2)}`,
    bound === undefined ? '–' : fmt.ratio(bound),
    `${((cell.baselineCpuMs * 1000) / cell.items).toFixed(1)} / ${((cell.libraryCpuMs * 1000) / cell.items).toFixed(1)}`,
    `≥ ${target}x`,
    fmt.met(ok),
  ];
});

console.log(`## 1. Throughput: \`exportEvents\` vs the README loop

Items/s fully consumed with \`for await\`, default options (prefetch 1, JSON parser). Ratio = median over
${repetitions} alternating pairs of baseline time / library time (after a warm-up); "ratio range" is
the lowest and highest pair, i.e. the machine's noise. "Overlap bound" = the most any client could gain on
this export by overlapping fetching with the consumer's work, from this run's baseline times: each request
needs the previous page's cursor, so n pages take at least f + (n − 1)·max(f − p, p + c) + c (f: fetch and
parse one page, p: \`JSON.parse\` of one page, which the library keeps off the chain by reading \`nextCursor\`
from the raw body first, c: consume one page) against n·(f + c) for the baseline. "Client CPU" is the client process's
user + system time per item (median), work included: the part of each side's cost the noise barely moves.

${table(
  [
    'page size',
    'server latency',
    'consumer work',
    'items',
    'baseline items/s',
    'library items/s',
    'ratio',
    'ratio range',
    'overlap bound',
    'client CPU µs/item (baseline / library)',
    'target',
    'result',
  ],
  rows,
)}

Targets met: ${met} of ${rows.length}.
`);

// Question: how far past one cursor chain do partitions go? Items/s of `exportEvents` with
// `partitions: 8` (ordered: false, then true) against the README loop (lib/baseline.js), on even and on
// skewed data (80% of the events in 10% of the window), and the memory a partitioned export holds from
// 10k to 1M events. A memory case runs in a fresh process: `node partitions.js --case JSON`.
import {fork} from 'node:child_process';
import {once} from 'node:events';
import {Agent} from 'undici';
import {Configuration, ExportApi} from '../dist/index.js';
import {baselineExport} from './lib/baseline.js';
import {busyWork, fmt, log, median, questionArgs, table, timed} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

// The simulator's default window (24 hours): a partitioned export needs its bounds.
const WINDOW = {start: 1_440_990_000_000, end: 1_441_076_400_000};
const caseIndex = process.argv.indexOf('--case');

if (caseIndex !== -1) {
  await memoryCase(JSON.parse(process.argv[caseIndex + 1]));
} else {
  await main();
}

async function main() {
  const {quick} = questionArgs();
  const repetitions = 3;
  const partitions = 8;
  const cell = {pageSize: 100, latency: 20, work: 20, items: quick ? 1_500 : 10_000};
  const variants = [
    {name: 'one chain (no partitions)', options: {}},
    {name: `partitions: ${partitions}, ordered: false`, options: {partitions, ordered: false}},
    {name: `partitions: ${partitions}, ordered: true`, options: {partitions, ordered: true}},
  ];
  const rows = [];
  const figures = {};
  for (const data of ['even', 'skewed']) {
    const skew = data === 'skewed' ? {share: 0.8, span: 0.1, at: 0.45} : undefined;
    const simulator = await startSimulator({events: cell.items, latency: cell.latency, ...(skew && {skew})});
    try {
      const onItem = () => busyWork(cell.work);
      const baseline = () =>
        baselineExport({url: simulator.url, apiKey: simulator.apiKey, pageSize: cell.pageSize, onItem});
      await baseline();
      for (const variant of variants) {
        if (data === 'skewed' && variant.options.partitions === undefined) continue;
        const library = () => libraryRun(simulator, cell, variant.options, onItem);
        await library();
        const ratios = [];
        const times = {b: [], l: []};
        const cpu = [];
        for (let rep = 0; rep < repetitions; rep++) {
          const pair = rep % 2 === 0 ? ['b', 'l'] : ['l', 'b'];
          const ms = {};
          for (const side of pair) {
            const run = await timed(side === 'b' ? baseline : library);
            if (run.result !== cell.items) throw new Error(`${side}: ${run.result} of ${cell.items} items`);
            ms[side] = run.ms;
            times[side].push(run.ms);
            if (side === 'l') cpu.push(run.cpuMs);
          }
          ratios.push(ms.b / ms.l);
        }
        ratios.sort((a, b) => a - b);
        const ratio = median(ratios);
        figures[`${data}:${JSON.stringify(variant.options)}`] = ratio;
        log(`partitions: ${data}, ${variant.name}: ${fmt.ratio(ratio)}`);
        rows.push([
          data,
          variant.name,
          fmt.ms(median(times.b)),
          fmt.ms(median(times.l)),
          fmt.ms(median(cpu)),
          `**${fmt.ratio(ratio)}**`,
          `${fmt.ratio(ratios[0])}–${fmt.ratio(ratios.at(-1))}`,
        ]);
      }
    } finally {
      await simulator.close();
    }
  }
  const even = figures[`even:${JSON.stringify({partitions, ordered: false})}`];
  const skewed = figures[`skewed:${JSON.stringify({partitions, ordered: false})}`];
  const memory = await memoryRows(quick, partitions);
  console.log(`## partitions

Page ${cell.pageSize}, ${cell.latency} ms server latency, ${cell.work} µs of consumer work per item, ${cell.items} events;
ratios are the loop's time over the library's, medians of ${repetitions} alternating pairs in one run (the
simulator in its own process). One chain is bounded by about 1.1x here: every request needs the
previous page's cursor. Targets: even data ≥ 4x with \`ordered: false\` (${fmt.ratio(even)}: ${fmt.met(even >= 4)}),
skewed data ≥ 3x (${fmt.ratio(skewed)}: ${fmt.met(skewed >= 3)}).

"Client CPU" is the library process's own CPU time for the run: far below its wall time, the client spent
the rest waiting for the server (one simulator process: on a busy machine, it is what limits the ratios).

${table(['data', 'export', 'loop', 'library', 'client CPU', 'ratio', 'range'], rows)}

Memory (page 1000, 8 partitions, \`ordered: false\`, read-ahead 1, highWaterMark 16, a consumer of 5 µs/item):
items held at most ${fmt.int(partitions * 2 * 1000 + 16)} (partitions × (read-ahead + 1) × pageSize + highWaterMark).

${table(['events', 'time', 'peak RSS', 'peak heap', 'most items held', 'within bound'], memory)}`);
}

async function libraryRun(simulator, cell, options, onItem) {
  const api = new ExportApi(new Configuration({apiKey: simulator.apiKey, baseUrl: simulator.url}));
  let count = 0;
  for await (const item of api.exportEvents({pageSize: cell.pageSize, ...WINDOW, ...options})) {
    onItem(item);
    count++;
  }
  return count;
}

async function memoryRows(quick, partitions) {
  const sizes = quick ? [10_000, 50_000] : [10_000, 1_000_000];
  const rows = [];
  const bound = partitions * 2 * 1000 + 16;
  for (const events of sizes) {
    const simulator = await startSimulator({events});
    try {
      const options = {url: simulator.url, apiKey: simulator.apiKey, partitions, events};
      const child = fork(new URL(import.meta.url), ['--case', JSON.stringify(options)], {
        execArgv: ['--expose-gc'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const [[result], [code]] = await Promise.all([once(child, 'message'), once(child, 'exit')]);
      if (code !== 0 || result.items !== events) throw new Error(`memory case ${events}: exit ${code}`);
      log(`partitions: memory ${events}: peak RSS ${fmt.mib(result.peakRss)}, held ${result.maxHeld}`);
      rows.push([
        fmt.int(events),
        fmt.ms(result.ms),
        fmt.mib(result.peakRss),
        fmt.mib(result.peakHeap),
        fmt.int(result.maxHeld),
        fmt.met(result.maxHeld <= bound),
      ]);
    } finally {
      await simulator.close();
    }
  }
  return rows;
}

async function memoryCase({url, apiKey, partitions}) {
  globalThis.gc();
  let requested = 0;
  let consumed = 0;
  let maxHeld = 0;
  let peakHeap = 0;
  // Every item the client holds was requested in some page: pages requested × page size − items
  // consumed bounds what sits in the chains' buffers, the stream and the responses in flight.
  const counting = new Agent().compose((dispatch) => (dispatchOptions, handler) => {
    requested++;
    return dispatch(dispatchOptions, handler);
  });
  const api = new ExportApi(new Configuration({apiKey, baseUrl: url, dispatcher: counting}));
  const began = performance.now();
  const stream = api.exportEvents({...WINDOW, pageSize: 1000, partitions, ordered: false, highWaterMark: 16});
  for await (const _item of stream) {
    busyWork(5);
    consumed++;
    // An upper bound: a page that came back short (a chain's last) counts as full.
    maxHeld = Math.max(maxHeld, requested * 1000 - consumed);
    if ((consumed & 1023) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const ms = performance.now() - began;
  await counting.close();
  process.send({items: consumed, ms, peakRss: process.resourceUsage().maxRSS * 1024, peakHeap, maxHeld});
}

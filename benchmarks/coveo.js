// Question 8: Coveo exports are asynchronous jobs (create, poll, download a zip, parse CSVs).
// exportRows against the script a user writes by hand (benchmarks/lib/coveo-baseline.js) over the
// same simulator in its own process: rows per second from create to last row; then exportRows' heap
// and RSS at 10k, 100k and 1M rows, each in a fresh process.
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {CoveoApi} from '../dist/coveo/index.js';
import {baselineRows} from './lib/coveo-baseline.js';
import {fmt, log, median, questionArgs, table, timed} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

const {quick} = questionArgs();
const target = 1;
const tables = 5;
const window = {from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z'};
const throughputRows = quick ? 20_000 : 100_000;
const repetitions = quick ? 1 : 3;
// Both sides poll every second and the job is ready after 300 ms: one wait each, as in real use.
const readyAfterMs = 300;

// Both sides poll on the same schedule (every second), so that the ratio measures the work, not when
// each happened to poll; the time from the poll that saw AVAILABLE to the last row is reported apart.
async function library(simulator, marks) {
  const api = new CoveoApi({accessToken: simulator.accessToken, baseUrl: simulator.url});
  let count = 0;
  const stream = api.exportRows({...window, pollInterval: 1000, maxPollInterval: 1000});
  stream.on('status', ({status}) => {
    if (status === 'AVAILABLE') marks.available = performance.now();
  });
  for await (const row of stream) {
    if (row.table !== '') count++;
  }
  marks.done = performance.now();
  return count;
}

async function baseline(simulator, marks) {
  const count = await baselineRows(
    {
      url: simulator.url,
      accessToken: simulator.accessToken,
      ...window,
      pollMs: 1000,
      onAvailable: () => {
        marks.available = performance.now();
      },
    },
    (row) => {
      if (row.table === '') throw new Error('a row without a table');
    },
  );
  marks.done = performance.now();
  return count;
}

const simulator = await startSimulator({
  provider: 'coveo',
  rowsPerDay: throughputRows / tables,
  readyAfterMs,
  seed: 5,
});
const base = [];
const lib = [];
const ratios = [];
const baseWork = [];
const libWork = [];
const workRatios = [];
try {
  for (let rep = 0; rep < repetitions; rep++) {
    const order = rep % 2 === 0 ? ['base', 'lib'] : ['lib', 'base'];
    const result = {};
    const marks = {base: {}, lib: {}};
    for (const side of order) {
      result[side] = await timed(() =>
        side === 'base' ? baseline(simulator, marks.base) : library(simulator, marks.lib),
      );
    }
    if (result.base.result !== throughputRows || result.lib.result !== throughputRows) {
      throw new Error(`expected ${throughputRows} rows, got ${result.base.result} / ${result.lib.result}`);
    }
    base.push(result.base.ms);
    lib.push(result.lib.ms);
    ratios.push(result.base.ms / result.lib.ms);
    const work = (side) => marks[side].done - marks[side].available;
    baseWork.push(work('base'));
    libWork.push(work('lib'));
    workRatios.push(work('base') / work('lib'));
    log(
      `coveo rep ${rep}: baseline ${fmt.ms(result.base.ms)} (${fmt.ms(work('base'))} after AVAILABLE), exportRows ${fmt.ms(result.lib.ms)} (${fmt.ms(work('lib'))})`,
    );
  }
} finally {
  await simulator.close();
}
const ratio = median(ratios);
const rate = (ms) => `${fmt.int((throughputRows * 1000) / ms)} rows/s`;

const memoryRows = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const caseFile = fileURLToPath(new URL('./lib/coveo-memory-case.js', import.meta.url));
const memory = [];
for (const rows of memoryRows) {
  // A fresh simulator per size: its zip is generated when the export is created.
  const sized = await startSimulator({provider: 'coveo', rowsPerDay: rows / tables, rowLimit: rows, seed: 5});
  try {
    const input = JSON.stringify({url: sized.url, accessToken: sized.accessToken, ...window});
    const {stdout} = await promisify(execFile)(process.execPath, ['--expose-gc', caseFile, input], {
      maxBuffer: 1 << 20,
    });
    const outcome = JSON.parse(stdout);
    if (outcome.rows !== rows) throw new Error(`expected ${rows} rows, got ${outcome.rows}`);
    log(`coveo memory ${rows}: heap ${fmt.mib(outcome.peak.heapUsed)}, rss ${fmt.mib(outcome.peak.rss)}`);
    memory.push([
      fmt.int(rows),
      fmt.mib((await sized.stats()).bytesSent ?? 0),
      fmt.ms(outcome.ms),
      `${fmt.int((rows * 1000) / outcome.ms)} rows/s`,
      fmt.mib(outcome.peak.heapUsed),
      fmt.mib(outcome.peak.rss),
    ]);
  } finally {
    await sized.close();
  }
}

console.log(`## 8. Coveo: an export job streamed as rows

${fmt.int(throughputRows)} rows (five tables, one day), the job ready 300 ms after creation, both sides polling every second. Baseline: the script a user writes (create, poll, follow the redirect, save the zip, yauzl + csv-parse with \`columns: true\`). ${repetitions} pairs, alternating order; target ≥ ${target}x.

${table(
  ['measured', 'baseline', 'exportRows', 'baseline rows/s', 'exportRows rows/s', 'ratio', 'target'],
  [
    [
      'create to last row',
      fmt.ms(median(base)),
      fmt.ms(median(lib)),
      rate(median(base)),
      rate(median(lib)),
      `**${fmt.ratio(ratio, target)}**`,
      fmt.met(ratio >= target),
    ],
    [
      'AVAILABLE to last row (link, download, unzip, parse)',
      fmt.ms(median(baseWork)),
      fmt.ms(median(libWork)),
      rate(median(baseWork)),
      rate(median(libWork)),
      `**${fmt.ratio(median(workRatios))}**`,
      'context',
    ],
  ],
)}

exportRows alone in a fresh process per size (\`--expose-gc\`, peaks sampled every 4,096 rows; the zip is spooled to disk, the rows parsed as they are read):

${table(['rows', 'bytes the simulator sent', 'create to last row', 'rows/s', 'peak heap', 'peak RSS'], memory)}
`);

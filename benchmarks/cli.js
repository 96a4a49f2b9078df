// Question 5: the CLI end to end (a spawned `node dist/cli/main.js events`), writing NDJSON and CSV to
// a file, against the README loop writing NDJSON itself, also spawned (lib/baseline-ndjson.js).
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {createReadStream} from 'node:fs';
import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {fmt, log, median, questionArgs, table} from './lib/measure.js';
import {startSimulator} from './lib/simulator.js';

const {quick} = questionArgs();
const events = quick ? 8_000 : 40_000;
const pageSize = 1000;
// Five rounds: with three, the median moved between 0.89x and 1.10x from one full run to the next.
const repetitions = quick ? 1 : 5;
const cliMain = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const baselineMain = fileURLToPath(new URL('./lib/baseline-ndjson.js', import.meta.url));

async function lines(file) {
  let count = 0;
  for await (const chunk of createReadStream(file)) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      count++;
    }
  }
  return count;
}

async function run(args) {
  const began = performance.now();
  const child = spawn(process.execPath, args, {stdio: ['ignore', 'ignore', 'pipe']});
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text) => {
    stderr = (stderr + text).slice(-2000);
  });
  const [code] = await once(child, 'exit');
  const ms = performance.now() - began;
  if (code !== 0) {
    throw new Error(`${args.join(' ')} exited ${code}: ${stderr}`);
  }
  return ms;
}

const variants = {
  baseline: (simulator, file) => [baselineMain, simulator.url, simulator.apiKey, String(pageSize), file],
  ndjson: (simulator, file) => cliArgs(simulator, file, 'ndjson'),
  csv: (simulator, file) => cliArgs(simulator, file, 'csv'),
};
// Rows per file: NDJSON one per event; CSV one per event plus the header row.
const expectedLines = {baseline: events, ndjson: events, csv: events + 1};

function cliArgs(simulator, file, format) {
  return [
    cliMain,
    'events',
    '--api-key',
    simulator.apiKey,
    '--base-url',
    simulator.url,
    '--format',
    format,
    '--page-size',
    String(pageSize),
    '--out',
    file,
  ];
}

const directory = await mkdtemp(join(tmpdir(), 'export-stream-bench-'));
const simulator = await startSimulator({events});
const times = {baseline: [], ndjson: [], csv: []};
const ratios = {ndjson: [], csv: []};
const sizes = {};
try {
  const warmFile = join(directory, 'warm.ndjson');
  await run(variants.baseline(simulator, warmFile));
  for (let rep = 0; rep < repetitions; rep++) {
    const order = rep % 2 === 0 ? ['baseline', 'ndjson', 'csv'] : ['csv', 'ndjson', 'baseline'];
    const lap = {};
    for (const name of order) {
      const file = join(directory, `${name}-${rep}.out`);
      lap[name] = await run(variants[name](simulator, file));
      const count = await lines(file);
      if (count !== expectedLines[name]) {
        throw new Error(`${name}: expected ${expectedLines[name]} lines, got ${count}`);
      }
      sizes[name] = (await stat(file)).size;
      await rm(file);
      times[name].push(lap[name]);
    }
    ratios.ndjson.push(lap.baseline / lap.ndjson);
    ratios.csv.push(lap.baseline / lap.csv);
  }
} finally {
  await simulator.close();
  await rm(directory, {recursive: true, force: true});
}

const rate = (ms) => fmt.int((events / ms) * 1000);
const baselineMs = median(times.baseline);
const ndjsonRatio = median(ratios.ndjson);
const ok = ndjsonRatio >= 0.95;
log(`cli: ndjson ${fmt.ratio(ndjsonRatio)}, csv ${fmt.ratio(median(ratios.csv))}`);

console.log(`## 5. The CLI end to end

\`node dist/cli/main.js events --format ndjson|csv --page-size ${pageSize} --out FILE\` against ${fmt.int(events)}
simulated events, versus the README loop writing NDJSON itself (\`benchmarks/lib/baseline-ndjson.js\`, also a
spawned process). Wall time includes process start-up; medians of ${repetitions} alternating rounds after a warm-up;
ratio = baseline time / CLI time (events/s relative to the baseline). Line counts of every file are checked.

${table(
  ['program', 'output', 'median time', 'events/s', 'file size', 'ratio vs baseline'],
  [
    ['baseline loop', 'NDJSON', fmt.ms(baselineMs), rate(baselineMs), fmt.mib(sizes.baseline), '1.00x'],
    [
      'CLI',
      'NDJSON',
      fmt.ms(median(times.ndjson)),
      rate(median(times.ndjson)),
      fmt.mib(sizes.ndjson),
      `**${fmt.ratio(ndjsonRatio, 0.95)}**`,
    ],
    [
      'CLI',
      'CSV',
      fmt.ms(median(times.csv)),
      rate(median(times.csv)),
      fmt.mib(sizes.csv),
      `**${fmt.ratio(median(ratios.csv))}**`,
    ],
  ],
)}

Target (same bar as question 1's no-overlap cells) "the CLI writes NDJSON at ≥ 0.95x the baseline":
${fmt.met(ok)}. CSV has no baseline of its own; its ratio is against the same NDJSON loop.
`);

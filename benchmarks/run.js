// Runs every question in its own process, prints the markdown and writes benchmarks/RESULTS.md.
// Usage: node benchmarks/run.js [--quick] [--only NAME[,NAME...]] [--no-write]
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readFile, writeFile} from 'node:fs/promises';
import {availableParallelism, cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

const questions = [
  'throughput',
  'memory',
  'time-to-first-item',
  'resilience',
  'cli',
  'compression',
  'openpanel',
  'partitions',
  'sinks',
  'coveo',
  'service',
];

const {values} = parseArgs({
  options: {
    quick: {type: 'boolean', default: false},
    only: {type: 'string'},
    'no-write': {type: 'boolean', default: false},
    help: {type: 'boolean', short: 'h', default: false},
  },
  strict: true,
});
if (values.help) {
  console.log(`Usage: node benchmarks/run.js [--quick] [--only ${questions.join(',')}] [--no-write]`);
  process.exit(0);
}
const selected = values.only === undefined ? questions : values.only.split(',').map((name) => name.trim());
for (const name of selected) {
  if (!questions.includes(name)) {
    console.error(`Unknown question ${name}; expected one of ${questions.join(', ')}`);
    process.exit(2);
  }
}
const mode = values.quick ? 'quick' : 'full';
// Each question gets a deadline well above its expected time, so that a hung run still stops; the
// partitions and service questions run many exports of 10,000 events or minutes of jobs.
const longer = new Set(['partitions', 'service']);
const deadlineOf = (name) => (values.quick ? 60_000 : longer.has(name) ? 900_000 : 240_000);

async function runQuestion(name) {
  const file = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  const began = performance.now();
  const child = spawn(process.execPath, [file, ...(values.quick ? ['--quick'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text) => {
    output += text;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), deadlineOf(name));
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  const seconds = (performance.now() - began) / 1000;
  if (code !== 0) {
    return {
      name,
      seconds,
      markdown: `## ${name}\n\n**Failed** (exit ${code ?? signal}); see the run's stderr.\n`,
      failed: true,
    };
  }
  return {name, seconds, markdown: output.trim(), failed: false};
}

const began = performance.now();
const sections = [];
for (const name of selected) {
  process.stderr.write(`== ${name} (${mode})\n`);
  const result = await runQuestion(name);
  process.stderr.write(`== ${name}: ${result.seconds.toFixed(1)} s\n`);
  console.log(`${result.markdown}\n\n_${result.name}: ${result.seconds.toFixed(1)} s_\n`);
  sections.push(result);
}
const totalSeconds = (performance.now() - began) / 1000;

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = `# Benchmark results

- Date: ${new Date().toISOString()}
- Node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} CPUs (${cpu})
- Mode: ${mode}${values.only === undefined ? '' : ` (this run: ${selected.join(', ')}; the other sections are from earlier runs, dated at their end)`}; total ${totalSeconds.toFixed(1)} s
- Reproduce: \`npm run bench${values.quick ? ' -- --quick' : ''}\`; see [README.md](README.md) for what each question measures.
- Every figure in bold is a ratio against a baseline measured in the same run; absolute numbers are context
  only (the machine is shared and noisy).
`;
const day = new Date().toISOString().slice(0, 10);
// Each section is marked with its question, so that `--only` replaces its own sections and keeps the
// others (with their own dates) from the last run.
const marked = (name, text) => `<!-- question: ${name} -->\n${text}`;
const fresh = new Map(
  sections.map((section) => [
    section.name,
    marked(section.name, `${section.markdown}\n\n_${section.name}: ${section.seconds.toFixed(1)} s, ${day}_`),
  ]),
);
console.log(`Total: ${totalSeconds.toFixed(1)} s (${mode})`);
if (!values['no-write']) {
  const file = new URL('./RESULTS.md', import.meta.url);
  const kept = new Map();
  if (values.only !== undefined) {
    const previous = await readFile(file, 'utf8').catch(() => '');
    for (const part of previous.split(/(?=<!-- question: )/).slice(1)) {
      const name = /^<!-- question: ([\w-]+) -->/.exec(part)?.[1];
      if (name !== undefined) kept.set(name, part.trim());
    }
  }
  const body = questions.flatMap((name) => fresh.get(name) ?? kept.get(name) ?? []);
  await writeFile(file, `${header}\n${body.join('\n\n')}\n`);
  process.stderr.write('Wrote benchmarks/RESULTS.md\n');
}
process.exitCode = sections.some((section) => section.failed) ? 1 : 0;

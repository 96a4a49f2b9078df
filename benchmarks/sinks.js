// Question 8: the binary sinks. A 1M-row xlsx through pipeline(): peak RSS, time and rows/s of
// createXlsxSink against exceljs's streaming WorkbookWriter in the same run (the baseline); then the
// PDF sink at 1k/5k/20k rows, to justify its maxRows cap. Each case runs in its own process.
import {fork} from 'node:child_process';
import {createWriteStream} from 'node:fs';
import {rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {fileURLToPath} from 'node:url';
import {fmt, log, table} from './lib/measure.js';

async function main() {
  const quick = process.argv.includes('--quick');
  const xlsxRows = quick ? 100_000 : 1_000_000;
  const pdfRows = quick ? [1000, 5000] : [1000, 5000, 20_000];
  const xlsx = {};
  for (const writer of ['ours', 'exceljs']) {
    xlsx[writer] = await child({kind: 'xlsx', writer, rows: xlsxRows});
    log(`sinks: xlsx ${writer} ${xlsxRows}: ${fmt.mib(xlsx[writer].peakRss)} in ${fmt.ms(xlsx[writer].ms)}`);
  }
  const pdf = [];
  for (const rows of pdfRows) {
    const result = await child({kind: 'pdf', rows});
    log(`sinks: pdf ${rows}: ${fmt.mib(result.peakRss)} in ${fmt.ms(result.ms)}`);
    pdf.push({rows, ...result});
  }
  const row = (label, result) => [
    label,
    fmt.mib(result.peakRss),
    fmt.ms(result.ms),
    fmt.int(result.rows / (result.ms / 1000)),
    fmt.mib(result.bytes),
  ];
  const target = xlsx.ours.peakRss < 200 * 1024 * 1024;
  console.log(`## sinks

A ${fmt.int(xlsxRows)}-row, 6-column workbook (numbers, booleans, times rendered in Europe/Rome, text with
accents, Cyrillic and an emoji) written to a temp file through \`pipeline()\`, against exceljs 4.4's
streaming WorkbookWriter fed the same rows (it has no stream input and ignores backpressure).

${table(
  ['xlsx writer', 'peak RSS', 'time', 'rows/s', 'file'],
  [row('createXlsxSink', xlsx.ours), row('exceljs WorkbookWriter (baseline)', xlsx.exceljs)],
)}

- Peak RSS, exceljs / ours: **${fmt.ratio(xlsx.exceljs.peakRss / xlsx.ours.peakRss)}**; time, exceljs / ours:
  **${fmt.ratio(xlsx.exceljs.ms / xlsx.ours.ms)}**. Target: our peak RSS under 200 MiB: ${fmt.met(target)}.

${table(
  ['PDF rows', 'peak RSS', 'time', 'rows/s', 'file', 'time / 1k-row time'],
  pdf.map((result) => [...row(fmt.int(result.rows), result), `**${fmt.ratio(result.ms / pdf[0].ms)}**`]),
)}`);
}

function child(options) {
  return new Promise((resolve, reject) => {
    const worker = fork(fileURLToPath(import.meta.url), ['--case', JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    worker.once('message', (message) => {
      result = message;
    });
    worker.once('exit', (code) =>
      code === 0 && result !== undefined
        ? resolve(result)
        : reject(new Error(`case ${JSON.stringify(options)}: exit ${code}`)),
    );
  });
}

const names = ['Zoë Ångström', 'Ярослав Мудрый', 'Αθηνά', 'François 😀'];

function* items(count) {
  for (let index = 0; index < count; index++) {
    yield {
      id: index,
      name: names[index % names.length],
      timestamp: 1_767_225_600_000 + index * 1000,
      url: `https://shop.example.com/product/${index % 9973}?ref=campaign-${index % 17}`,
      total: (index % 10_000) / 100,
      paid: index % 3 !== 0,
    };
  }
}

async function runCase({kind, writer, rows}) {
  const sinks = await import('../dist/sinks/index.js');
  const columns = sinks.parseColumns('id:ID,name:Name,timestamp:Time,url:URL,total:Total,paid:Paid');
  const file = join(tmpdir(), `export-stream-bench-sinks-${process.pid}.${kind}`);
  let peakRss = process.memoryUsage().rss;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 20);
  const began = performance.now();
  const options = {columns, timeZone: 'Europe/Rome', timestampFields: {names: ['timestamp']}};
  if (kind === 'pdf') {
    const sink = sinks.createPdfSink({
      ...options,
      title: 'Benchmark',
      subtitle: `${rows} rows`,
      maxRows: rows,
    });
    await pipeline(Readable.from(items(rows)), sink, createWriteStream(file));
  } else if (writer === 'ours') {
    await pipeline(Readable.from(items(rows)), sinks.createXlsxSink(options), createWriteStream(file));
  } else {
    const {default: ExcelJS} = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({filename: file, useSharedStrings: false});
    const sheet = workbook.addWorksheet('Export');
    sheet.columns = columns.map((column) => ({header: column.label, key: column.label}));
    const format = sinks.createTimestampFormatter('Europe/Rome');
    let count = 0;
    for (const item of items(rows)) {
      sheet.addRow([item.id, item.name, format(item.timestamp), item.url, item.total, item.paid]).commit();
      if ((++count & 1023) === 0) {
        sample();
      }
    }
    sheet.commit();
    await workbook.commit();
  }
  const ms = performance.now() - began;
  clearInterval(timer);
  sample();
  const {size} = await stat(file);
  await rm(file, {force: true});
  process.send({peakRss, ms, rows, bytes: size}, () => process.exit(0));
}

// Last, so that every declaration above is initialized before a case runs.
const caseArg = process.argv.indexOf('--case');
if (caseArg !== -1) {
  await runCase(JSON.parse(process.argv[caseArg + 1]));
} else {
  await main();
}

import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable, Writable} from 'node:stream';
import {buffer} from 'node:stream/consumers';
import {pipeline} from 'node:stream/promises';
import {promisify} from 'node:util';
import t, {type Test} from 'tap';
import {createPdfSink, type PdfSinkOptions, parseColumns} from '../lib/sinks/index.js';
import {fitText} from '../lib/sinks/pdf-layout.js';

const pdftotextPath = '/usr/bin/pdftotext';
/** Without poppler-utils, the read-back tests are reported as skipped, with the reason. */
const readBack = existsSync(pdftotextPath)
  ? {}
  : {skip: `pdftotext is not installed at ${pdftotextPath} (Debian: poppler-utils); PDF not read back`};
const run = promisify(execFile);

async function writePdf(items: readonly unknown[], options: PdfSinkOptions): Promise<Buffer> {
  return buffer(Readable.from(items).pipe(createPdfSink(options)));
}

/** The text of each page, as poppler's pdftotext reads it (pages split at form feeds). */
async function pdfPages(t: Test, bytes: Buffer): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sinks-pdf-'));
  t.teardown(() => rm(dir, {recursive: true, force: true}));
  const file = join(dir, 'out.pdf');
  await writeFile(file, bytes);
  const {stdout} = await run(pdftotextPath, ['-layout', '-enc', 'UTF-8', file, '-'], {timeout: 20_000});
  return stdout.split('\f').slice(0, -1);
}

const columns = parseColumns('id:ID,name:Name,timestamp:Time,city:City');
const names = ['Ярослав Мудрый', 'Αθηνά Παρθένος', 'Zoë Ångström-Øre', 'François Müller'];
const items = Array.from({length: 150}, (_, index) => ({
  id: index + 1,
  name: names[index % names.length],
  timestamp: 1_440_990_000_000 + index * 60_000,
  city: index === 0 ? `A city with a very long name ${'that cannot fit '.repeat(40)} far too long` : 'Roma',
}));

t.test(
  'pdftotext reads the title, labels on every page, page numbers and non-Latin text',
  readBack,
  async (t) => {
    const bytes = await writePdf(items, {
      columns,
      title: 'Daily orders',
      subtitle: '2015-08-31 00:00 to 2015-09-01 00:00 (Europe/Rome)',
      timeZone: 'Europe/Rome',
      timestampFields: {names: ['timestamp']},
    });
    t.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const pages = await pdfPages(t, bytes);
    t.ok(pages.length >= 3, `${pages.length} pages`);
    t.match(pages[0], 'Daily orders');
    t.match(pages[0], '2015-08-31 00:00 to 2015-09-01 00:00 (Europe/Rome)');
    pages.forEach((page, index) => {
      t.match(page, /ID\s+Name\s+Time\s+City/, `labels on page ${index + 1}`);
      t.match(page, `Page ${index + 1} of ${pages.length}`, `page number on page ${index + 1}`);
    });
    const all = pages.join('\n');
    for (const name of names) {
      t.match(all, name, `${name} survives`);
    }
    t.match(pages[0], '2015-08-31T05:00:00.000+02:00', 'times in the zone');
    t.match(pages[1], /\n\s*\d+\s/, 'rows continue on page 2');
    t.match(pages[0], /A city[^\n]*…/, 'a long cell is cut with an ellipsis');
    t.notMatch(all, 'far too long');
    const ids = [...all.matchAll(/^\s*(\d+)\s{2,}/gm)].map((match) => Number(match[1]));
    t.same(
      ids,
      items.map((item) => item.id),
      'every row once, in order',
    );
  },
);

t.test('many columns turn the page to landscape', async (t) => {
  const wide = parseColumns('a,b,c,d,e,f,g');
  const landscape = (await writePdf([{a: 1}], {columns: wide, title: 'Wide'})).toString('latin1');
  t.match(landscape, /\/MediaBox \[0 0 841\.89 595\.28\]/);
  const portrait = (await writePdf([{a: 1}], {columns, title: 'Narrow'})).toString('latin1');
  t.match(portrait, /\/MediaBox \[0 0 595\.28 841\.89\]/);
});

t.test('an empty export is one page with the title and the header', readBack, async (t) => {
  const pages = await pdfPages(t, await writePdf([], {columns, title: 'Empty'}));
  t.equal(pages.length, 1);
  t.match(pages[0], /ID\s+Name\s+Time\s+City/);
  t.match(pages[0], 'Page 1 of 1');
});

t.test('more rows than maxRows fail with ERR_PDF_TOO_MANY_ROWS before any byte is written', async (t) => {
  let bytes = 0;
  const sink = createPdfSink({columns, title: 'Capped', maxRows: 10});
  const counter = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  await t.rejects(pipeline(Readable.from(items.slice(0, 11)), sink, counter), {
    name: 'PdfTooManyRowsError',
    code: 'ERR_PDF_TOO_MANY_ROWS',
    maxRows: 10,
    message: /at most 10 rows .*`maxRows`.*csv or xlsx/,
  });
  t.equal(bytes, 0, 'no partial PDF');
  const exactly = await writePdf(items.slice(0, 10), {columns, title: 'Capped', maxRows: 10});
  t.ok(exactly.length > 0, 'exactly maxRows rows are fine');
});

t.test('bad options throw InvalidOptionError at the call, naming the option', async (t) => {
  const cases: [unknown, string, RegExp][] = [
    [{columns}, 'title', /non-empty string, got undefined/],
    [{columns, title: ''}, 'title', /non-empty string, got ""/],
    [{columns, title: 'x', subtitle: 3}, 'subtitle', /non-empty string, got 3/],
    [{columns, title: 'x', maxRows: 0}, 'maxRows', /integer from 1 to 1000000, got 0/],
    [{columns, title: 'x', sheetName: 'a'}, 'options.sheetName', /known options/],
    [{columns: [], title: 'x'}, 'columns', /non-empty array/],
  ];
  for (const [options, option, message] of cases) {
    t.throws(() => createPdfSink(options as PdfSinkOptions), {
      name: 'InvalidOptionError',
      code: 'ERR_EXPORT_INVALID_OPTION',
      option,
      message,
    });
  }
});

t.test('a stalled consumer holds back the pages; destroying stops the rendering', async (t) => {
  const many = Array.from({length: 1500}, (_, index) => ({id: index, name: `row ${index}`}));
  const sink = createPdfSink({columns, title: 'Backpressure'});
  let finished = false;
  sink.on('finish', () => {
    finished = true;
  });
  const stalled = new Writable({
    highWaterMark: 1,
    // Never asks for more after the first chunk.
    write() {},
  });
  const done = pipeline(Readable.from(many), sink, stalled).catch((error: Error) => error);
  const full = () => sink.readableLength >= sink.readableHighWaterMark;
  for (let rounds = 0; rounds < 1000 && !full() && !finished; rounds++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  t.ok(full(), 'the sink filled its buffer');
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.notOk(finished, 'and stopped drawing pages: the document is not finished');
  t.ok(sink.readableLength < 200_000, `it holds ${sink.readableLength} bytes`);
  sink.destroy(new Error('enough'));
  t.match(await done, {message: 'enough'});
});

t.test('text too long for its column keeps its longest fitting prefix and an ellipsis', async (t) => {
  const measure = (text: string) => [...text].length * 5;
  t.equal(fitText('short', 25, measure), 'short');
  t.equal(fitText('longer text', 25, measure), 'long…');
  t.equal(fitText('😀😀😀😀😀😀', 20, measure), '😀😀😀…', 'whole characters only');
  t.equal(fitText('abc', 4, measure), '', 'not even the ellipsis fits');
  t.equal(fitText('abc', 5, measure), '…');
});

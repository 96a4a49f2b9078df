import {Readable, Writable} from 'node:stream';
import {buffer} from 'node:stream/consumers';
import {pipeline} from 'node:stream/promises';
import ExcelJS from 'exceljs';
import t from 'tap';
import yauzl from 'yauzl';
import {createXlsxSink, parseColumns, type XlsxSinkOptions} from '../lib/sinks/index.js';

async function writeXlsx(items: readonly unknown[], options: XlsxSinkOptions): Promise<Buffer> {
  return buffer(Readable.from(items).pipe(createXlsxSink(options)));
}

async function readXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's typings predate the generic Buffer of @types/node 20.
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

/** Every row of a sheet as an array of cell values (`null` for an empty cell). */
function rows(sheet: ExcelJS.Worksheet, width: number): unknown[][] {
  const result: unknown[][] = [];
  sheet.eachRow({includeEmpty: true}, (row) => {
    result.push(Array.from({length: width}, (_, index) => row.getCell(index + 1).value ?? null));
  });
  return result;
}

/** The raw text of one entry of the zip, as a reader other than exceljs sees it. */
async function entryText(bytes: Buffer, name: string): Promise<string> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, {lazyEntries: true}, (error, file) => (error ? reject(error) : resolve(file))),
  );
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== name) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error) {
          reject(error);
          return;
        }
        buffer(stream).then((data) => resolve(data.toString('utf8')), reject);
      });
    });
    zip.on('end', () => reject(new Error(`no entry ${name}`)));
    zip.readEntry();
  });
}

function catchError(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

const columns = parseColumns('id,name:Name,timestamp:Time,ok:OK,amount:Amount,meta');

t.test('an exceljs reader sees the labels, typed values, empty cells and times in the zone', async (t) => {
  const items = [
    {id: 1, name: 'Ann', timestamp: 1_440_990_000_123, ok: true, amount: 12.5, meta: {a: [1]}},
    {id: 2, name: '', timestamp: '2026-03-29T01:30:00Z', ok: false, amount: null},
    {id: 3, timestamp: 'yesterday', amount: -0.25, meta: 10n},
  ];
  const bytes = await writeXlsx(items, {
    columns,
    timeZone: 'Europe/Rome',
    timestampFields: {names: ['timestamp']},
  });
  const workbook = await readXlsx(bytes);
  t.same(
    workbook.worksheets.map((sheet) => sheet.name),
    ['Export'],
  );
  const sheet = workbook.worksheets[0]!;
  t.same(rows(sheet, 6), [
    ['id', 'Name', 'Time', 'OK', 'Amount', 'meta'],
    [1, 'Ann', '2015-08-31T05:00:00.123+02:00', true, 12.5, '{"a":[1]}'],
    [2, null, '2026-03-29T03:30:00.000+02:00', false, null, null],
    [3, null, 'yesterday', null, -0.25, '10'],
  ]);
  t.equal(sheet.getCell('A1').font?.bold, true, 'the header row is bold');
  t.notOk(sheet.getCell('A2').font?.bold, 'the data rows are not');
  t.equal(sheet.views[0]?.state, 'frozen', 'the header row is frozen');
});

t.test('text survives intact: emoji, CJK extensions, RTL, accents, XML specials and spacing', async (t) => {
  const texts = [
    'emoji 😀👩‍👩‍👧 and 𠀋𡈽 (CJK ext. B)',
    'שלום עולם · مرحبا',
    'Ünïcödé Ελληνικά Кириллица 中文',
    '<a href="x">&amp;</a> \' "',
    '  leading and trailing  ',
    'line 1\nline 2\r\nline 3\ttab',
    'bell\u0007 and nul\u0000 are not XML',
  ];
  const bytes = await writeXlsx(
    texts.map((text) => ({text})),
    {columns: parseColumns('text')},
  );
  const sheet = (await readXlsx(bytes)).worksheets[0]!;
  t.same(
    rows(sheet, 1).slice(1),
    texts.map((text) => [text.replaceAll('\u0000', '').replaceAll('\u0007', '')]),
  );
});

t.test('an _xHHHH_ sequence is escaped so that Excel shows it literally', async (t) => {
  const bytes = await writeXlsx([{text: 'a_x0041_b _x12_'}], {columns: parseColumns('text')});
  const xml = await entryText(bytes, 'xl/worksheets/sheet1.xml');
  t.match(xml, '<t>a_x005F_x0041_b _x12_</t>');
});

t.test('a sheet rolls over after maxRowsPerSheet rows, each sheet with its header', async (t) => {
  const items = Array.from({length: 12}, (_, index) => ({id: index + 1}));
  const bytes = await writeXlsx(items, {
    columns: parseColumns('id:ID'),
    sheetName: 'Orders',
    maxRowsPerSheet: 5,
  });
  const workbook = await readXlsx(bytes);
  t.same(
    workbook.worksheets.map((sheet) => sheet.name),
    ['Orders', 'Orders 2', 'Orders 3'],
  );
  const all = workbook.worksheets.map((sheet) => rows(sheet, 1));
  t.same(all[0], [['ID'], [1], [2], [3], [4], [5]]);
  t.same(all[1], [['ID'], [6], [7], [8], [9], [10]]);
  t.same(all[2], [['ID'], [11], [12]]);
});

t.test('exactly maxRowsPerSheet rows make one sheet, and a long name is shortened on rollover', async (t) => {
  t.throws(() => createXlsxSink({columns, sheetName: 'A'.repeat(32)}), /Expected `sheetName` to be 1 to 31/);
  const long = 'B'.repeat(28) + '😀';
  const one = await readXlsx(await writeXlsx([{id: 1}, {id: 2}], {columns, maxRowsPerSheet: 2}));
  t.equal(one.worksheets.length, 1);
  const two = await readXlsx(
    await writeXlsx([{id: 1}, {id: 2}], {columns, maxRowsPerSheet: 1, sheetName: long}),
  );
  t.same(
    two.worksheets.map((sheet) => sheet.name),
    [long, `${'B'.repeat(28)} 2`],
  );
});

t.test('an empty export is a valid workbook with the header row only', async (t) => {
  const workbook = await readXlsx(await writeXlsx([], {columns, freezeHeader: false}));
  const sheet = workbook.worksheets[0]!;
  t.same(rows(sheet, 6), [['id', 'Name', 'Time', 'OK', 'Amount', 'meta']]);
  t.equal((sheet.views ?? [])[0]?.state ?? 'normal', 'normal', 'no frozen pane when not asked');
});

t.test('a cell beyond 32,767 characters is cut to 32,767 ending in an ellipsis', async (t) => {
  const long = 'x'.repeat(40_000);
  const pairAtCut = 'y'.repeat(32_765) + '😀'.repeat(10);
  const exact = 'z'.repeat(32_767);
  const bytes = await writeXlsx([{text: long}, {text: pairAtCut}, {text: exact}], {
    columns: parseColumns('text'),
  });
  const [, a, b, c] = rows((await readXlsx(bytes)).worksheets[0]!, 1).map((row) => row[0] as string);
  t.equal(a!.length, 32_767);
  t.equal(a, `${'x'.repeat(32_766)}…`);
  t.equal(b, `${'y'.repeat(32_765)}…`, 'a surrogate pair at the cut is dropped whole');
  t.equal(c, exact, 'a cell of exactly 32,767 characters is kept');
});

t.test('Date values and many columns (AA, AB…) are written', async (t) => {
  const wide = parseColumns(Array.from({length: 28}, (_, index) => `c${index}`).join(','));
  const item = Object.fromEntries(Array.from({length: 28}, (_, index) => [`c${index}`, index]));
  const dated = {...item, c0: new Date(0), c1: new Date(Number.NaN), c2: Number.NaN};
  const sheet = (await readXlsx(await writeXlsx([dated], {columns: wide}))).worksheets[0]!;
  const [header, row] = rows(sheet, 28);
  t.equal(header![27], 'c27');
  t.same(row!.slice(0, 3), ['1970-01-01T00:00:00.000Z', null, 'NaN']);
  t.equal(row![27], 27);
  const zoned = await writeXlsx([{c0: new Date(0)}], {
    columns: wide.slice(0, 1),
    timeZone: 'Asia/Tokyo',
    timestampFields: {names: []},
  });
  t.same(rows((await readXlsx(zoned)).worksheets[0]!, 1)[1], ['1970-01-01T09:00:00.000+09:00']);
});

t.test('bad options throw InvalidOptionError at the call, naming the option', async (t) => {
  const cases: [unknown, string, RegExp][] = [
    [undefined, 'options', /an object, got undefined/],
    [{columns, colour: 1}, 'options.colour', /one of the known options/],
    [{columns: []}, 'columns', /non-empty array of columns/],
    [{columns: [{label: '', paths: [['a']]}]}, 'columns[0].label', /non-empty string/],
    [{columns: [{label: 'a', paths: [[]]}]}, 'columns[0].paths', /non-empty arrays of keys/],
    [{columns: [{label: 'a', paths: 'a'}]}, 'columns[0].paths', /non-empty arrays of keys/],
    [{columns, timeZone: 'Mars/Base'}, 'timeZone', /IANA time zone.*"Mars\/Base"/],
    [{columns, timeZone: 'UTC'}, 'timestampFields', /given with `timeZone`/],
    [{columns, timestampFields: {names: 'ts'}}, 'timestampFields.names', /an array of strings/],
    [{columns, timestampFields: {name: []}}, 'timestampFields.name', /known options/],
    [{columns, sheetName: ''}, 'sheetName', /non-empty string/],
    [{columns, sheetName: 'a/b'}, 'sheetName', /1 to 31 characters/],
    [{columns, sheetName: "'quoted'"}, 'sheetName', /1 to 31 characters/],
    [{columns, maxRowsPerSheet: 0}, 'maxRowsPerSheet', /integer from 1 to 1048575, got 0/],
    [{columns, maxRowsPerSheet: 1_048_576}, 'maxRowsPerSheet', /integer from 1 to 1048575/],
    [{columns, freezeHeader: 'yes'}, 'freezeHeader', /a boolean, got "yes"/],
  ];
  for (const [options, option, message] of cases) {
    const error = catchError(() => createXlsxSink(options as XlsxSinkOptions));
    t.match(error, {name: 'InvalidOptionError', code: 'ERR_EXPORT_INVALID_OPTION', option, message}, option);
  }
});

t.test('a stalled consumer stops the producer: the sink holds a bounded amount', async (t) => {
  let produced = 0;
  const source = Readable.from(
    (function* () {
      for (;;) {
        yield {id: produced++, text: 'some text to make the row longer ✓'};
      }
    })(),
  );
  let chunks = 0;
  const stalled = new Writable({
    highWaterMark: 1024,
    write(_chunk: Buffer, _encoding, callback) {
      // Takes a few chunks, then never asks for more.
      if (++chunks < 4) {
        callback();
      }
    },
  });
  const sink = createXlsxSink({columns: parseColumns('id,text')});
  const done = pipeline(source, sink, stalled).catch((error: Error) => error);
  const full = () => sink.readableLength >= sink.readableHighWaterMark;
  for (let rounds = 0; rounds < 1000 && !full(); rounds++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  t.ok(full(), 'the sink filled its output buffer');
  // Then the rows in the pipe's buffers drain into the zip writer, and production stops.
  let last = -1;
  for (let rounds = 0; rounds < 200 && produced !== last; rounds++) {
    last = produced;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.equal(produced, last, 'production stopped');
  t.ok(produced < 50_000, `the producer stopped after ${produced} rows`);
  t.ok(chunks >= 4, 'bytes reached the consumer');
  sink.destroy(new Error('enough'));
  t.match(await done, {message: 'enough'});
});

t.test('destroying the sink mid-way stops it with the error', async (t) => {
  const sink = createXlsxSink({columns});
  const failure = new Error('stop');
  const source = Readable.from(
    (function* () {
      for (let index = 0; ; index++) {
        if (index === 100) {
          sink.destroy(failure);
        }
        yield {id: index};
      }
    })(),
  );
  await t.rejects(
    pipeline(
      source,
      sink,
      new Writable({
        write: (_chunk, _encoding, callback) => callback(),
      }),
    ),
    failure,
  );
});

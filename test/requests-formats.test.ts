import {execFile} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {promisify} from 'node:util';
import {parse} from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import t from 'tap';
import {exportItem, parseRequest, type Window} from '../lib/requests/index.js';
import {createSimulator} from '../lib/simulator/index.js';
import {reference} from './helpers/simulator.js';

// One window of each format, end to end, read back by an independent reader (the sinks' own tests
// cover the formats in depth): labels, the time zone and non-ASCII text must survive.
const window: Window = {
  start: new Date('2026-10-24T22:00:00Z'),
  end: new Date('2026-10-25T23:00:00Z'),
  key: '20261024T220000Z',
};
const simulator = await createSimulator({
  events: 60,
  seed: 2,
  window: {start: window.start.getTime(), end: window.end.getTime()},
});
t.teardown(() => simulator.close());
const events = await reference(simulator, '/events');
const sessions = await reference(simulator, '/session');
const env = {CROCT_API_KEY: simulator.apiKey};
const ids = events.map((event) => String(event.id ?? event.eventId));
const columns = [
  {id: 'id|eventId', label: 'Identificativo 📦'},
  {id: 'timestamp', label: 'Ora (Europe/Rome)'},
  {id: 'payload.@type|payload.type', label: 'Время'},
];

const request = (extension: string, fields: Record<string, unknown> = {}) =>
  parseRequest({
    name: 'formats',
    type: 'oneTime',
    from: window.start.getTime() / 1000,
    to: window.end.getTime() / 1000,
    format: {extension, timezone: 'Europe/Rome', columns},
    items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url, label: 'Eventi: ottobre'}],
    ...fields,
  });

/** Rome's offset at an instant: +02:00 before 03:00 local on 25 October 2026, +01:00 after. */
const offset = (millis: number) => (millis < Date.parse('2026-10-25T01:00:00Z') ? '+02:00' : '+01:00');

t.test('csv: read back by csv-parse with the labels, the zone and the unicode', async (t) => {
  const result = await exportItem(request('csv'), window, 0, {outDir: t.testdir(), env});
  t.match(result, {
    rows: 60,
    contentType: 'text/csv; charset=utf-8',
    label: 'Eventi: ottobre',
    fileName: 'formats_croct-events_20261024T220000Z.csv',
  });
  const rows = parse(await readFile(result.path), {columns: true}) as Record<string, string>[];
  t.same(Object.keys(rows[0]!), ['Identificativo 📦', 'Ora (Europe/Rome)', 'Время']);
  t.same(
    rows.map((row) => row['Identificativo 📦']),
    ids,
  );
  t.same(
    rows.map((row) => row['Ora (Europe/Rome)']!.slice(-6)),
    events.map((event) => offset(event.timestamp as number)),
    'each time with its offset on the day Rome leaves summer time',
  );
  t.equal(result.bytes, (await readFile(result.path)).length);
});

t.test('json: an array of the columns, times in the zone', async (t) => {
  const result = await exportItem(request('json'), window, 0, {outDir: t.testdir(), env});
  const rows = JSON.parse(await readFile(result.path, 'utf8')) as Record<string, unknown>[];
  t.equal(result.contentType, 'application/json');
  t.same(
    rows.map((row) => row['Identificativo 📦']),
    ids,
  );
  t.same(
    rows.map((row) => [
      Date.parse(row['Ora (Europe/Rome)'] as string),
      (row['Ora (Europe/Rome)'] as string).slice(-6),
    ]),
    events.map((event) => [event.timestamp, offset(event.timestamp as number)]),
  );
});

t.test(
  'ndjson without columns: the items verbatim, their time fields (by name and by path) in the zone',
  async (t) => {
    const sessionsRequest = request('ndjson', {
      format: {extension: 'ndjson', timezone: 'Europe/Rome'},
      items: [{provider: 'croct', resource: 'sessions', baseUrl: simulator.url}],
    });
    const result = await exportItem(sessionsRequest, window, 0, {outDir: t.testdir(), env});
    t.equal(result.contentType, 'application/x-ndjson');
    const rows = (await readFile(result.path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const inWindow = sessions.filter(
      (session) =>
        (session.closeTime as number) >= window.start.getTime() &&
        (session.closeTime as number) < window.end.getTime(),
    );
    t.equal(rows.length, inWindow.length);
    t.match(rows[0], {
      closeTime: /^2026-10-2[45]T.*\+0[12]:00$/,
      window: {start: /\+0[12]:00$/, end: /\+0[12]:00$/},
    });
    t.equal(rows[0].sessionId, inWindow[0]!.sessionId, 'other fields as they were');
  },
);

t.test('xlsx: read back by exceljs with the labels, the zone and characters above U+FFFF', async (t) => {
  const result = await exportItem(request('xls'), window, 0, {outDir: t.testdir(), env});
  t.equal(result.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.match(result.fileName, /\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(result.path);
  const sheet = workbook.worksheets[0]!;
  t.equal(sheet.name, 'Eventi- ottobre', "the label, without the characters Excel's sheet names refuse");
  t.same(sheet.getRow(1).values, [undefined, 'Identificativo 📦', 'Ora (Europe/Rome)', 'Время']);
  t.equal(sheet.rowCount, 61);
  t.same(
    Array.from({length: 60}, (_, index) => String(sheet.getRow(index + 2).getCell(1).value)),
    ids,
  );
  t.match(String(sheet.getRow(2).getCell(2).value), /^2026-10-25T\d\d:\d\d:\d\d\.\d{3}\+02:00$/);
});

const pdftotext = '/usr/bin/pdftotext';
t.test('pdf: read back by pdftotext with the title, the window, the labels and Cyrillic', async (t) => {
  const result = await exportItem(request('pdf'), window, 0, {outDir: t.testdir(), env});
  t.equal(result.contentType, 'application/pdf');
  const {stdout} = await promisify(execFile)(pdftotext, ['-layout', '-enc', 'UTF-8', result.path, '-'], {
    timeout: 20_000,
  });
  t.match(stdout, 'formats: Eventi: ottobre');
  t.match(stdout, '2026-10-25T00:00:00+02:00 – 2026-10-26T00:00:00+01:00 (Europe/Rome)');
  t.match(stdout, 'Время');
  t.match(stdout, ids[0]!.slice(0, 8));
});

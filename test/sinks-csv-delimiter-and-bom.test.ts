import {Readable} from 'node:stream';
import {buffer} from 'node:stream/consumers';
import {parse} from 'csv-parse/sync';
import t from 'tap';
import {type CsvOptions, createCsvEncoder, createSinkTransform, parseColumns} from '../lib/sinks/index.js';

const columns = parseColumns('id,name:Name,note');
const items = [
  {id: 1, name: 'Zoë; "the" one', note: 'a,b'},
  {id: 2, name: 'Ярослав\tΑθηνά', note: 'line\nbreak'},
];

async function csvBytes(options: CsvOptions): Promise<Buffer> {
  return buffer(Readable.from(items).pipe(createSinkTransform(createCsvEncoder(options))));
}

t.test('a semicolon or tab delimiter parses back with csv-parse to the same cells', async (t) => {
  for (const delimiter of [';', '\t', '|']) {
    const text = (await csvBytes({columns, delimiter})).toString('utf8');
    t.same(
      parse(text, {delimiter, columns: true}),
      items.map((item) => ({id: String(item.id), Name: item.name, note: item.note})),
      `delimiter ${JSON.stringify(delimiter)}`,
    );
    t.ok(text.startsWith(`id${delimiter}Name${delimiter}note\n`));
  }
});

t.test('bom starts a fresh output with the UTF-8 byte order mark, and only a fresh one', async (t) => {
  const bytes = await csvBytes({columns, bom: true});
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  t.same(parse(bytes, {bom: true, columns: true})[1], {id: '2', Name: items[1]!.name, note: 'line\nbreak'});
  t.equal(createCsvEncoder({columns, bom: true, fresh: false}).header(), '');
  const plain = await csvBytes({columns, bom: false});
  t.equal(plain[0], 'i'.charCodeAt(0), 'no BOM unless asked');
});

t.test('a bad delimiter or bom throws InvalidOptionError naming the option', async (t) => {
  const cases: [Partial<CsvOptions>, string, RegExp][] = [
    [{delimiter: ''}, 'delimiter', /one character other than a double quote, CR or LF, got ""/],
    [{delimiter: ';;'}, 'delimiter', /got ";;"/],
    [{delimiter: '"'}, 'delimiter', /got "\\""/],
    [{delimiter: '\n'}, 'delimiter', /got "\\n"/],
    [{delimiter: '\r'}, 'delimiter', /got "\\r"/],
    [{delimiter: 59 as unknown as string}, 'delimiter', /got 59 \(number\)/],
    [{bom: 'yes' as unknown as boolean}, 'bom', /Expected `bom` to be a boolean, got "yes"/],
  ];
  for (const [extra, option, message] of cases) {
    t.throws(() => createCsvEncoder({columns, ...extra}), {
      name: 'InvalidOptionError',
      code: 'ERR_EXPORT_INVALID_OPTION',
      option,
      message,
    });
  }
  t.doesNotThrow(() => createCsvEncoder({columns, delimiter: '😀'}), 'one character above U+FFFF is one');
});

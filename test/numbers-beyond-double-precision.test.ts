import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {parse} from 'csv-parse/sync';
import t, {type Test} from 'tap';
import {Agent} from 'undici';
import {Configuration} from '../lib/croct/configuration.js';
import {ExportApi} from '../lib/croct/export-api.js';
import {
  createCsvEncoder,
  createJsonArrayEncoder,
  createNdjsonEncoder,
  parseColumns,
} from '../lib/sinks/index.js';

// JSON numbers are IEEE-754 doubles once parsed: integers beyond 2^53 are rounded to the nearest double,
// and a number beyond ±1.8e308 becomes ±Infinity, which JSON cannot spell. The Croct API does not send such
// numbers today; this pins down what happens if it does: nothing crashes, no item is lost, and the output
// says what the program holds (the digits past double precision are gone).
const body =
  '{"items":[{"n":1e400,"negative":-1e400,"big":12345678901234567890,"safe":9007199254740993,"tiny":1e-400}],' +
  '"nextCursor":null}';

async function serve(t: Test): Promise<{baseUrl: string; requests: () => number}> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, {'content-type': 'application/json'});
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  return {baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests};
}

for (const parser of ['json', 'incremental'] as const) {
  t.test(
    `the ${parser} parser rounds big integers and turns 1e400 into Infinity, without failing`,
    async (t) => {
      const {baseUrl, requests} = await serve(t);
      const dispatcher = new Agent();
      t.teardown(() => dispatcher.destroy());
      const api = new ExportApi(
        new Configuration({apiKey: '00000000-0000-4000-8000-000000000000', baseUrl, dispatcher, parser}),
      );

      const items = (await api.exportUsers().toArray()) as Record<string, number>[];

      t.equal(requests(), 1, 'one page, one request: no retry');
      t.equal(items.length, 1, 'the item is delivered');
      const [item] = items as [Record<string, number>];
      t.equal(item.n, Number.POSITIVE_INFINITY, '1e400 is Infinity');
      t.equal(item.negative, Number.NEGATIVE_INFINITY, '-1e400 is -Infinity');
      t.equal(item.big, 12345678901234567000, 'rounded to the nearest double, 12345678901234567168');
      t.equal(BigInt(item.big as number), 12345678901234567168n);
      t.equal(item.safe, 9007199254740992, '2^53 + 1 is rounded to 2^53');
      t.equal(item.tiny, 0, '1e-400 underflows to 0');

      t.equal(
        createNdjsonEncoder().item(item),
        '{"n":null,"negative":null,"big":12345678901234567000,"safe":9007199254740992,"tiny":0}\n',
        'NDJSON (and JSON arrays) write Infinity as null, as JSON.stringify does',
      );
      const array = createJsonArrayEncoder();
      t.same(JSON.parse(array.header() + array.item(item) + array.footer()), [
        {n: null, negative: null, big: 12345678901234567000, safe: 9007199254740992, tiny: 0},
      ]);
      const csv = createCsvEncoder({columns: parseColumns('n,negative,big,safe,tiny')});
      const text = csv.header() + csv.item(item);
      t.equal(text, 'n,negative,big,safe,tiny\nInfinity,-Infinity,12345678901234567000,9007199254740992,0\n');
      t.same(parse(text, {columns: true}), [
        {
          n: 'Infinity',
          negative: '-Infinity',
          big: '12345678901234567000',
          safe: '9007199254740992',
          tiny: '0',
        },
      ]);
    },
  );
}

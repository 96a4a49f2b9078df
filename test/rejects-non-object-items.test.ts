import t from 'tap';
import {ProtocolError} from '../lib/core/errors.js';
import {ExportStream} from '../lib/core/export-stream.js';
import type {PageSource} from '../lib/core/types.js';
import {rawClient, rawServer, sendJson} from './helpers/raw-server.js';

const hostile: [string, unknown, string][] = [
  ['null', null, 'null'],
  ['a number', 42, 'a number'],
  ['a string', 'oops', 'a string'],
  ['an array', [{id: 'x'}], 'an array'],
  ['a boolean', false, 'a boolean'],
];

for (const parser of ['json', 'incremental'] as const) {
  for (const [name, value, kind] of hostile) {
    t.test(`${parser}: ${name} among the items is a protocol error naming its index`, async (t) => {
      // The bad item sits on the second page, so the error must name that page, not just "an item".
      const {url, requests, paths} = await rawServer(t, (request, response) => {
        const second = new URL(request.url ?? '/', 'http://x').searchParams.get('cursor') === 'p2';
        sendJson(
          response,
          200,
          second
            ? {items: [{id: 'b1'}, {id: 'b2'}, value, {id: 'b3'}], nextCursor: 'p3'}
            : {items: [{id: 'a1'}], nextCursor: 'p2'},
        );
      });
      const stream = rawClient(t, url).exportEvents({parser});
      const items: unknown[] = [];
      let ended = false;
      stream.on('data', (item) => items.push(item));
      stream.on('end', () => {
        ended = true;
      });
      const error = await new Promise<unknown>((resolve) => stream.on('error', resolve));
      t.type(error, ProtocolError);
      t.match(error, {
        code: 'ERR_EXPORT_PROTOCOL',
        path: /cursor=p2/,
        message: new RegExp(`item 2 of the page is ${kind}, expected an object`),
      });
      t.notOk(ended, 'never ends normally');
      t.equal(requests(), 2, 'not retried, and nothing fetched past it');
      t.match(paths[1], /cursor=p2/);
      // JSON mode checks the whole page before handing any of it over; the incremental parser has
      // handed over the items before the bad one already (each was valid when it came).
      t.same(
        items.map((item) => (item as {id: string}).id),
        parser === 'json' ? ['a1'] : ['a1', 'b1', 'b2'],
      );
    });
  }
}

t.test('by-id methods are unaffected: they return the body as it is', async (t) => {
  const {url} = await rawServer(t, (_request, response) => sendJson(response, 200, {id: 'u1'}));
  t.same(await rawClient(t, url).exportUserById('u1'), {id: 'u1'});
});

for (const bad of [null, undefined]) {
  t.test(`a custom source returning a ${bad} item fails the stream with a ProtocolError`, async (t) => {
    let requests = 0;
    const source: PageSource<number | null | undefined> = {
      fetchPage: async () => {
        requests++;
        return {items: [1, bad, 2], nextCursor: 'next'};
      },
    };
    const stream = new ExportStream(source);
    const items: unknown[] = [];
    stream.on('data', (item) => items.push(item));
    let ended = false;
    stream.on('end', () => {
      ended = true;
    });
    const error = await new Promise<unknown>((resolve) => stream.on('error', resolve));
    t.type(error, ProtocolError);
    t.match(error, {
      code: 'ERR_EXPORT_PROTOCOL',
      message: new RegExp(
        `^ExportStream \\(page at cursor null\\) broke the protocol: item 1 of the page is ${bad}`,
      ),
    });
    t.equal(error instanceof ProtocolError && error.httpMethod, undefined, 'no HTTP method is invented');
    t.same(items, [], 'no item of the broken page is delivered');
    t.notOk(ended);
    t.equal(requests, 1);
  });

  t.test(`a ${bad} item handed over early fails the stream after the items before it`, async (t) => {
    const source: PageSource<string | null | undefined> = {
      fetchPage: async (cursor, _signal, hooks) => {
        if (cursor === undefined) return {items: ['a'], nextCursor: 'c"2'};
        hooks.item('b');
        hooks.item(bad);
        hooks.item('never');
        return {items: []};
      },
    };
    const stream = new ExportStream(source);
    const items: unknown[] = [];
    stream.on('data', (item) => items.push(item));
    const error = await new Promise<unknown>((resolve) => stream.on('error', resolve));
    t.match(error, {
      name: 'ProtocolError',
      path: '(page at cursor "c\\"2")',
      message: new RegExp(`item 1 of the page is ${bad}`),
    });
    t.same(items, ['a', 'b']);
  });
}

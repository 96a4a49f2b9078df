import type {ServerResponse} from 'node:http';
import {brotliCompressSync, deflateSync, gzipSync} from 'node:zlib';
import t from 'tap';
import {ProtocolError, RequestError} from '../lib/core/errors.js';
import {settle} from './helpers/fake-source.js';
import {rawClient, rawServer} from './helpers/raw-server.js';

/**
 * Records uncaught exceptions for the rest of the test instead of letting them crash the run (tap's
 * own handlers are set aside and restored in teardown), so that a stray error event is a failed
 * assertion rather than a lost test file.
 */
function recordUncaught(t: {teardown: (fn: () => unknown) => void}): unknown[] {
  const errors: unknown[] = [];
  const saved = process.listeners('uncaughtException');
  const record = (error: unknown) => errors.push(error);
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', record);
  t.teardown(() => {
    process.off('uncaughtException', record);
    for (const listener of saved) process.on('uncaughtException', listener);
  });
  return errors;
}

const page = (cursor: string | null) =>
  cursor === null
    ? {items: [{id: 'e1', note: 'é'.repeat(200)}, {id: 'e2'}], nextCursor: 'p2'}
    : {items: [{id: 'e3'}], nextCursor: null};

function answer(response: ServerResponse, encoding: string | string[] | undefined, body: Buffer): void {
  response.setHeader('content-type', 'application/json');
  if (encoding !== undefined) response.setHeader('content-encoding', encoding);
  response.end(body);
}

/** The header, and how the body is encoded for it (codings applied in the order listed). */
const encodings: [string, string | string[] | undefined, (body: Buffer) => Buffer][] = [
  ['gzip', 'gzip', gzipSync],
  ['x-gzip', 'x-gzip', gzipSync],
  ['deflate', 'deflate', deflateSync],
  ['br', 'br', brotliCompressSync],
  ['gzip, br stacked', 'gzip, br', (body) => brotliCompressSync(gzipSync(body))],
  ['two Content-Encoding headers', ['deflate', 'gzip'], (body) => gzipSync(deflateSync(body))],
  ['upper case with spaces', ' GZIP ', gzipSync],
  ['identity', 'identity', (body) => body],
  ['identity after gzip', 'gzip, identity', gzipSync],
  ['no header', undefined, (body) => body],
];

for (const parser of ['json', 'incremental'] as const) {
  for (const [name, header, encode] of encodings) {
    t.test(`${parser}: Content-Encoding ${name} is decoded`, async (t) => {
      const server = await rawServer(t, (request, response) => {
        const cursor = new URL(request.url ?? '/', 'http://x').searchParams.get('cursor');
        answer(response, header, encode(Buffer.from(JSON.stringify(page(cursor)))));
      });
      const items = await rawClient(t, server.url, {parser}).exportEvents().toArray();
      t.same(items, [...page(null).items, ...page('p2').items]);
      t.equal(server.requests(), 2, 'no retry');
    });
  }

  t.test(`${parser}: an unsupported encoding is a protocol error naming it, not retried`, async (t) => {
    const uncaught = recordUncaught(t);
    const server = await rawServer(t, (_request, response) =>
      answer(response, 'gzip, zstd', Buffer.from('(zstd bytes)')),
    );
    const error = await rawClient(t, server.url, {parser})
      .exportEvents()
      .toArray()
      .catch((reason: unknown) => reason);
    t.type(error, ProtocolError);
    t.match(error, {
      code: 'ERR_EXPORT_PROTOCOL',
      message: /the body has Content-Encoding "zstd", which this client cannot decode \(gzip, deflate, br\)/,
    });
    t.equal(server.requests(), 1);
    await settle();
    t.same(uncaught, [], 'no stray error event: it would crash the process');
  });

  for (const [name, header, body] of [
    ['a corrupt gzip body', 'gzip', Buffer.from('this is not gzip at all')],
    ['a gzip body cut short', 'gzip', gzipSync(Buffer.from(JSON.stringify(page(null)))).subarray(0, 30)],
    [
      'a corrupt deflate body inside a valid gzip layer',
      'deflate, gzip',
      gzipSync(Buffer.from('not deflate')),
    ],
  ] as const) {
    t.test(`${parser}: ${name} is a transient bad response, retried`, async (t) => {
      const server = await rawServer(t, (_request, response) => answer(response, header, body));
      const error = await rawClient(t, server.url, {parser})
        .exportEvents()
        .toArray()
        .catch((reason: unknown) => reason);
      t.type(error, RequestError);
      t.match(error, {
        code: 'ERR_EXPORT_BAD_RESPONSE',
        message: /failed: the body (was cut short|is incomplete|could not be decoded)/,
      });
      t.equal(server.requests(), 2, 'retried once');
    });
  }

  t.test(`${parser}: a compressed body whose connection breaks is a transient failure`, async (t) => {
    const full = gzipSync(
      Buffer.from(JSON.stringify({items: Array.from({length: 2000}, (_, id) => ({id}))})),
    );
    const server = await rawServer(t, (_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(full.length),
      });
      response.write(full.subarray(0, 200), () => response.socket?.destroy());
    });
    const error = await rawClient(t, server.url, {parser})
      .exportEvents()
      .toArray()
      .catch((reason: unknown) => reason);
    t.type(error, RequestError);
    t.match(error, {code: /^ERR_EXPORT_(NETWORK|BAD_RESPONSE)$/});
    t.equal(server.requests(), 2, 'retried once');
  });

  t.test(`${parser}: a corrupt br body is a transient bad response, like a corrupt gzip body`, async (t) => {
    const server = await rawServer(t, (_request, response) =>
      answer(response, 'br', Buffer.from('this is not brotli, not at all')),
    );
    const error = await rawClient(t, server.url, {parser})
      .exportEvents()
      .toArray()
      .catch((reason: unknown) => reason);
    // Brotli's errors carry codes such as ERR__ERROR_FORMAT_PADDING_2, which classify() cannot know.
    t.type(error, RequestError);
    t.match(error, {code: 'ERR_EXPORT_BAD_RESPONSE', message: /^exportEvents GET \/events/});
    t.equal(server.requests(), 2, 'retried once');
  });
}

t.test('the by-id methods decode compressed bodies too', async (t) => {
  const server = await rawServer(t, (_request, response) =>
    answer(response, 'br', brotliCompressSync(Buffer.from(JSON.stringify({id: 'u1'})))),
  );
  t.same(await rawClient(t, server.url).exportUserById('u1'), {id: 'u1'});
});

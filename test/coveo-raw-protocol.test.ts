import type {IncomingMessage, ServerResponse} from 'node:http';
import t from 'tap';
import {Agent} from 'undici';
import yazl from 'yazl';
import {CoveoApi, type CoveoConfigurationParameters, type CoveoRow} from '../lib/coveo/index.js';
import {collect} from './helpers/coveo.js';
import {rawServer, sendJson} from './helpers/raw-server.js';

type Teardown = Parameters<typeof rawServer>[0];
const token = 'raw-token-3f1b2c4d5e6f7a8b';
const id = '11111111-2222-4333-8444-555555555555';
const window = {from: '2026-11-01', to: '2026-11-02'};

/** A zip of `files` (name → text), built by yazl as a stream with data descriptors. */
async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(text), name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

type Routes = {
  zip?: Buffer;
  /** Answers `GET /v15/exports/{id}?redirect=true`; default: 303 to the storage route. */
  redirect?: (response: ServerResponse, storage: string) => void;
  downloadLink?: unknown;
  storage?: (request: IncomingMessage, response: ServerResponse, zip: Buffer) => void;
  create?: unknown;
  rowLimit?: unknown;
  estimate?: unknown;
  list?: unknown;
};

/** A Coveo look-alike on a raw server: every answer is what `routes` says, or a plain valid one. */
async function coveoRaw(
  t: Teardown,
  routes: Routes,
  configuration: Partial<CoveoConfigurationParameters> = {},
) {
  const zip = routes.zip ?? (await zipOf({'searches.csv': 'searchId,datetime\ns1,2026-11-01\n'}));
  const server = await rawServer(t, (request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const storage = `http://${request.headers.host}/storage/${id}.zip?X-Amz-Signature=abcdef0123456789abcdef`;
    if (url.pathname.startsWith('/storage/')) {
      if (routes.storage !== undefined) return routes.storage(request, response, zip);
      response.writeHead(200, {'content-type': 'application/zip', 'content-length': zip.length});
      return response.end(zip);
    }
    if (request.headers.authorization !== `Bearer ${token}`) return sendJson(response, 401, {message: 'no'});
    if (url.pathname === '/v15/exports/rowLimit')
      return sendJson(response, 200, routes.rowLimit ?? {exportRowCountLimit: 1e6});
    if (url.pathname === '/v15/exports/estimate')
      return sendJson(response, 200, routes.estimate ?? {estimates: {SEARCHES: 1}});
    if (url.pathname === '/v15/exports' && request.method === 'POST') {
      return sendJson(response, 201, routes.create ?? {id, status: 'PENDING'});
    }
    if (url.pathname === '/v15/exports') return sendJson(response, 200, routes.list ?? []);
    if (url.pathname === `/v15/exports/${id}/downloadlink`) {
      return sendJson(response, 200, routes.downloadLink ?? {id, downloadLink: storage});
    }
    if (url.searchParams.get('redirect') === 'true') {
      if (routes.redirect !== undefined) return routes.redirect(response, storage);
      response.writeHead(303, {location: storage});
      return response.end();
    }
    return sendJson(response, 200, {id, status: 'AVAILABLE'});
  });
  const dispatcher = new Agent();
  t.teardown(() => dispatcher.destroy());
  const api = new CoveoApi({
    accessToken: token,
    baseUrl: server.url,
    dispatcher,
    retry: {retries: 2, minDelay: 0, maxDelay: 0},
    ...configuration,
  });
  return {...server, api};
}

const rowsOf = (api: CoveoApi, options: Record<string, unknown> = {}) =>
  collect(api.exportRows({...window, pollInterval: 1, split: false, ...options}));

t.test('a 200 answer with a downloadLink to storage is followed', async (t) => {
  const {api, paths} = await coveoRaw(t, {
    redirect: (response, storage) => sendJson(response, 200, {id, downloadLink: storage}),
  });
  t.same(await rowsOf(api), [{table: 'searches', searchId: 's1', datetime: '2026-11-01'}]);
  t.notOk(paths.some((path) => path.includes('/downloadlink')));
});

t.test(
  'a 200 answer whose downloadLink is the API redirect itself falls back to /downloadlink',
  async (t) => {
    const {api, paths, url} = await coveoRaw(t, {
      redirect: (response) =>
        sendJson(response, 200, {id, downloadLink: `${url}/v15/exports/${id}?redirect=true`}),
    });
    t.equal((await rowsOf(api)).length, 1);
    t.ok(paths.some((path) => path.endsWith('/downloadlink')));
  },
);

t.test('answers that break the protocol are ProtocolErrors naming what was wrong', async (t) => {
  const cases: [string, Routes, RegExp][] = [
    ['no Location', {redirect: (response) => response.writeHead(302).end()}, /has no Location header/],
    [
      'a bad Location',
      {redirect: (response) => response.writeHead(307, {location: 'http://[x'}).end()},
      /Location that is not a URL/,
    ],
    [
      'no downloadLink at all',
      {redirect: (response) => sendJson(response, 200, {id}), downloadLink: {id}},
      /GET \/v15\/exports\/[-0-9a-f]+\/downloadlink broke the protocol: the export is available but the answer has no `downloadLink`/,
    ],
    ['a create answer without an id', {create: {status: 'PENDING'}}, /POST .* not an export object/],
    [
      'a bad rowLimit',
      {rowLimit: {exportRowCountLimit: '10'}},
      /rowLimit broke the protocol: the answer has no positive integer/,
    ],
    [
      'a bad estimate',
      {estimate: {estimates: {SEARCHES: 'many'}}},
      /estimate broke the protocol: the answer has no `estimates`/,
    ],
    ['an estimate without estimates', {estimate: {}}, /no `estimates` object of row counts/],
    ['a file that is not a zip', {zip: Buffer.from('PK? no')}, /the export's file is not a readable zip/],
  ];
  for (const [name, routes, message] of cases) {
    const {api} = await coveoRaw(t, routes);
    await t.rejects(
      rowsOf(api, {split: true}),
      {name: 'ProtocolError', code: 'ERR_EXPORT_PROTOCOL', message},
      name,
    );
  }
});

t.test('a zip that is corrupt inside, or names a file outside its folder, is a ProtocolError', async (t) => {
  const rows = Array.from({length: 2000}, (_, index) => `${(index * 7919).toString(36)}${index}`).join('\n');
  const good = await zipOf({'searches.csv': `a\n${rows}\n`});
  const corrupt = Buffer.from(good);
  // The deflated data sits between the local header (30 bytes + name) and the central directory.
  corrupt.fill(0x55, 60, 70);
  const {api} = await coveoRaw(t, {zip: corrupt});
  await t.rejects(rowsOf(api), {
    code: 'ERR_EXPORT_PROTOCOL',
    message: /searches.csv could not be read from the export's zip \(/,
  });
  const outside = await zipOf({'aa/b.csv': 'a\n1\n'});
  const {api: escaping} = await coveoRaw(t, {
    zip: Buffer.from(outside.toString('latin1').replaceAll('aa/b.csv', '../b.csv'), 'latin1'),
  });
  await t.rejects(rowsOf(escaping), {
    message: /the export's file is not a readable zip \(invalid relative path/,
  });
});

t.test('the promise methods retry a 503 like the stream does', async (t) => {
  const server = await rawServer(t, (_request, response, index) =>
    index === 0
      ? sendJson(response, 503, {message: 'busy'})
      : sendJson(response, 200, {exportRowCountLimit: 7}),
  );
  const api = new CoveoApi({accessToken: token, baseUrl: server.url, retry: {minDelay: 0, maxDelay: 0}});
  t.equal(await api.rowLimit(), 7);
  t.equal(server.requests(), 2);
});

t.test('rows in one millisecond beyond the limit cannot be split: ERR_EXPORT_TOO_LARGE', async (t) => {
  const {api} = await coveoRaw(t, {rowLimit: {exportRowCountLimit: 1}, estimate: {estimates: {SEARCHES: 5}}});
  await t.rejects(rowsOf(api, {from: 0, to: 4, split: true}), {
    code: 'ERR_EXPORT_TOO_LARGE',
    message: /5 rows in the millisecond from 1970-01-01T00:00:00.000Z exceed the row limit per export \(1\)/,
  });
});

t.test('malformed CSV is a ProtocolError naming the file and the row', async (t) => {
  for (const [text, message] of [
    ['a,b\n1,2\n3\n', /searches.csv is not valid CSV: data row 2 has 1 fields where the header row has 2/],
    ['a,b\n1,"2\n', /searches.csv is not valid CSV: a quoted field is not closed before the end of the file/],
  ] as const) {
    const {api} = await coveoRaw(t, {zip: await zipOf({'searches.csv': text})});
    await t.rejects(rowsOf(api), {code: 'ERR_EXPORT_PROTOCOL', message});
  }
});

t.test('zips without CSV files, with folders, or with no file at all', async (t) => {
  const {api: empty} = await coveoRaw(t, {zip: await zipOf({})});
  t.same(await rowsOf(empty), []);
  const {api: other} = await coveoRaw(t, {
    zip: await zipOf({'out/': '', 'out/Custom_Events.TXT': '\uFEFFx\r\n"1"\r\n'}),
  });
  t.same(await rowsOf(other), [{table: 'custom_events', x: '1'}]);
  const {api: headerOnly} = await coveoRaw(t, {
    zip: await zipOf({'a.csv': 'x,y\r\n', 'b.csv': '', 'c.csv': 'z\n9'}),
  });
  t.same(await rowsOf(headerOnly), [{table: 'c', z: '9'}]);
});

t.test('odd column names stay plain data', async (t) => {
  const {api} = await coveoRaw(t, {
    zip: await zipOf({'searches.csv': '__proto__,table,x\np,t,"a ""b"" c"\n'}),
  });
  const [row] = await rowsOf(api);
  t.equal(Object.getPrototypeOf(row), Object.prototype);
  t.same(Object.entries(row as CoveoRow), [
    ['table', 't'],
    ['__proto__', 'p'],
    ['x', 'a "b" c'],
  ]);
});

t.test('a cursor that does not fit the zip is a ProtocolError', async (t) => {
  const zip = await zipOf({'searches.csv': 'a\n1\n2\n3\n', 'clicks.csv': 'b\n4\n5\n'});
  const {api} = await coveoRaw(t, {zip});
  const stream = api.exportRows({...window, pollInterval: 1, split: false, pageSize: 2, limit: 4});
  t.equal((await collect(stream)).length, 4);
  const cursor = stream.cursor as string;
  const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  t.same([decoded.n, decoded.r], ['clicks.csv', 1]);
  const encode = (patch: object) => Buffer.from(JSON.stringify({...decoded, ...patch})).toString('base64url');
  t.same(
    (await rowsOf(api, {cursor})).map((row) => row.b),
    ['5'],
  );
  await t.rejects(rowsOf(api, {cursor: encode({n: 'keywords.csv'})}), {
    message: /has no file "keywords.csv" at position 1: it is not the export the cursor was made from/,
  });
  await t.rejects(rowsOf(api, {cursor: encode({r: 7})}), {
    message: /clicks.csv has 2 rows, fewer than the 7 the cursor says/,
  });
  const {api: malformed} = await coveoRaw(t, {
    zip: await zipOf({'searches.csv': 'a\n1\n2\n', 'clicks.csv': 'b\n"4\n'}),
  });
  await t.rejects(rowsOf(malformed, {cursor}), {
    message: /clicks.csv is not valid CSV: a quoted field is not closed/,
  });
});

t.test('a resumed transfer: storage that ignores the range, or answers another one', async (t) => {
  const zip = await zipOf({'searches.csv': `a\n${'x\n'.repeat(5000)}`});
  for (const mode of ['honours', 'ignores', 'wrong'] as const) {
    let calls = 0;
    const {api} = await coveoRaw(t, {
      zip,
      storage: (request, response, body) => {
        calls++;
        if (calls === 1) {
          response.writeHead(200, {'content-length': body.length, etag: '"v1"'});
          // Cut 200 ms later: time for the client to have the 100 bytes on disk, even on a busy machine.
          response.write(body.subarray(0, 100));
          setTimeout(() => response.destroy(), 200);
          return;
        }
        t.equal(request.headers.range, 'bytes=100-');
        t.equal(request.headers['if-range'], '"v1"');
        t.equal(request.headers.authorization, undefined);
        if (mode === 'honours') {
          response.writeHead(206, {'content-range': `bytes 100-${body.length - 1}/${body.length}`});
          response.end(body.subarray(100));
        } else if (mode === 'ignores') {
          response.writeHead(200, {'content-length': body.length});
          response.end(body);
        } else {
          response.writeHead(206, {'content-range': `bytes 0-${body.length - 1}/${body.length}`});
          response.end(body);
        }
      },
    });
    if (mode !== 'wrong') t.equal((await rowsOf(api)).length, 5000);
    else
      await t.rejects(rowsOf(api), {
        message: /storage answered a range other than the one asked for \(from byte 100\)/,
      });
  }
});

t.test('a token the server echoes is redacted, and the promise methods check their answers', async (t) => {
  const {api} = await coveoRaw(t, {list: {token}, estimate: {}});
  await t.rejects(api.listExports(), {
    message: /listExports GET \/v15\/exports broke the protocol: the answer is not an array/,
  });
  await t.rejects(api.estimate(window), {
    message: /estimate GET \/v15\/exports\/estimate\?from=.* the answer has no `estimates` object/,
  });
  const server = await rawServer(t, (_request, response) =>
    sendJson(response, 403, {message: `token ${token} lacks a privilege`, type: 'ACCESS_DENIED'}),
  );
  const denied = new CoveoApi({accessToken: token, baseUrl: server.url});
  const error = (await denied.rowLimit().catch((failure: unknown) => failure)) as Error;
  t.equal(
    error.message,
    'rowLimit GET /v15/exports/rowLimit failed with HTTP 403: token [REDACTED] lacks a privilege [ACCESS_DENIED]',
  );
  await t.rejects(denied.deleteExport(id), {code: 'ERR_EXPORT_FORBIDDEN'});
  await t.rejects(denied.createExport({...window, tables: ['SEARCHES']}), {
    message: /^createExport POST \/v15\/exports\?from=2026-11-01T00%3A00%3A00.000Z/,
  });
});

import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import t from 'tap';
import {Agent} from 'undici';
import {classify} from '../lib/core/http.js';
import {Configuration} from '../lib/croct/configuration.js';
import {ExportApi} from '../lib/croct/export-api.js';

const apiKey = '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10';
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A raw server for answers the simulator never gives; a client for it with no retry wait. */
async function rawServer(
  t: {teardown: (fn: () => unknown) => void},
  handler: Handler,
  configuration: Record<string, unknown> = {},
) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dispatcher = new Agent();
  t.teardown(async () => {
    await dispatcher.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const {port} = server.address() as AddressInfo;
  return new ExportApi(
    new Configuration({
      apiKey,
      baseUrl: `http://127.0.0.1:${port}`,
      dispatcher,
      retry: {retries: 1, minDelay: 0, maxDelay: 0},
      ...configuration,
    }),
  );
}

const json =
  (status: number, body: unknown, type = 'application/json'): Handler =>
  (_request, response) => {
    response.writeHead(status, {'content-type': type});
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

t.test('a body that is JSON but not an envelope is a protocol error, not retried', async (t) => {
  let requests = 0;
  const api = await rawServer(t, (request, response) => {
    requests++;
    json(200, [1, 2])(request, response);
  });
  await t.rejects(api.exportEvents().toArray(), {
    name: 'ProtocolError',
    code: 'ERR_EXPORT_PROTOCOL',
    message: /not an object with an `items` array/,
  });
  t.equal(requests, 1);
});

t.test('a nextCursor that is not a string is a protocol error', async (t) => {
  const api = await rawServer(t, json(200, {items: [{}], nextCursor: 42}));
  await t.rejects(api.exportUsers().toArray(), {message: /`nextCursor` is a number, expected a string/});
});

t.test('the incremental parser reports a body of the wrong shape as a protocol error too', async (t) => {
  let requests = 0;
  const api = await rawServer(t, (request, response) => {
    requests++;
    json(200, {items: [{}], nextCursor: 42})(request, response);
  });
  await t.rejects(api.exportEvents({parser: 'incremental'}).toArray(), {
    name: 'ProtocolError',
    message: /not a page envelope: invalid-next-cursor/,
  });
  t.equal(requests, 1, 'not retried');
});

t.test('an unparsable 2xx body is retried, then reported as a bad response', async (t) => {
  let requests = 0;
  const api = await rawServer(t, (request, response) => {
    requests++;
    json(200, '{"items": [')(request, response);
  });
  await t.rejects(api.exportSessions().toArray(), {
    name: 'RequestError',
    code: 'ERR_EXPORT_BAD_RESPONSE',
    message: /^exportSessions GET \/session\?pageSize=100 failed: the body is not valid JSON/,
  });
  t.equal(requests, 2, 'one retry');
});

t.test('a body shorter than its content-length is a bad response', async (t) => {
  const api = await rawServer(t, (_request, response) => {
    response.writeHead(200, {'content-type': 'application/json', 'content-length': '500'});
    response.end('{"items": []}');
  });
  await t.rejects(api.exportSessions().toArray(), {code: /^ERR_EXPORT_(BAD_RESPONSE|NETWORK)$/});
});

t.test('a non-JSON error body becomes the problem detail, cut to 500 characters', async (t) => {
  const api = await rawServer(t, json(502, `<html>${'x'.repeat(1000)}</html>`, 'text/html'));
  const error = await t.rejects(api.exportEvents().toArray(), {status: 502, code: 'ERR_EXPORT_SERVER'});
  t.equal((error as unknown as {problem: {detail: string}}).problem.detail.length, 500);
});

t.test('an error body that is JSON but not an object, or empty, gives no problem', async (t) => {
  const api = await rawServer(t, json(403, '"forbidden"'));
  await t.rejects(api.exportEvents().toArray(), {
    status: 403,
    code: 'ERR_EXPORT_FORBIDDEN',
    problem: undefined,
  });
  const empty = await rawServer(t, json(418, ''));
  await t.rejects(empty.exportEvents().toArray(), {status: 418, code: 'ERR_EXPORT_HTTP', problem: undefined});
});

t.test('a huge error body is not read to the end', async (t) => {
  const api = await rawServer(t, (_request, response) => {
    response.writeHead(500, {'content-type': 'text/plain'});
    response.write('y'.repeat(100 * 1024));
    // Never ends: the client must stop reading by itself.
  });
  await t.rejects(api.exportEvents().toArray(), {name: 'HttpError', status: 500});
});

t.test('an error body cut by a reset still reports the status', async (t) => {
  const api = await rawServer(t, (_request, response) => {
    response.writeHead(503, {'content-type': 'application/json', 'content-length': '1000'});
    response.write('{"title": "Servi');
    setImmediate(() => response.socket?.destroy());
  });
  await t.rejects(api.exportEvents().toArray(), {
    name: 'HttpError',
    status: 503,
    problem: {detail: '{"title": "Servi'},
  });
});

t.test('a server slower than headersTimeout times out, and is retried', async (t) => {
  let requests = 0;
  const api = await rawServer(
    t,
    () => {
      requests++;
    },
    {headersTimeout: 20},
  );
  await t.rejects(api.exportEvents().toArray(), {
    name: 'RequestError',
    code: 'ERR_EXPORT_TIMEOUT',
    message: /timed out/,
  });
  t.equal(requests, 2);
});

t.test('a body that stalls longer than bodyTimeout times out', async (t) => {
  const api = await rawServer(
    t,
    (_request, response) => {
      response.writeHead(200, {'content-type': 'application/json'});
      response.write('{"items": [');
    },
    {bodyTimeout: 20, parser: 'incremental'},
  );
  await t.rejects(api.exportEvents().toArray(), {code: 'ERR_EXPORT_TIMEOUT'});
});

t.test('a refused connection is a network error', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const api = new ExportApi(
    new Configuration({apiKey, baseUrl: `http://127.0.0.1:${port}`, retry: {retries: 0}}),
  );
  await t.rejects(api.exportEvents().toArray(), {code: 'ERR_EXPORT_NETWORK', message: /ECONNREFUSED/});
});

t.test('classify leaves errors that are not transport failures alone', async (t) => {
  const signal = new AbortController().signal;
  const context = {method: 'm', path: '/p'};
  const bug = new TypeError('bug');
  t.equal(classify(bug, signal, context), bug);
  const odd = Object.assign(new Error('odd'), {code: 'SOMETHING_else'});
  t.equal(classify(odd, signal, context), odd);
  t.equal(classify('text', signal, context), 'text');
  const short = Object.assign(new Error('short'), {code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'});
  t.match(classify(short, signal, context), {code: 'ERR_EXPORT_BAD_RESPONSE', cause: short});
});

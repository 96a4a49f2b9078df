import t from 'tap';
import {Agent} from 'undici';
import {type HttpSettings, send} from '../lib/core/http.js';
import {readText} from '../lib/core/http-body.js';
import {rawServer} from './helpers/raw-server.js';

const context = {method: 'createJob', path: '/jobs', httpMethod: 'POST'};
const never = () => new AbortController().signal;

async function settingsFor(
  t: Parameters<typeof rawServer>[0],
  extra: Partial<HttpSettings> = {},
): Promise<HttpSettings> {
  const dispatcher = new Agent();
  t.teardown(() => dispatcher.destroy());
  return {
    dispatcher,
    headers: {'x-api-key': 'secret-key-value', accept: 'application/json'},
    headersTimeout: 5000,
    bodyTimeout: 5000,
    requestTimeout: 5000,
    secrets: ['secret-key-value'],
    ...extra,
  };
}

t.test('send makes any method with a body and extra headers, with the client’s credentials', async (t) => {
  const seen: {method: string | undefined; body: string; headers: Record<string, unknown>}[] = [];
  const server = await rawServer(t, (request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({method: request.method, body, headers: request.headers});
      response.writeHead(201, {'content-type': 'application/json'});
      response.end('{"id":"job1"}');
    });
  });
  const settings = await settingsFor(t);
  const response = await send(
    {
      url: new URL(`${server.url}/jobs`),
      method: 'POST',
      body: '{"q":1}',
      headers: {'content-type': 'application/json', accept: 'text/csv'},
    },
    settings,
    never(),
    context,
  );
  t.equal(response.statusCode, 201);
  t.equal(await readText(response, settings, never(), context), '{"id":"job1"}');
  t.equal(seen[0]?.method, 'POST');
  t.equal(seen[0]?.body, '{"q":1}');
  t.match(seen[0]?.headers, {
    'x-api-key': 'secret-key-value',
    'content-type': 'application/json',
    accept: 'text/csv',
  });
});

t.test(
  'credentials: false sends none of the client’s headers (a pre-signed link on another host)',
  async (t) => {
    const headers: Record<string, unknown>[] = [];
    const server = await rawServer(t, (request, response) => {
      headers.push(request.headers);
      response.end('rows');
    });
    const settings = await settingsFor(t);
    const response = await send(
      {url: new URL(`${server.url}/file?sig=1`), credentials: false, headers: {range: 'bytes=0-'}},
      settings,
      never(),
      context,
    );
    t.equal(await readText(response, settings, never(), context), 'rows');
    t.equal(headers[0]?.['x-api-key'], undefined, 'no credentials');
    t.equal(headers[0]?.accept, undefined);
    t.equal(headers[0]?.range, 'bytes=0-');
  },
);

t.test(
  'a redirect is an HttpError unless asked for manually; then it is returned, body dumped',
  async (t) => {
    const server = await rawServer(t, (_request, response) => {
      response.writeHead(302, {location: 'https://files.example/export.csv'});
      response.end('moved '.repeat(1000));
    });
    const settings = await settingsFor(t);
    await t.rejects(send({url: new URL(server.url)}, settings, never(), context), {
      name: 'HttpError',
      status: 302,
      code: 'ERR_EXPORT_HTTP',
      message: /^createJob POST \/jobs failed with HTTP 302/,
    });
    const response = await send({url: new URL(server.url), redirect: 'manual'}, settings, never(), context);
    t.equal(response.statusCode, 302);
    t.equal(response.headers.location, 'https://files.example/export.csv');
    t.equal(response.body.destroyed || response.body.readableEnded, true, 'nothing left to read');
    t.equal(server.requests(), 2, 'never followed by itself');
  },
);

t.test('a provider’s describe reads the error body, after redaction', async (t) => {
  const server = await rawServer(t, (_request, response) => {
    response.writeHead(401, {'content-type': 'application/json'});
    response.end('{"error":"Unauthorized","message":"client secret-key-value is wrong"}');
  });
  const settings = await settingsFor(t, {describe: (problem) => `${problem.error} / ${problem.message}`});
  await t.rejects(send({url: new URL(server.url)}, settings, never(), context), {
    code: 'ERR_EXPORT_UNAUTHORIZED',
    message: 'createJob POST /jobs failed with HTTP 401: Unauthorized / client [REDACTED] is wrong',
  });
});

t.test('without a dispatcher, send uses undici’s global one', async (t) => {
  const server = await rawServer(t, (_request, response) => response.end('ok'));
  const settings = {...(await settingsFor(t)), dispatcher: undefined};
  const response = await send({url: new URL(server.url)}, settings, never(), context);
  t.equal(await readText(response, settings, never(), context), 'ok');
});

import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {Agent} from 'undici';
import {Configuration, type ConfigurationParameters} from '../../lib/croct/configuration.js';
import {ExportApi} from '../../lib/croct/export-api.js';

type Teardown = {teardown: (fn: () => unknown) => void};

/** Answers one request of a {@link rawServer}; `index` counts the server's requests from 0. */
export type RawHandler = (request: IncomingMessage, response: ServerResponse, index: number) => void;

/** The API key every raw client sends: a UUID, as {@link Configuration} requires. */
export const rawApiKey = '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10';

/**
 * A plain HTTP server on 127.0.0.1, port 0, for answers the simulator never gives (hostile bodies,
 * encodings, drips). It counts the requests it saw and closes every connection in the test's teardown.
 */
export async function rawServer(
  t: Teardown,
  handler: RawHandler,
): Promise<{server: Server; url: string; requests: () => number; paths: string[]}> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    handler(request, response, paths.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const {port} = server.address() as AddressInfo;
  return {server, url: `http://127.0.0.1:${port}`, requests: () => paths.length, paths};
}

/**
 * A Croct client for `url` over its own connection pool (destroyed in teardown), with one retry and
 * no retry wait unless `configuration` says otherwise.
 */
export function rawClient(
  t: Teardown,
  url: string,
  configuration: Partial<ConfigurationParameters> = {},
): ExportApi {
  const dispatcher = new Agent();
  t.teardown(() => dispatcher.destroy());
  return new ExportApi(
    new Configuration({
      apiKey: rawApiKey,
      baseUrl: url,
      dispatcher,
      retry: {retries: 1, minDelay: 0, maxDelay: 0},
      ...configuration,
    }),
  );
}

/** A JSON answer with `status`. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {'content-type': 'application/json'});
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

import type {IncomingMessage, Server, ServerResponse} from 'node:http';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';

/** Answers one request; the provider's protocol. */
type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A listening HTTP server. */
type Listener = {
  /** The base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Stops listening, destroys open connections, then waits for `drained`; idempotent. */
  close(): Promise<void>;
};

/**
 * Starts an HTTP server for `handler` on `host`:`port` (0 picks a free port). `drained` is awaited
 * by `close()` after the server closed, e.g. until the stats saw every response end.
 */
function listen(
  handler: RequestHandler,
  address: {host: string; port: number},
  drained: () => Promise<void>,
): Promise<Listener> {
  const server: Server = createServer(handler);
  let closing: Promise<void> | undefined;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      const {address: ip, port, family} = server.address() as AddressInfo;
      const host = family === 'IPv6' ? `[${ip}]` : ip;

      resolve({
        url: `http://${host}:${port}`,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }).then(drained);

          return closing;
        },
      });
    });
  });
}

export type {Listener, RequestHandler};
export {listen};

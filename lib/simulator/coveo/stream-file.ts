import type {ReadStream} from 'node:fs';
import {createReadStream} from 'node:fs';
import type {OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {responseTimers, TICK_MS} from '../core/deliver.js';

/** How a file's bytes reach the client. */
type FileDelivery = {
  path: string;
  /** The first byte to send. */
  start: number;
  /** The last byte to send (inclusive). */
  end: number;
  /** Wait this long before the headers, in ms. */
  latency: number;
  /** Pace the body at this rate (`Infinity`: as fast as the client reads). */
  bytesPerSecond: number;
  /** Send only half the bytes: `'reset'` then destroys the socket, `'truncate'` ends a chunked body. */
  cut?: 'reset' | 'truncate' | undefined;
  /** Headers only (HEAD). */
  head: boolean;
  /** Told how many body bytes were written. */
  onBytes: (count: number) => void;
};

/**
 * Streams part of a file as a response body from disk, honouring the client's backpressure, the
 * latency, pacing and a cut (the file-backed twin of the core's `deliver`). Every timer and the
 * file stream end when the response closes.
 */
function streamFile(
  response: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  delivery: FileDelivery,
): void {
  let source: ReadStream | undefined;
  const {later, afterLatency} = responseTimers(response, () => source?.destroy());
  const length = delivery.end - delivery.start + 1;
  // Half, rounded up, so even a one-byte range sends something before the cut.
  const limit = delivery.cut === undefined ? length : Math.ceil(length / 2);
  const paced = Number.isFinite(delivery.bytesPerSecond);
  const begin = (): void => {
    const {'content-length': _, ...chunked} = headers;
    response.writeHead(status, delivery.cut === 'truncate' ? chunked : headers);
    if (delivery.head) {
      response.end();
      return;
    }
    const file = createReadStream(delivery.path, {
      start: delivery.start,
      end: delivery.start + limit - 1,
      highWaterMark: paced ? Math.max(1, Math.floor((delivery.bytesPerSecond * TICK_MS) / 1000)) : 65_536,
    });
    source = file;
    const resume = (): void => {
      file.resume();
    };
    const next = paced ? () => later(TICK_MS, resume) : resume;
    let sent = 0;
    file.on('data', (chunk) => {
      sent += chunk.length;
      delivery.onBytes(chunk.length);
      if (sent >= limit) {
        if (delivery.cut === 'reset') {
          // Destroy once the bytes are handed to the socket: the client sees part of the body.
          response.write(chunk, () => response.destroy());
        } else {
          response.end(chunk);
        }
        return;
      }
      file.pause();
      if (response.write(chunk)) {
        next();
      } else {
        response.once('drain', next);
      }
    });
    file.once('error', () => response.destroy());
  };
  afterLatency(delivery.latency, begin);
}

export type {FileDelivery};
export {streamFile};

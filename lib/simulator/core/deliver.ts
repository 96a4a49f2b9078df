import type {OutgoingHttpHeaders, ServerResponse} from 'node:http';

/** How a body reaches the client. */
type Delivery = {
  /** Wait this long before the headers, in milliseconds. */
  latency: number;
  /** Pace the body at this rate (`Infinity`: write it at once). */
  bytesPerSecond: number;
  /**
   * Cut the body in half: `'reset'` destroys the socket after the half (the headers announce the full
   * length), `'truncate'` ends a chunked response cleanly after the half.
   */
  cut?: 'reset' | 'truncate';
  /** Told how many body bytes were written. */
  onBytes: (count: number) => void;
};

const TICK_MS = 20;

/**
 * Writes a response, honouring latency, pacing and cuts. Every timer is cleared when the response
 * closes early, so nothing keeps the process alive after `close()`.
 */
function deliver(
  response: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  delivery: Delivery,
): void {
  const timers = new Set<NodeJS.Timeout>();
  const limit = delivery.cut === undefined ? body.length : Math.floor(body.length / 2);
  const chunkSize = Number.isFinite(delivery.bytesPerSecond)
    ? Math.max(1, Math.floor((delivery.bytesPerSecond * TICK_MS) / 1000))
    : body.length;
  const later = (delay: number, task: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, delay);

    timers.add(timer);
  };
  let offset = 0;

  response.once('close', () => {
    for (const timer of timers) {
      clearTimeout(timer);
    }
  });

  // Pacing uses timers rather than write callbacks: the 'close' handler above clears them, and nothing
  // schedules a new one after that, so a closed connection never leaves a timer behind.
  const writeNext = (): void => {
    const chunk = body.subarray(offset, Math.min(limit, offset + chunkSize));

    offset += chunk.length;
    delivery.onBytes(chunk.length);

    if (offset < limit) {
      response.write(chunk);
      later(TICK_MS, writeNext);

      return;
    }

    if (delivery.cut === 'reset') {
      // Destroy once the bytes are handed to the socket, so the client sees headers and part of the body.
      response.write(chunk, () => response.destroy());

      return;
    }

    response.end(chunk);
  };

  const start = (): void => {
    const length = delivery.cut === 'truncate' ? {} : {'content-length': body.length};

    response.writeHead(status, {...headers, ...length});
    writeNext();
  };

  if (delivery.latency > 0) {
    later(delivery.latency, start);
  } else {
    start();
  }
}

export type {Delivery};
export {deliver};

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

/** Timers of one response: all cleared when it closes, so nothing keeps the process alive after `close()`. */
type ResponseTimers = {
  /** Runs `task` after `delay` ms, unless the response has closed. */
  later(delay: number, task: () => void): void;
  /** Runs `task` after the latency: at once when there is none. */
  afterLatency(latency: number, task: () => void): void;
};

/** The timers of `response`; `onClose` runs too when it closes (e.g. to end a file stream). */
function responseTimers(response: ServerResponse, onClose?: () => void): ResponseTimers {
  const timers = new Set<NodeJS.Timeout>();
  const later = (delay: number, task: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, delay);
    timers.add(timer);
  };
  response.once('close', () => {
    for (const timer of timers) {
      clearTimeout(timer);
    }
    onClose?.();
  });
  return {
    later,
    afterLatency: (latency, task) => (latency > 0 ? later(latency, task) : task()),
  };
}

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
  const limit = delivery.cut === undefined ? body.length : Math.floor(body.length / 2);
  const chunkSize = Number.isFinite(delivery.bytesPerSecond)
    ? Math.max(1, Math.floor((delivery.bytesPerSecond * TICK_MS) / 1000))
    : body.length;
  const {later, afterLatency} = responseTimers(response);
  let offset = 0;

  // Pacing uses timers rather than write callbacks: closing the response clears them (see
  // responseTimers), and nothing schedules a new one after that, so no timer outlives a connection.
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

  afterLatency(delivery.latency, start);
}

export type {Delivery, ResponseTimers};
export {deliver, responseTimers, TICK_MS};

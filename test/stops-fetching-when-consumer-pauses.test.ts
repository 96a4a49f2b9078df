import {Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import t from 'tap';
import {settle} from './helpers/fake-source.js';
import {setup} from './helpers/simulator.js';
import {waitFor} from './helpers/wait-for.js';

for (const prefetch of [0, 1, 2]) {
  t.test(`a paused consumer stops the requests (prefetch ${prefetch})`, async (t) => {
    const {simulator, api} = await setup(t, {events: 100_000});
    const stream = api.exportEvents({pageSize: 100, prefetch, highWaterMark: 16});
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await waitFor(() => simulator.stats.requests >= 1 + prefetch && simulator.stats.inFlight === 0);
    await settle(30);
    const paused = simulator.stats.requests;
    t.equal(paused, 1 + prefetch, 'the page being read plus the prefetched pages');
    await new Promise((resolve) => setTimeout(resolve, 30));
    t.equal(simulator.stats.requests, paused, 'no request while the consumer is paused');
    await iterator.return?.();
  });
}

t.test('a slow writable in pipeline() is never more than prefetch + 1 pages behind', async (t) => {
  const {simulator, api} = await setup(t, {events: 3000});
  const pageSize = 100;
  let written = 0;
  let worst = 0;
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 8,
    write(_event, _encoding, callback) {
      written++;
      const requested = simulator.stats.byPath['/events'] ?? 0;
      worst = Math.max(worst, requested * pageSize - written);
      setImmediate(callback);
    },
  });
  await pipeline(api.exportEvents({pageSize, prefetch: 1, highWaterMark: 16}), sink);
  t.equal(written, 3000);
  // Requested items ahead of the writer: the page in progress, one prefetched, plus the buffers.
  t.ok(worst <= 2 * pageSize + 16 + 8, `at most ${worst} items requested ahead of the writer`);
  t.equal(simulator.stats.peakConcurrent, 1, 'pages are requested one at a time');
});

t.test('a large export holds a bounded number of items, whatever its size', async (t) => {
  const {api} = await setup(t, {events: 20_000});
  const stream = api.exportEvents({pageSize: 500, prefetch: 1, highWaterMark: 16});
  let count = 0;
  let maxBuffered = 0;
  for await (const _event of stream) {
    count++;
    maxBuffered = Math.max(maxBuffered, stream.readableLength);
  }
  t.equal(count, 20_000);
  t.ok(maxBuffered <= 16, `the stream buffered at most ${maxBuffered} items`);
});

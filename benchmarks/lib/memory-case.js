// One memory case in a fresh process (started by ../memory.js with --expose-gc): exports every event
// of the simulator at `url` with a slow consumer or a fast pipeline into a file, sampling memory, and
// sends the peaks to the parent over IPC.
import {createWriteStream} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Transform} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {Agent} from 'undici';
import {Configuration, ExportApi} from '../../dist/index.js';
import {busyWork} from './measure.js';

const options = JSON.parse(process.argv[2]);
const {url, apiKey, mode, pageSize, prefetch, highWaterMark, work} = options;

globalThis.gc();
const start = process.memoryUsage();
const peak = {rss: start.rss, heapUsed: start.heapUsed, readableLength: 0, held: 0};
let requested = 0;
let consumed = 0;
let stream;

function sample() {
  const usage = process.memoryUsage();
  peak.rss = Math.max(peak.rss, usage.rss);
  peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
}

// Every item the client can hold was requested in some page: pages requested × page size − items
// consumed bounds what sits in the stream's buffer, its page queue and the responses in flight.
function observe() {
  consumed++;
  peak.readableLength = Math.max(peak.readableLength, stream.readableLength);
  peak.held = Math.max(peak.held, requested * pageSize - consumed);
  if ((consumed & 255) === 0) {
    sample();
  }
}

const counting = new Agent().compose((dispatch) => (dispatchOptions, handler) => {
  requested++;
  return dispatch(dispatchOptions, handler);
});
const api = new ExportApi(new Configuration({apiKey, baseUrl: url, dispatcher: counting}));
// A CPU-bound consumer starves timers, hence the samples taken in observe() as well.
const timer = setInterval(sample, 5);
const began = performance.now();
stream = api.exportEvents({pageSize, prefetch, highWaterMark});

if (mode === 'slow') {
  for await (const _item of stream) {
    busyWork(work);
    observe();
  }
} else {
  const file = join(tmpdir(), `export-stream-bench-${process.pid}.ndjson`);
  // Counted as items leave the stream (its 'data' events), not as the Transform takes them: the
  // Transform's own writable buffer is the pipeline's memory, not the client's.
  stream.on('data', observe);
  const ndjson = new Transform({
    writableObjectMode: true,
    transform(item, _encoding, callback) {
      callback(null, `${JSON.stringify(item)}\n`);
    },
  });
  try {
    await pipeline(stream, ndjson, createWriteStream(file));
  } finally {
    await rm(file, {force: true});
  }
}

const ms = performance.now() - began;
clearInterval(timer);
sample();
globalThis.gc();
const retained = process.memoryUsage().heapUsed;
await counting.close();
process.send({
  items: consumed,
  ms,
  requested,
  startRss: start.rss,
  startHeap: start.heapUsed,
  peakRss: process.resourceUsage().maxRSS * 1024,
  sampledRss: peak.rss,
  peakHeap: peak.heapUsed,
  retainedHeap: retained,
  maxReadableLength: peak.readableLength,
  maxHeld: peak.held,
});

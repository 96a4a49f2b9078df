// A server for question 6 in its own process: it serves `pages` copies of one real 1000-event Croct
// page (taken from the simulator), raw or compressed as the request's Accept-Encoding allows, paced
// at a given bandwidth. Bodies are compressed once at start (as a CDN or a cache would), so the
// figures compare what the client pays: bytes on the wire and decoding, not the server's compressor.
//   parent -> {type: 'start', bytesPerSecond, pages}   child -> {type: 'ready', url, apiKey, sizes}
//   parent -> {type: 'close'}
import {createServer} from 'node:http';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';
import {createSimulator} from '../../dist/simulator/index.js';

let server;

async function samplePage() {
  const simulator = await createSimulator({host: '127.0.0.1', port: 0, events: 1000, seed: 11});
  try {
    const response = await fetch(`${simulator.url}/events?pageSize=1000`, {
      headers: {'x-api-key': simulator.apiKey},
    });
    const {items} = await response.json();
    return items;
  } finally {
    await simulator.close();
  }
}

function pace(response, body, bytesPerSecond) {
  if (!Number.isFinite(bytesPerSecond)) {
    response.end(body);
    return;
  }
  const tick = 10;
  const chunk = Math.max(1, Math.floor((bytesPerSecond * tick) / 1000));
  let offset = 0;
  const timer = setInterval(() => {
    const end = Math.min(body.length, offset + chunk);
    if (end >= body.length) {
      clearInterval(timer);
      response.end(body.subarray(offset));
      return;
    }
    response.write(body.subarray(offset, end));
    offset = end;
  }, tick);
  response.on('close', () => clearInterval(timer));
}

process.on('message', async (message) => {
  if (message.type === 'close') {
    server?.closeAllConnections();
    server?.close(() => process.exit(0));
    return;
  }
  const items = await samplePage();
  const bodies = new Map();
  for (let page = 1; page <= message.pages; page++) {
    const nextCursor = page < message.pages ? `p${page + 1}` : null;
    const raw = Buffer.from(JSON.stringify({items, nextCursor}));
    bodies.set(page === 1 ? 'p1' : `p${page}`, {
      identity: raw,
      gzip: gzipSync(raw),
      br: brotliCompressSync(raw, {params: {[constants.BROTLI_PARAM_QUALITY]: 5}}),
    });
  }
  const first = bodies.get('p1');
  server = createServer((request, response) => {
    const cursor = new URL(request.url, 'http://x').searchParams.get('cursor') ?? 'p1';
    const body = bodies.get(cursor);
    const accepted = String(request.headers['accept-encoding'] ?? '');
    const coding = accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : 'identity';
    const bytes = body[coding];
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': bytes.length,
      ...(coding === 'identity' ? {} : {'content-encoding': coding}),
    });
    pace(response, bytes, message.bytesPerSecond ?? Number.POSITIVE_INFINITY);
  });
  server.listen(0, '127.0.0.1', () => {
    process.send({
      type: 'ready',
      url: `http://127.0.0.1:${server.address().port}`,
      apiKey: '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10',
      sizes: {identity: first.identity.length, gzip: first.gzip.length, br: first.br.length},
    });
  });
});
process.on('disconnect', () => process.exit(0));

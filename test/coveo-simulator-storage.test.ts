import t, {type Test} from 'tap';
import {request} from 'undici';
import type {CoveoSimulator, CoveoSimulatorOptions} from '../lib/simulator/index.js';
import {shiftClock, startCoveoSimulator} from './helpers/coveo-simulator.js';
import {waitFor} from './helpers/wait-for.js';

const WINDOW = 'from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z';

type Download = {status: number; headers: Record<string, string | string[] | undefined>; body: Buffer};

const start = (t: Test, options: CoveoSimulatorOptions = {}) =>
  startCoveoSimulator(t, {rowsPerDay: 50, ...options});

/** Creates an export, reads its status once (AVAILABLE) and returns a fresh storage link. */
async function linkOf(simulator: CoveoSimulator, query = ''): Promise<string> {
  const headers = {authorization: `Bearer ${simulator.accessToken}`};
  const created = await request(`${simulator.url}/v15/exports?${WINDOW}${query}`, {method: 'POST', headers});
  const {id} = (await created.body.json()) as {id: string};
  await (await request(`${simulator.url}/v15/exports/${id}`, {headers})).body.dump();
  const redirect = await request(`${simulator.url}/v15/exports/${id}?redirect=true`, {headers});
  await redirect.body.dump();
  return redirect.headers.location as string;
}

async function download(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Download> {
  const response = await request(url, {headers, method: method as 'GET'});
  const body = Buffer.from(await response.body.arrayBuffer());
  return {status: response.statusCode, headers: response.headers, body};
}

t.test('storage serves the zip with its length, type, ETag and no token', async (t) => {
  const simulator = await start(t);
  const link = await linkOf(simulator);
  const zip = await download(link);
  t.equal(zip.status, 200);
  t.equal(zip.headers['content-type'], 'application/zip');
  t.equal(Number(zip.headers['content-length']), zip.body.length);
  t.equal(zip.headers['accept-ranges'], 'bytes');
  t.match(zip.headers.etag, /^"[0-9a-f]{32}-\d+"$/);
  t.equal(zip.body.subarray(0, 4).toString('hex'), '504b0304', 'a zip local file header');
  const head = await download(link, {}, 'HEAD');
  t.equal(head.status, 200);
  t.equal(head.headers['content-length'], zip.headers['content-length']);
  t.equal(head.body.length, 0);
  t.match(simulator.storage, {requests: 2, authorizationSeen: false, bytesSent: zip.body.length});
  t.equal(simulator.stats.byPath['/storage/{id}/{file}'], 2);
});

t.test('storage refuses a request carrying an Authorization header, like S3, and records it', async (t) => {
  const simulator = await start(t);
  const link = await linkOf(simulator);
  const refused = await download(link, {authorization: `Bearer ${simulator.accessToken}`});
  t.equal(refused.status, 400);
  t.equal(refused.headers['content-type'], 'application/xml');
  t.match(refused.body.toString(), /<Code>InvalidArgument<\/Code><Message>Only one auth mechanism allowed;/);
  t.notMatch(refused.body.toString(), simulator.accessToken, 'the token is never echoed');
  t.match(simulator.storage, {authorizationSeen: true, rejectedAuthorization: 1});
  simulator.resetStats();
  t.match(simulator.storage, {requests: 0, authorizationSeen: false, rejectedAuthorization: 0});
  t.equal(simulator.stats.requests, 0);
});

t.test('a link expires after linkTtlMs, or at once with expireLinks(); a new one works', async (t) => {
  const simulator = await start(t, {linkTtlMs: 1000});
  const shift = shiftClock(t);
  const link = await linkOf(simulator);
  t.match(link, /X-Amz-Expires=1&/);
  shift(1000);
  const expired = await download(link);
  t.equal(expired.status, 403);
  t.match(
    expired.body.toString(),
    /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message><Expires>/,
  );
  const fresh = await linkOf(simulator);
  t.equal((await download(fresh)).status, 200);
  simulator.expireLinks();
  t.equal((await download(fresh)).status, 403);
  t.equal(simulator.storage.expiredLinks, 2);
  const after = await linkOf(simulator);
  t.equal((await download(after)).status, 200, 'links minted after expireLinks() work');
});

t.test('a mangled signature or path is refused; a deleted or expired export is NoSuchKey', async (t) => {
  const simulator = await start(t);
  const link = await linkOf(simulator);
  const mangled = [
    link.replace(/X-Amz-Signature=[0-9a-f]/, 'X-Amz-Signature=z'),
    link.replace('.zip?', '.zap?'),
    link.replace('/storage/', '/storage/x/'),
    link.replace(/\/storage\/[^/]+\//, '/storage/%E0%A4%A/'),
    link.replace(/\?.*$/, ''),
  ];
  for (const url of mangled) {
    const refused = await download(url);
    t.equal(refused.status, 403, url);
    t.match(refused.body.toString(), /<Code>SignatureDoesNotMatch<\/Code>/);
  }
  const put = await download(link, {}, 'PUT');
  t.equal(put.status, 405);
  const id = new URL(link).pathname.split('/')[2] as string;
  simulator.expireExport(id);
  const gone = await download(link);
  t.equal(gone.status, 404);
  t.match(gone.body.toString(), /<Code>NoSuchKey<\/Code>/);
});

t.test(
  'byte ranges: 206 with Content-Range, open and suffix ranges, 416, and whole-file fallbacks',
  async (t) => {
    const simulator = await start(t);
    const link = await linkOf(simulator);
    const whole = (await download(link)).body;
    const size = whole.length;
    const part = await download(link, {range: 'bytes=10-19'});
    t.equal(part.status, 206);
    t.equal(part.headers['content-range'], `bytes 10-19/${size}`);
    t.same(part.body, whole.subarray(10, 20));
    const tail = await download(link, {range: `bytes=${size - 5}-`});
    t.same([tail.status, tail.body], [206, whole.subarray(size - 5)]);
    const suffix = await download(link, {range: 'bytes=-7'});
    t.same([suffix.status, suffix.body], [206, whole.subarray(size - 7)]);
    const huge = await download(link, {range: `bytes=-${size * 2}`});
    t.same([huge.status, huge.body.length], [206, size]);
    const clipped = await download(link, {range: `bytes=0-${size * 2}`});
    t.equal(clipped.headers['content-range'], `bytes 0-${size - 1}/${size}`);
    for (const range of [`bytes=${size}-`, 'bytes=-0']) {
      const unsatisfiable = await download(link, {range});
      t.equal(unsatisfiable.status, 416, range);
      t.equal(unsatisfiable.headers['content-range'], `bytes */${size}`);
    }
    for (const range of ['bytes=0-1,5-6', 'bytes=9-3', 'bytes=-', 'items=0-1']) {
      const full = await download(link, {range});
      t.same([full.status, full.body.length], [200, size], range);
    }
    const etag = part.headers.etag as string;
    t.equal((await download(link, {range: 'bytes=0-0', 'if-range': etag})).status, 206);
    t.equal((await download(link, {range: 'bytes=0-0', 'if-range': '"other"'})).status, 200);
    t.equal(simulator.storage.rangeRequests, 13);
  },
);

t.test('a download cut by a fault resumes with a Range request to the same bytes', async (t) => {
  const simulator = await start(t, {rowsPerDay: 2000, compress: false});
  const link = await linkOf(simulator);
  simulator.failNext('reset-mid-body');
  const response = await request(link);
  t.equal(Number(response.headers['content-length']) > 0, true, 'the full length is announced');
  const chunks: Buffer[] = [];
  await t.rejects(
    (async () => {
      for await (const chunk of response.body) {
        chunks.push(chunk as Buffer);
      }
    })(),
  );
  const received = Buffer.concat(chunks);
  const size = Number(response.headers['content-length']);
  t.ok(received.length > 0 && received.length < size, 'part of the body arrived');
  const rest = await download(link, {range: `bytes=${received.length}-`});
  t.equal(rest.status, 206);
  const whole = await download(link);
  t.same(Buffer.concat([received, rest.body]), whole.body);
  t.equal(simulator.stats.faultsInjected, 1);

  simulator.failNext('truncated-body');
  const truncated = await download(link, {range: 'bytes=0-99'});
  t.same([truncated.status, truncated.body], [206, whole.body.subarray(0, 50)], 'a clean end after half');
  simulator.failNext('rate-limit', {retryAfter: 3});
  const slowDown = await download(link);
  t.same([slowDown.status, slowDown.headers['retry-after']], [429, '3']);
  t.match(slowDown.body.toString(), /<Code>SlowDown<\/Code>/);
  simulator.failNext('unavailable');
  t.match((await download(link)).body.toString(), /<Code>InternalError<\/Code>/);
  simulator.failNext('reset-before-headers');
  await t.rejects(download(link));
});

t.test('storage paces the body at bytesPerSecond and waits for a slow reader', async (t) => {
  const paced = await start(t, {rowsPerDay: 200, bytesPerSecond: 1_000_000, latency: 5});
  const link = await linkOf(paced);
  const started = performance.now();
  const zip = await download(link);
  t.equal(zip.status, 200);
  const expected = (zip.body.length / 1_000_000) * 1000;
  t.ok(performance.now() - started >= expected * 0.5, 'not faster than the pace');

  // Stop reading half-way: the client's socket must be left to the server's pace (timers cleared).
  const slow = await start(t, {rowsPerDay: 200, bytesPerSecond: 50_000});
  const aborted = await request(await linkOf(slow));
  await aborted.body[Symbol.asyncIterator]().next();
  aborted.body.destroy();
  await waitFor(() => slow.stats.inFlight === 0, {what: 'the aborted download to end'});
  t.ok(slow.storage.bytesSent < Number(aborted.headers['content-length']), 'the rest was never sent');

  const big = await start(t, {rowsPerDay: {searches: 50_000}, compress: false});
  const bigLink = await linkOf(big, '&tables=SEARCHES');
  const response = await request(bigLink);
  const size = Number(response.headers['content-length']);
  let last = -1;
  let unchanged = 0;
  await waitFor(
    () => {
      unchanged = big.storage.bytesSent === last ? unchanged + 1 : 0;
      last = big.storage.bytesSent;
      return unchanged >= 10;
    },
    {what: 'the server to stop writing to a reader that reads nothing'},
  );
  t.ok(
    big.storage.bytesSent < size,
    `the server waits for the reader (${big.storage.bytesSent} of ${size} bytes)`,
  );
  let length = 0;
  for await (const chunk of response.body) {
    length += (chunk as Buffer).length;
  }
  t.equal(length, size);
});

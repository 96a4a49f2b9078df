import t from 'tap';
import {Agent} from 'undici';
import {send} from '../lib/core/http.js';
import {RateLimiter, rateLimitOption} from '../lib/core/rate-limit.js';
import {settle} from './helpers/fake-source.js';
import {rawServer} from './helpers/raw-server.js';

const never = () => new AbortController().signal;

t.test('at most N acquisitions in any window of the interval, concurrent callers included', async (t) => {
  const requests = 3;
  const interval = 200;
  const limiter = new RateLimiter({requests, interval});
  const stamps: number[] = [];
  await Promise.all(
    Array.from({length: 10}, () => limiter.acquire(never()).then(() => stamps.push(performance.now()))),
  );
  t.equal(stamps.length, 10);
  for (let index = 0; index + requests < stamps.length; index++) {
    const gap = stamps[index + requests]! - stamps[index]!;
    // Each stamp is taken a microtask after its slot, and a loaded machine can deschedule the process
    // between the two for tens of milliseconds: allow a fifth of the window; a limiter that does not
    // wait puts them about 0 ms apart.
    t.ok(
      gap >= interval * 0.8,
      `acquisitions ${index} and ${index + requests} are ${gap.toFixed(1)} ms apart`,
    );
  }
});

t.test('the first N acquisitions do not wait; the next one waits for the window', async (t) => {
  const limiter = new RateLimiter({requests: 2, interval: 60_000});
  const resolved: number[] = [];
  const controller = new AbortController();
  const turns = [0, 1, 2].map((index) =>
    limiter.acquire(controller.signal).then(
      () => resolved.push(index),
      () => {},
    ),
  );
  await settle();
  t.same(resolved, [0, 1]);
  controller.abort(new Error('done'));
  await Promise.all(turns);
  t.same(resolved, [0, 1], 'the third never got a slot');
});

t.test('pause(ms) holds every caller for that long, and a shorter pause does not shorten it', async (t) => {
  const limiter = new RateLimiter({requests: 100, interval: 1000});
  await limiter.acquire(never());
  const started = performance.now();
  limiter.pause(80);
  limiter.pause(5);
  await Promise.all([limiter.acquire(never()), limiter.acquire(never())]);
  t.ok(performance.now() - started >= 79, 'held for the pause');
});

t.test('an aborted waiter rejects with the signal’s reason and does not block the next', async (t) => {
  const limiter = new RateLimiter({requests: 1, interval: 60});
  await limiter.acquire(never());
  const waiter = new AbortController();
  const reason = new Error('the caller gave up');
  const abandoned = limiter.acquire(waiter.signal);
  const next = limiter.acquire(never());
  waiter.abort(reason);
  await t.rejects(abandoned, reason);
  await next;
  t.pass('the caller behind it got its slot');

  const gone = new AbortController();
  gone.abort(new Error('already aborted'));
  await t.rejects(limiter.acquire(gone.signal), {message: 'already aborted'});
});

t.test('a 429 with Retry-After pauses the limiter of the client; other answers do not', async (t) => {
  const answers: [number, Record<string, string>][] = [
    [429, {'retry-after': '2'}],
    [429, {}],
    [503, {'retry-after': '1'}],
  ];
  const server = await rawServer(t, (_request, response, index) => {
    const [status, headers] = answers[index]!;
    response.writeHead(status, headers);
    response.end();
  });
  const dispatcher = new Agent();
  t.teardown(() => dispatcher.destroy());
  const limiter = new RateLimiter({requests: 10, interval: 1000});
  const pauses: number[] = [];
  limiter.pause = (ms: number) => {
    pauses.push(ms);
  };
  const settings = {
    dispatcher,
    headers: {},
    headersTimeout: 5000,
    bodyTimeout: 5000,
    requestTimeout: 5000,
    secrets: [],
    limiter,
  };
  const context = {method: 'test', path: '/'};
  for (const [status] of answers) {
    await t.rejects(send({url: new URL(server.url)}, settings, never(), context), {
      name: 'HttpError',
      status,
    });
  }
  t.same(pauses, [2000], 'only the 429 that said how long');
});

t.test('rateLimitOption names the field, the expected form and the value', async (t) => {
  t.same(rateLimitOption('rateLimit', {requests: 100, interval: 10_000}), {requests: 100, interval: 10_000});
  const cases: [unknown, RegExp][] = [
    [undefined, /^Expected `rateLimit` to be an object, got undefined$/],
    [
      {requests: 0, interval: 1000},
      /^Expected `rateLimit\.requests` to be an integer from 1 to 1000000, got 0 \(number\)$/,
    ],
    [{requests: 1.5, interval: 1000}, /`rateLimit\.requests`.*got 1\.5 \(number\)$/],
    [{requests: 10}, /^Expected `rateLimit\.interval` to be an integer from 1 to 86400000, got undefined$/],
    [{requests: 10, interval: '10s'}, /`rateLimit\.interval`.*got "10s"$/],
    [
      {requests: 10, interval: 1000, burst: 5},
      /^Expected `rateLimit\.burst` to be one of the known options \(requests, interval\), got "burst"$/,
    ],
  ];
  for (const [value, message] of cases) {
    t.throws(() => rateLimitOption('rateLimit', value), {name: 'InvalidOptionError', message});
  }
  t.throws(() => new RateLimiter({requests: -1, interval: 1}), {
    name: 'InvalidOptionError',
    option: 'rateLimit.requests',
  });
});

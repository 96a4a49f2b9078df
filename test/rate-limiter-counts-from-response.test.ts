import t from 'tap';
import {RateLimiter} from '../lib/core/rate-limit.js';

const never = () => new AbortController().signal;

t.test('a slot counts from the moment its response arrived, not from when it was taken', async (t) => {
  const limiter = new RateLimiter({requests: 1, interval: 100});
  const first = await limiter.acquire(never());
  // The first response takes 150 ms to arrive: its slot is busy until 100 ms after that.
  await new Promise((resolve) => setTimeout(resolve, 150));
  const arrived = performance.now();
  first();
  await limiter.acquire(never());
  const waited = performance.now() - arrived;
  t.ok(waited >= 99, `the next request waited for the re-stamped slot (${waited.toFixed(0)} ms)`);
});

t.test('reporting an arrival twice, or before the slot was taken, never moves it back', async (t) => {
  const limiter = new RateLimiter({requests: 1, interval: 60});
  const done = await limiter.acquire(never());
  done();
  const stamped = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  done();
  await limiter.acquire(never());
  t.ok(performance.now() - stamped >= 59, 'the later report counts: at least one interval after it');
});

t.test('the slot freed first is the one used longest ago, not the one taken first', async (t) => {
  const limiter = new RateLimiter({requests: 2, interval: 300});
  const started = performance.now();
  const first = await limiter.acquire(never());
  await limiter.acquire(never());
  // The first slot's response arrives late: the second slot is now the older one.
  await new Promise((resolve) => setTimeout(resolve, 250));
  first();
  await limiter.acquire(never());
  const waited = performance.now() - started;
  t.ok(waited >= 299, `waited for the second slot's interval (${waited.toFixed(0)} ms)`);
  t.ok(waited < 500, `not for the first slot's, which ends at 550 ms (${waited.toFixed(0)} ms)`);
});

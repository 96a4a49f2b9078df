import t from 'tap';
import {RateLimiter} from '../lib/core/rate-limit.js';

t.test('a caller queued behind another waiting caller rejects at once when its signal aborts', async (t) => {
  const limiter = new RateLimiter({requests: 1, interval: 3000});
  const first = new AbortController();
  const second = new AbortController();
  const third = new AbortController();
  t.teardown(() => {
    first.abort();
    second.abort();
  });
  const arrived = await limiter.acquire(first.signal); // takes the only slot
  arrived();
  const waiting = limiter.acquire(second.signal); // waits ~3 s for the slot
  waiting.catch(() => {});
  const queued = limiter.acquire(third.signal); // queued behind it
  const startedAt = performance.now();
  setTimeout(() => third.abort(new Error('stop')), 20);
  await t.rejects(queued, {message: 'stop'});
  const took = performance.now() - startedAt;
  t.ok(took < 1000, `rejected ${Math.round(took)} ms after the call (abort at 20 ms)`);
});

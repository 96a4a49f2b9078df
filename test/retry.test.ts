import t from 'tap';
import {ExportError, HttpError, InvalidOptionError, ProtocolError, RequestError} from '../lib/core/errors.js';
import {
  defaultRetryPolicy,
  isTransient,
  parseRetryAfter,
  type RetryPolicy,
  retryDelay,
  sleep,
  withRetry,
} from '../lib/core/retry.js';

const context = {method: 'exportEvents', path: '/events'};
const http = (status: number, retryAfter?: number) => new HttpError(context, status, undefined, retryAfter);
const fast: RetryPolicy = {...defaultRetryPolicy, minDelay: 0, maxDelay: 0};

t.test('transient versus terminal failures', async (t) => {
  for (const status of [408, 429, 500, 502, 503, 504])
    t.equal(isTransient(http(status)), true, `HTTP ${status}`);
  for (const status of [400, 401, 403, 404, 409, 501])
    t.equal(isTransient(http(status)), false, `HTTP ${status}`);
  t.equal(isTransient(new RequestError('ERR_EXPORT_NETWORK', context, 'reset')), true);
  t.equal(isTransient(new RequestError('ERR_EXPORT_TIMEOUT', context, 'slow')), true);
  t.equal(isTransient(new RequestError('ERR_EXPORT_BAD_RESPONSE', context, 'cut')), true);
  t.equal(isTransient(new ProtocolError(context, 'loop')), false);
  t.equal(isTransient(new InvalidOptionError('pageSize', 'an integer', 0)), false);
  t.equal(isTransient(new Error('bug')), false);
  t.equal(isTransient(new ExportError('ERR_EXPORT_HTTP', 'other')), false);
});

t.test('backoff grows by factor, is capped, and jitters between half and all of the step', async (t) => {
  const policy = {...defaultRetryPolicy, minDelay: 100, maxDelay: 1000, factor: 2};
  const error = http(503);
  t.equal(
    retryDelay(1, policy, error, () => 0),
    50,
  );
  t.equal(
    retryDelay(1, policy, error, () => 1),
    100,
  );
  t.equal(
    retryDelay(3, policy, error, () => 1),
    400,
  );
  t.equal(
    retryDelay(10, policy, error, () => 1),
    1000,
    'capped at maxDelay',
  );
  t.equal(
    retryDelay(10, policy, error, () => 0),
    500,
  );
});

t.test('Retry-After wins over backoff and is capped at maxRetryAfter', async (t) => {
  const policy = {...defaultRetryPolicy, maxRetryAfter: 5000};
  t.equal(retryDelay(1, policy, http(429, 2000)), 2000);
  t.equal(retryDelay(1, policy, http(429, 0)), 0);
  t.equal(retryDelay(1, policy, http(503, 90_000)), 5000);
  const unbounded = {
    ...defaultRetryPolicy,
    maxRetryAfter: Number.POSITIVE_INFINITY,
    maxDelay: Number.POSITIVE_INFINITY,
  };
  t.equal(retryDelay(1, unbounded, http(429, 3e12)), 2 ** 31 - 1, 'never past what setTimeout can wait');
  t.equal(
    retryDelay(60, unbounded, http(503), () => 1),
    2 ** 31 - 1,
  );
});

t.test('Retry-After parses delta-seconds and HTTP-dates', async (t) => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  t.equal(parseRetryAfter('3', now), 3000);
  t.equal(parseRetryAfter(' 0 ', now), 0);
  t.equal(parseRetryAfter(['7', '9'], now), 7000);
  t.equal(parseRetryAfter('Wed, 25 Nov 2026 10:00:05 GMT', now), 5000);
  t.equal(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now), 0, 'a date in the past means now');
  t.equal(parseRetryAfter(undefined, now), undefined);
  t.equal(parseRetryAfter('', now), undefined);
  t.equal(parseRetryAfter('soon', now), undefined);
  t.equal(parseRetryAfter('-1', now), undefined);
});

t.test('sleep resolves after the delay and rejects with the reason on abort', async (t) => {
  const controller = new AbortController();
  await sleep(1, controller.signal);
  const reason = new Error('stop');
  const pending = sleep(60_000, controller.signal);
  controller.abort(reason);
  await t.rejects(pending, reason);
  await t.rejects(sleep(1, controller.signal), reason, 'an aborted signal rejects at once');
});

t.test('withRetry retries transient failures, reports each retry, and returns the result', async (t) => {
  let attempts = 0;
  const retries: unknown[] = [];
  const result = await withRetry(
    async () => {
      attempts++;
      if (attempts < 3) throw http(503);
      return 'page';
    },
    fast,
    new AbortController().signal,
    (event) => retries.push(event),
  );
  t.equal(result, 'page');
  t.equal(attempts, 3);
  t.match(retries, [
    {attempt: 1, delay: 0, error: {status: 503}},
    {attempt: 2, delay: 0, error: {status: 503}},
  ]);
});

t.test('withRetry fails at once on terminal errors', async (t) => {
  let attempts = 0;
  const failure = http(401);
  await t.rejects(
    withRetry(
      async () => {
        attempts++;
        throw failure;
      },
      fast,
      new AbortController().signal,
      () => t.fail('no retry'),
    ),
    failure,
  );
  t.equal(attempts, 1);
});

t.test('withRetry gives up after `retries` retries with the last error', async (t) => {
  let attempts = 0;
  await t.rejects(
    withRetry(
      async () => {
        attempts++;
        throw http(502);
      },
      {...fast, retries: 2},
      new AbortController().signal,
      () => {},
    ),
    {name: 'HttpError', status: 502},
  );
  t.equal(attempts, 3);
});

t.test('withRetry fails rather than wait past maxRetryTime', async (t) => {
  let attempts = 0;
  const started = Date.now();
  await t.rejects(
    withRetry(
      async () => {
        attempts++;
        throw http(429, 10_000);
      },
      {...fast, maxRetryTime: 1000},
      new AbortController().signal,
      () => t.fail('no retry announced'),
    ),
    {name: 'HttpError', status: 429},
  );
  t.equal(attempts, 1);
  t.ok(Date.now() - started < 5000, 'did not sleep the 10 s');
});

t.test('withRetry honours Retry-After with the global timers', async (t) => {
  const delays: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  // Mocked time: record the requested delay and fire at once.
  globalThis.setTimeout = ((callback: () => void, ms: number) => {
    delays.push(ms);
    return realSetTimeout(callback, 0);
  }) as typeof setTimeout;
  t.teardown(() => {
    globalThis.setTimeout = realSetTimeout;
  });
  let attempts = 0;
  await withRetry(
    async () => {
      attempts++;
      if (attempts === 1) throw http(429, 2000);
      if (attempts === 2) throw http(503);
      return 'ok';
    },
    {...defaultRetryPolicy, minDelay: 300},
    new AbortController().signal,
    () => {},
  );
  t.equal(delays[0], 2000, 'the server asked for two seconds');
  t.ok(delays[1]! >= 300 && delays[1]! <= 600, `backoff of ${delays[1]} ms after the 503`);
});

t.test('withRetry stops waiting when the signal aborts', async (t) => {
  const controller = new AbortController();
  const reason = new Error('cancelled');
  const pending = withRetry(
    async () => {
      throw http(503);
    },
    {...defaultRetryPolicy, minDelay: 60_000, maxDelay: 60_000},
    controller.signal,
    () => setImmediate(() => controller.abort(reason)),
  );
  await t.rejects(pending, reason);
});

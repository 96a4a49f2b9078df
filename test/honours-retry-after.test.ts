import t from 'tap';
import type {RetryEvent} from '../lib/core/types.js';
import {setup} from './helpers/simulator.js';

const retryPolicy = {minDelay: 0, maxDelay: 0, maxRetryAfter: 40};

t.test('a 429 waits for Retry-After (delta-seconds), capped by maxRetryAfter', async (t) => {
  const {simulator, api} = await setup(t, {events: 20}, {retry: retryPolicy});
  simulator.failNext('rate-limit', {retryAfter: 1});
  const stream = api.exportEvents();
  const retries: RetryEvent[] = [];
  stream.on('retry', (event: RetryEvent) => retries.push(event));
  const started = performance.now();
  t.equal((await stream.toArray()).length, 20);
  const elapsed = performance.now() - started;
  t.match(retries, [{attempt: 1, delay: 40, error: {status: 429, retryAfter: 1000}}]);
  t.ok(elapsed >= 35, `waited ${elapsed.toFixed(1)} ms before retrying`);
});

t.test('a 429 with an HTTP-date Retry-After is honoured too', async (t) => {
  const {simulator, api} = await setup(t, {events: 20}, {retry: retryPolicy});
  simulator.failNext('rate-limit', {retryAfter: 'http-date'});
  const stream = api.exportEvents();
  const retries: RetryEvent[] = [];
  stream.on('retry', (event: RetryEvent) => retries.push(event));
  t.equal((await stream.toArray()).length, 20);
  t.equal(retries.length, 1);
  const error = retries[0]!.error as {retryAfter?: number};
  t.type(error.retryAfter, 'number', 'the date was parsed into a delay');
  t.equal(retries[0]!.delay, Math.min(error.retryAfter!, 40));
});

t.test('without Retry-After the backoff grows between attempts', async (t) => {
  const {simulator, api} = await setup(t, {events: 20}, {retry: {minDelay: 4, maxDelay: 100, factor: 3}});
  simulator.failNext('unavailable', {count: 3});
  const stream = api.exportEvents();
  const delays: number[] = [];
  stream.on('retry', (event: RetryEvent) => delays.push(event.delay));
  await stream.toArray();
  t.equal(delays.length, 3);
  t.ok(delays[0]! >= 2 && delays[0]! <= 4, `first ${delays[0]}`);
  t.ok(delays[1]! >= 6 && delays[1]! <= 12, `second ${delays[1]}`);
  t.ok(delays[2]! >= 18 && delays[2]! <= 36, `third ${delays[2]}`);
});

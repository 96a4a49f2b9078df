import t from 'tap';
import type {RetryEvent} from '../lib/core/types.js';
import {FAULT_KINDS} from '../lib/simulator/index.js';
import {ids, reference, setup} from './helpers/simulator.js';

const codeByKind: Record<string, string> = {
  'rate-limit': 'ERR_EXPORT_RATE_LIMITED',
  'server-error': 'ERR_EXPORT_SERVER',
  'bad-gateway': 'ERR_EXPORT_SERVER',
  unavailable: 'ERR_EXPORT_SERVER',
  'gateway-timeout': 'ERR_EXPORT_SERVER',
  'reset-before-headers': 'ERR_EXPORT_NETWORK',
  'reset-mid-body': 'ERR_EXPORT_NETWORK',
  'truncated-body': 'ERR_EXPORT_BAD_RESPONSE',
};

for (const parser of ['json', 'incremental'] as const) {
  for (const kind of FAULT_KINDS) {
    t.test(`${parser} parser: every item arrives exactly once when pages fail with ${kind}`, async (t) => {
      const {simulator, api} = await setup(t, {events: 230, faults: {retryAfter: 0}});
      const expected = ids(await reference(simulator, '/events'));
      simulator.resetStats();
      const stream = api.exportEvents({pageSize: 50, parser});
      const retries: RetryEvent[] = [];
      stream.on('retry', (event: RetryEvent) => {
        retries.push(event);
      });
      // The first page fails twice, a middle page once: retries at the start and mid-stream.
      simulator.failNext(kind, {count: 2, retryAfter: 0});
      const seen: string[] = [];
      for await (const event of stream) {
        seen.push(String(event.id));
        if (seen.length === 120) simulator.failNext(kind, {retryAfter: 0});
      }
      t.same(seen, expected, 'same items, same order, no duplicate, no loss');
      t.equal(retries.length, 3);
      t.ok(
        retries.every((retry) => (retry.error as {code?: string}).code === codeByKind[kind]),
        `each retry is caused by ${codeByKind[kind]}`,
      );
      t.same(
        retries.map((retry) => retry.attempt),
        [1, 2, 1],
      );
      // 5 pages with items + the empty page + 3 failed attempts.
      t.equal(simulator.stats.byPath['/events'], 9);
      t.equal(simulator.stats.faultsInjected, 3);
    });
  }
}

t.test('a page that keeps failing ends the stream with the last error after the retries', async (t) => {
  const {simulator, api} = await setup(t, {events: 50}, {retry: {retries: 2, minDelay: 0, maxDelay: 0}});
  simulator.failNext('unavailable', {count: 10});
  await t.rejects(api.exportEvents().toArray(), {name: 'HttpError', code: 'ERR_EXPORT_SERVER', status: 503});
  t.equal(simulator.stats.requests, 3, 'one attempt and two retries');
});

t.test('random faults at 20% of requests still deliver everything exactly once', async (t) => {
  const {simulator, api} = await setup(t, {
    events: 2000,
    seed: 7,
    faults: {rate: 0.2, retryAfter: 0},
  });
  const events = await api.exportEvents({pageSize: 100, parser: 'incremental'}).toArray();
  t.equal(events.length, 2000);
  t.equal(new Set(ids(events)).size, 2000);
  t.ok(simulator.stats.faultsInjected > 0, `${simulator.stats.faultsInjected} faults injected`);
});

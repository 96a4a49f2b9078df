import t from 'tap';
import {ids, reference, setup} from './helpers/simulator.js';

t.test('the incremental parser delivers the first item before a slow page has arrived', async (t) => {
  const {simulator, api} = await setup(t, {events: 200, bytesPerSecond: 200_000});
  const iterator = api.exportEvents({pageSize: 200, parser: 'incremental'})[Symbol.asyncIterator]();
  const first = await iterator.next();
  t.equal(first.done, false);
  t.equal(simulator.stats.inFlight, 1, 'the page is still being sent');
  await iterator.return?.();
});

t.test('the default parser waits for the whole page', async (t) => {
  const {simulator, api} = await setup(t, {events: 200, bytesPerSecond: 400_000});
  const iterator = api.exportEvents({pageSize: 200, prefetch: 0})[Symbol.asyncIterator]();
  await iterator.next();
  t.equal(simulator.stats.requests, 1);
  t.equal(simulator.stats.inFlight, 0, 'the whole page had arrived before its first item');
  await iterator.return?.();
});

t.test('both parsers produce the same items', async (t) => {
  const {simulator, api} = await setup(t, {events: 500, schemaVersion: '0.8.0'});
  const incremental = await api.exportEvents({pageSize: 64, parser: 'incremental'}).toArray();
  const whole = await api.exportEvents({pageSize: 64}).toArray();
  t.same(incremental, whole);
  t.same(ids(incremental), ids(await reference(simulator, '/events')));
});

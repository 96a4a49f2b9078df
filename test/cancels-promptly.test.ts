import t from 'tap';
import {setup} from './helpers/simulator.js';
import {waitFor} from './helpers/wait-for.js';

t.test('destroy() cancels the request in flight within milliseconds', async (t) => {
  const {simulator, api} = await setup(t, {events: 1000, latency: 10_000});
  const stream = api.exportEvents();
  stream.resume();
  await waitFor(() => simulator.stats.inFlight === 1);
  const started = performance.now();
  stream.destroy();
  await new Promise((resolve) => stream.on('close', resolve));
  await waitFor(() => simulator.stats.inFlight === 0);
  const elapsed = performance.now() - started;
  // Half the latency: a margin that holds on a loaded machine and still tells a cancel from a wait.
  t.ok(elapsed < 5000, `the server saw the request end after ${elapsed.toFixed(1)} ms, not the 10 s latency`);
});

t.test('an aborted signal errors the stream with its reason and releases the socket', async (t) => {
  const {simulator, api} = await setup(t, {events: 1000, bytesPerSecond: 2000});
  const controller = new AbortController();
  const stream = api.exportEvents({signal: controller.signal, pageSize: 1000});
  const reason = new Error('shutting down');
  const consumed = stream.toArray();
  await waitFor(() => simulator.stats.inFlight === 1);
  controller.abort(reason);
  await t.rejects(consumed, reason);
  await waitFor(() => simulator.stats.inFlight === 0);
  t.pass('the trickling response was abandoned');
});

t.test('aborting during a retry wait does not wait for the delay', async (t) => {
  const {simulator, api} = await setup(t, {events: 100}, {retry: {minDelay: 60_000, maxDelay: 60_000}});
  simulator.failNext('unavailable');
  const controller = new AbortController();
  const stream = api.exportEvents({signal: controller.signal});
  stream.on('retry', () => setImmediate(() => controller.abort(new Error('stop'))));
  const started = performance.now();
  await t.rejects(stream.toArray(), {message: 'stop'});
  t.ok(performance.now() - started < 10_000, 'no 60 s wait');
});

t.test('breaking out of for await ends the export without further requests', async (t) => {
  const {simulator, api} = await setup(t, {events: 5000});
  for await (const _event of api.exportEvents({pageSize: 100})) break;
  await waitFor(() => simulator.stats.inFlight === 0);
  const requests = simulator.stats.requests;
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.ok(requests <= 2, `${requests} requests`);
  t.equal(simulator.stats.requests, requests);
});

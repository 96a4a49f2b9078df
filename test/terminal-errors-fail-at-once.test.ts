import {inspect} from 'node:util';
import t from 'tap';
import {Configuration} from '../lib/croct/configuration.js';
import {ExportApi} from '../lib/croct/export-api.js';
import {setup} from './helpers/simulator.js';

const unknownKey = '0b9e7a52-5d0c-4e61-8f3a-7c1d2e3f4a5b';

/** Everything a thrown error exposes: message, stack, enumerable fields, inspection, causes. */
function everything(error: unknown): string {
  return [
    String(error),
    (error as Error).stack,
    JSON.stringify(error),
    inspect(error, {depth: 10, showHidden: true}),
  ].join('\n');
}

t.test('an unknown API key fails at once with the problem details, and the key is nowhere', async (t) => {
  const {simulator, dispatcher} = await setup(t, {events: 10});
  const api = new ExportApi(new Configuration({apiKey: unknownKey, baseUrl: simulator.url, dispatcher}));
  const error = await t.rejects(api.exportEvents().toArray(), {
    name: 'HttpError',
    code: 'ERR_EXPORT_UNAUTHORIZED',
    status: 401,
    problem: {type: 'https://croct.help/api/authentication/unknown-api-key'},
    message: /^exportEvents GET \/events\?pageSize=100 failed with HTTP 401/,
  });
  t.equal(simulator.stats.requests, 1, 'not retried');
  t.notMatch(everything(error), unknownKey);
  t.notMatch(everything(error), simulator.apiKey);
});

t.test('a 400 carries the violations and is not retried', async (t) => {
  const {simulator, api} = await setup(t, {events: 10});
  const error = await t.rejects(api.exportEvents({events: ['noSuchEvent']}).toArray(), {
    name: 'HttpError',
    code: 'ERR_EXPORT_INVALID_INPUT',
    status: 400,
    problem: {title: 'Invalid input'},
  });
  t.match((error as unknown as {problem: {violations: string[]}}).problem.violations, [/noSuchEvent/]);
  t.match((error as Error).message, /noSuchEvent/);
  t.equal(simulator.stats.requests, 1);
  t.notMatch(everything(error), simulator.apiKey);
});

t.test('retried errors and retry events never carry the key either', async (t) => {
  const {simulator, api} = await setup(t, {events: 10}, {retry: {retries: 1, minDelay: 0, maxDelay: 0}});
  simulator.failNext('reset-mid-body', {count: 5});
  const stream = api.exportEvents();
  const seen: unknown[] = [];
  stream.on('retry', (event: unknown) => seen.push(event));
  const error = await t.rejects(stream.toArray(), {code: 'ERR_EXPORT_NETWORK'});
  t.equal(seen.length, 1);
  t.notMatch(everything(error), simulator.apiKey);
  t.notMatch(inspect(seen, {depth: 10, showHidden: true}), simulator.apiKey);
});

t.test('a server that answers something else than an envelope is a protocol error', async (t) => {
  const {simulator, dispatcher} = await setup(t, {events: 10});
  const api = new ExportApi(
    new Configuration({apiKey: simulator.apiKey, baseUrl: `${simulator.url}/events/`, dispatcher}),
  );
  // GET /events/events/{...} does not exist: the 404 is terminal and names the path.
  await t.rejects(api.exportSessions().toArray(), {
    status: 404,
    message: /exportSessions GET \/events\/session/,
  });
});

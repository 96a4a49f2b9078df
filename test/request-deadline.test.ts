import type {ServerResponse} from 'node:http';
import t from 'tap';
import {RequestError} from '../lib/core/errors.js';
import {withDeadline} from '../lib/core/http.js';
import {rawClient, rawServer} from './helpers/raw-server.js';

/** Sends `head`, then one byte of JSON whitespace every `every` ms, and `tail` after `count` bytes (never if undefined). */
function drip(response: ServerResponse, head: string, every: number, count?: number, tail = ''): void {
  response.writeHead(200, {'content-type': 'application/json'});
  response.write(head);
  let sent = 0;
  const timer = setInterval(() => {
    if (count !== undefined && sent === count) {
      clearInterval(timer);
      response.end(tail);
      return;
    }
    sent++;
    response.write(' ');
  }, every);
  response.on('close', () => clearInterval(timer));
}

const context = {method: 'exportEvents', path: '/events', httpMethod: 'GET'};

for (const parser of ['json', 'incremental'] as const) {
  t.test(`${parser}: a body dripping forever fails at requestTimeout, retried once`, async (t) => {
    const server = await rawServer(t, (_request, response) => drip(response, '{"items":[', 5));
    const api = rawClient(t, server.url, {requestTimeout: 200, bodyTimeout: 10_000, parser});
    const retries: unknown[] = [];
    const stream = api.exportEvents();
    stream.on('retry', (event) => retries.push(event));
    const error = await stream.toArray().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    t.type(error, RequestError);
    t.match(error, {
      code: 'ERR_EXPORT_TIMEOUT',
      message:
        /^exportEvents GET \/events\?pageSize=\d+ failed: took longer than the 200 ms request timeout \(requestTimeout\)$/,
    });
    t.equal(server.requests(), 2, 'one attempt and one retry, each cut at the deadline');
    t.equal(retries.length, 1);
  });
}

t.test('a slow attempt that finishes under the deadline succeeds', async (t) => {
  const page = JSON.stringify({items: [{id: 1}, {id: 2}]}).slice(1);
  const server = await rawServer(t, (_request, response) => drip(response, '{', 5, 20, page));
  const api = rawClient(t, server.url, {requestTimeout: 10_000, retry: {retries: 0}});
  t.same(await api.exportEvents().toArray(), [{id: 1}, {id: 2}]);
  t.equal(server.requests(), 1);
});

t.test('the by-id methods have the same deadline', async (t) => {
  const server = await rawServer(t, (_request, response) => drip(response, '{"id":', 5));
  const api = rawClient(t, server.url, {requestTimeout: 150});
  await t.rejects(api.exportSessionById('s1'), {
    code: 'ERR_EXPORT_TIMEOUT',
    message: /^exportSessionById GET \/session\/s1 failed: took longer than the 150 ms request timeout/,
  });
  t.equal(server.requests(), 2);
});

t.test('aborting with the user’s signal rejects with the user’s reason, not a timeout', async (t) => {
  let arrived: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = await rawServer(t, (_request, response) => {
    drip(response, '{"items":[', 5);
    arrived();
  });
  const api = rawClient(t, server.url, {requestTimeout: 60_000});
  const controller = new AbortController();
  const reason = new Error('the user stopped it');
  const done = api.exportEvents({signal: controller.signal}).toArray();
  await started;
  controller.abort(reason);
  await t.rejects(done, reason);
  t.equal(server.requests(), 1);

  const byId = new AbortController();
  const byIdReason = new Error('the user stopped the lookup');
  const lookup = api.exportEventById('e1', {signal: byId.signal});
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (server.requests() === 2) {
        clearInterval(poll);
        resolve();
      }
    }, 2);
  });
  byId.abort(byIdReason);
  await t.rejects(lookup, byIdReason);
});

t.test('withDeadline: an attempt started with an aborted signal sees the reason at once', async (t) => {
  const controller = new AbortController();
  const reason = new Error('aborted before');
  controller.abort(reason);
  await t.rejects(
    withDeadline({requestTimeout: 60_000}, controller.signal, context, async (signal) => {
      t.equal(signal.aborted, true);
      throw signal.reason;
    }),
    reason,
  );
});

t.test('withDeadline: a user abort that races the deadline keeps the user’s reason', async (t) => {
  const user = new AbortController();
  const reason = new Error('the user gave up at the same moment');
  await t.rejects(
    withDeadline(
      {requestTimeout: 1},
      user.signal,
      context,
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            // The deadline fired; the user aborts before the attempt has even settled.
            user.abort(reason);
            reject(reason);
          });
        }),
    ),
    reason,
  );
});

t.test('withDeadline: a failure before the deadline passes through, and the timer is cleared', async (t) => {
  const failure = new Error('refused');
  await t.rejects(
    withDeadline({requestTimeout: 20}, new AbortController().signal, context, async () => {
      throw failure;
    }),
    failure,
  );
  t.equal(await withDeadline({requestTimeout: 20}, new AbortController().signal, context, async () => 7), 7);
});

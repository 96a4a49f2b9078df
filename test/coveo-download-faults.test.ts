import {readdir} from 'node:fs/promises';
import type {Readable} from 'node:stream';
import t from 'tap';
import {Agent} from 'undici';
import {collect, coveoSetup, keyOf, twoDays} from './helpers/coveo.js';

/** Resolves once the stream has closed (its source's clean-up has run). */
async function closed(stream: Readable): Promise<void> {
  if (!stream.closed) await new Promise((resolve) => stream.once('close', resolve));
}

const options = {
  ...twoDays,
  tables: ['SEARCHES', 'CLICKS'] as ('SEARCHES' | 'CLICKS')[],
  pollInterval: 1,
  pageSize: 10,
};

t.test('the zip is spooled to a directory that is gone at the end, on error and on destroy', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 20});
  const tempDir = t.testdir();
  const seen: string[][] = [];
  const ended = api.exportRows({...options, tempDir});
  ended.on('data', async () => seen.push(await readdir(tempDir)));
  t.equal((await collect(ended)).length, 80);
  t.ok(
    seen.some((names) => names.length === 1 && names[0]?.startsWith('export-stream-coveo-')),
    'spooled',
  );
  t.same(await readdir(tempDir), [], 'removed at the end');

  const destroyed = api.exportRows({...options, tempDir});
  destroyed.once('data', () => destroyed.destroy());
  await t.rejects(collect(destroyed));
  await closed(destroyed);
  t.same(await readdir(tempDir), [], 'removed on destroy');

  // The export expires between the poll that saw it available and its download.
  const exportId = simulator.exports()[0]!.id;
  const failing = api.exportRows({tempDir, exportId, pollInterval: 1});
  failing.on('status', () => simulator.expireExport(exportId));
  await t.rejects(collect(failing), {code: 'ERR_EXPORT_HTTP', status: 409});
  await closed(failing);
  t.same(await readdir(tempDir), [], 'removed on error');
});

t.test(
  'a transfer cut short is retried; a link that expired meanwhile is replaced (Range: see the raw tests)',
  async (t) => {
    let simulator: Awaited<ReturnType<typeof coveoSetup>>['simulator'] | undefined;
    let cut = false;
    // Cuts the first storage transfer: the fault is armed as the client sends that request.
    const dispatcher = new Agent().compose((dispatch) => (request, handler) => {
      if (!cut && String(request.path).startsWith('/storage/')) {
        cut = true;
        simulator?.failNext('reset-mid-body');
      }
      return dispatch(request, handler);
    });
    t.teardown(() => dispatcher.destroy());
    const setup = await coveoSetup(t, {rowsPerDay: 200}, {dispatcher});
    const {api} = setup;
    simulator = setup.simulator;
    cut = true;
    const reference = (await collect(api.exportRows({...options}))).map(keyOf);
    const exportId = simulator.exports()[0]!.id;
    simulator.resetStats();
    const stream = api.exportRows({exportId, pollInterval: 1});
    const retries: string[] = [];
    stream.on('retry', ({error}: {error: Error & {code: string}}) => {
      retries.push(error.code);
      // The link dies while the client waits to retry: the next attempt meets a 403.
      simulator.expireLinks();
    });
    cut = false;
    const rows = (await collect(stream)).map(keyOf);
    t.same(rows, reference, 'every row once, in order');
    t.same(retries, ['ERR_EXPORT_NETWORK']);
    t.equal(simulator.storage.expiredLinks, 1, 'storage refused the expired link once');
    t.equal(simulator.storage.authorizationSeen, false);
  },
);

t.test(
  'a link that keeps expiring fails after a few fresh ones, naming storage without the signature',
  async (t) => {
    // Every link has expired by the time it is used: ended just before each storage request goes
    // out (a short linkTtlMs would race a fast machine).
    let simulator: Awaited<ReturnType<typeof coveoSetup>>['simulator'] | undefined;
    const dispatcher = new Agent().compose((dispatch) => (request, handler) => {
      if (String(request.path).startsWith('/storage/')) {
        simulator?.expireLinks();
      }
      return dispatch(request, handler);
    });
    t.teardown(() => dispatcher.destroy());
    const setup = await coveoSetup(t, {rowsPerDay: 10}, {dispatcher});
    simulator = setup.simulator;
    const {api} = setup;
    const error = (await collect(api.exportRows({...options})).catch((failure: unknown) => failure)) as Error;
    t.match(error, {
      code: 'ERR_EXPORT_FORBIDDEN',
      status: 403,
      message:
        /^exportRows GET \(storage\) \/storage\/[^?]+ failed with HTTP 403: an XML body: AccessDenied Request has expired/,
    });
    t.notMatch(error.message, /X-Amz-Signature|\?/);
    t.equal(simulator.storage.expiredLinks, 4, 'the first link and three fresh ones');
  },
);

t.test('429 and 5xx answers are retried on every route', async (t) => {
  const {simulator, api} = await coveoSetup(t, {rowsPerDay: 10});
  const retries: number[] = [];
  const stream = api.exportRows({...options, split: true});
  stream.on('retry', ({error}: {error: {status: number}}) => retries.push(error.status));
  simulator.failNext('rate-limit', {count: 2, retryAfter: 0});
  simulator.failNext('server-error');
  simulator.failNext('bad-gateway');
  t.equal((await collect(stream)).length, 40);
  t.same(retries, [429, 429, 500, 502]);
  t.equal(simulator.exports().length, 1);
});

for (const [errorStyle, detail] of [
  ['message-type', /failed with HTTP 401: .+ \[UNAUTHORIZED\]$/],
  ['error-code', /failed with HTTP 401: .+ \[UNAUTHORIZED\]$/],
  ['html', /failed with HTTP 401: an HTML page: .+/],
] as const) {
  t.test(`a ${errorStyle} error body becomes a readable message`, async (t) => {
    const {api} = await coveoSetup(t, {errorStyle}, {accessToken: 'xxwrong-token-0123456789'});
    const error = (await collect(api.exportRows({...options})).catch((failure: unknown) => failure)) as Error;
    t.match(error, {name: 'HttpError', code: 'ERR_EXPORT_UNAUTHORIZED', status: 401, message: detail});
    t.match(error.message, /^exportRows GET \/v15\/exports\/rowLimit failed/);
    t.notMatch(JSON.stringify({...error, message: error.message}), /wrong-token/);
  });
}

import {gzipSync} from 'node:zlib';
import t from 'tap';
import {OpenPanelApi} from '../lib/openpanel/export-api.js';
import {rawServer} from './helpers/raw-server.js';

const clientId = '0a1b2c3d-0000-4000-8000-00000000abcd';

t.test('a page too large for a string names a remedy that OpenPanel exports accept', async (t) => {
  // A gzip bomb: 300 MB of spaces in about 300 KB.
  const bomb = gzipSync(Buffer.alloc(300 * 1024 * 1024, 0x20), {level: 9});
  const server = await rawServer(t, (_request, response) => {
    response.writeHead(200, {'content-type': 'application/json', 'content-encoding': 'gzip'});
    response.end(bomb);
  });
  const api = new OpenPanelApi({
    clientId,
    clientSecret: 'secret-value',
    baseUrl: server.url,
    projectId: 'demo',
    rateLimit: false,
    retry: {retries: 0},
  });
  let failure: Error | undefined;
  try {
    for await (const _ of api.exportEvents({start: '2026-01-01', end: '2026-01-02'})) {
    }
  } catch (error) {
    failure = error as Error;
  }
  t.equal((failure as {code?: string})?.code, 'ERR_EXPORT_TOO_LARGE');
  const advised = /`parser: 'incremental'`/.test(failure?.message ?? '');
  let accepted = true;
  try {
    api.exportEvents({parser: 'incremental'} as never);
  } catch {
    accepted = false;
  }
  t.ok(!advised || accepted, `the advice can be followed: ${failure?.message}`);
});

import t from 'tap';
import {OpenPanelApi} from '../lib/openpanel/export-api.js';
import {rawServer} from './helpers/raw-server.js';

const clientId = '0a1b2c3d-0000-4000-8000-00000000abcd';

t.test(
  'a 429 with a huge Retry-After is capped by maxRetryAfter, not a pause of the whole client id',
  async (t) => {
    let requests = 0;
    const server = await rawServer(t, (_request, response) => {
      requests++;
      if (requests === 1) {
        response.writeHead(429, {'content-type': 'application/json', 'retry-after': '3600'});
        response.end('{"status":429,"message":"slow down"}');
        return;
      }
      response.writeHead(200, {'content-type': 'application/json'});
      response.end(JSON.stringify({meta: {count: 0, totalCount: 0, pages: 0, current: 1}, data: []}));
    });
    const api = new OpenPanelApi({
      clientId,
      clientSecret: 'secret',
      baseUrl: server.url,
      projectId: 'demo',
      retry: {retries: 2, minDelay: 1, maxDelay: 5, maxRetryAfter: 50, maxRetryTime: 2000},
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('still waiting after 4 s')), 4000);
    t.teardown(() => clearTimeout(timer));
    const started = performance.now();
    let failure: unknown;
    try {
      for await (const _ of api.exportEvents({
        start: '2026-01-01',
        end: '2026-01-02',
        signal: controller.signal,
      })) {
      }
    } catch (error) {
      failure = error;
    }
    t.equal(failure, undefined, `the export finished: ${String(failure)}`);
    t.ok(
      performance.now() - started < 4000,
      'within the retry budget (maxRetryAfter 50 ms, maxRetryTime 2 s)',
    );
    t.equal(requests, 2, 'one retry');
  },
);

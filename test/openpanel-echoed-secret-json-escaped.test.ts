import {inspect} from 'node:util';
import t from 'tap';
import {OpenPanelApi} from '../lib/openpanel/export-api.js';
import {rawServer} from './helpers/raw-server.js';

const clientId = '0a1b2c3d-0000-4000-8000-00000000abcd';

for (const secret of ['pa"ss\\word-1234', 'pässwörd-ünïcode-1234', 'sec/with+base64=chars']) {
  t.test(
    `a secret echoed in a JSON error body never reaches the error (${secret.length} chars)`,
    async (t) => {
      const server = await rawServer(t, (request, response) => {
        const given = String(request.headers['openpanel-client-secret']);
        response.writeHead(401, {'content-type': 'application/json'});
        // A server that escapes like PHP/Jackson would: non-ASCII as \u, "/" as "\/".
        const body = JSON.stringify({
          error: 'Unauthorized',
          message: `Export: Invalid client secret ${given}`,
        })
          .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
          .replace(/\//g, '\\/');
        response.end(body);
      });
      const api = new OpenPanelApi({
        clientId,
        clientSecret: secret,
        baseUrl: server.url,
        projectId: 'demo',
        rateLimit: false,
        retry: {retries: 0},
      });
      let failure: unknown;
      try {
        for await (const _ of api.exportEvents({start: '2026-01-01', end: '2026-01-02'})) {
        }
      } catch (error) {
        failure = error;
      }
      t.equal((failure as {code?: string}).code, 'ERR_EXPORT_UNAUTHORIZED');
      t.notOk(inspect(failure, {depth: 10}).includes(secret), 'not in the error, its message or its problem');
    },
  );
}

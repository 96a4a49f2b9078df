import {pipeline} from 'node:stream/promises';
import type {Route} from '../../service/http/router.js';
import {ensureOk} from '../api-client.js';
import {type WebContext, webRoute} from '../web-route.js';

const PASSED_ON = ['content-type', 'content-length', 'content-disposition'] as const;

/**
 * `GET /web/exports/{id}/download?job=ID`: the file streamed from `GET /exports/{id}/download` with
 * the session's token (the browser never holds it), its type, length and name passed on.
 */
export function downloadRoute(web: WebContext): Route {
  return webRoute(web, 'GET', '/web/exports/{id}/download', async ({params, url, response, stream}) => {
    const job = url.searchParams.get('job');
    const query = job === null ? '' : `?job=${encodeURIComponent(job)}`;
    const reply = await stream(`/exports/${encodeURIComponent(params.id!)}/download${query}`);
    if (reply.status !== 200) {
      const text = await reply.body.text();
      ensureOk({status: reply.status, json: JSON.parse(text)});
    }
    const headers: Record<string, string> = {'cache-control': 'private, no-store'};
    for (const name of PASSED_ON) {
      headers[name] = String(reply.headers[name]);
    }
    response.writeHead(200, headers);
    await pipeline(reply.body, response);
  });
}

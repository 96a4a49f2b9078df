import type {Route} from '../../service/http/router.js';
import {ensureOk} from '../api-client.js';
import {nextWindowDue} from '../next-window.js';
import {deletePage} from '../pages/delete-page.js';
import {type DetailView, detailPage, liveFragments} from '../pages/detail-page.js';
import {redirect, sendHtml, sendWebJson} from '../respond.js';
import {type WebContext, type WebExchange, webRoute} from '../web-route.js';

/** The request and its jobs, through `GET /exports/{id}` and `GET /exports/{id}/jobs` (404 for another user's). */
async function load(exchange: WebExchange): Promise<DetailView> {
  const path = `/exports/${encodeURIComponent(exchange.params.id!)}`;
  const resource = ensureOk(await exchange.api('GET', path)).json;
  const jobs = ensureOk(await exchange.api('GET', `${path}/jobs`)).json.items;
  const {web} = exchange;
  return {resource, jobs, next: nextWindowDue(resource, web.now()), pollInterval: web.pollInterval};
}

/** One request's page, its live fragments, run now, and delete with its confirmation. */
export function requestRoutes(web: WebContext): Route[] {
  return [
    webRoute(web, 'GET', '/web/exports/{id}', async (exchange) => {
      sendHtml(exchange.response, 200, detailPage(exchange.session!, await load(exchange)));
    }),
    webRoute(web, 'GET', '/web/exports/{id}/live', async (exchange) => {
      sendWebJson(exchange.response, liveFragments(await load(exchange)));
    }),
    webRoute(web, 'POST', '/web/exports/{id}/run', async ({params, response, session, api}) => {
      const path = `/exports/${encodeURIComponent(params.id!)}`;
      ensureOk(await api('POST', `${path}/run`));
      session!.flash = 'Queued: the job runs again now.';
      redirect(response, `/web${path}`);
    }),
    webRoute(web, 'GET', '/web/exports/{id}/delete', async ({params, response, session, api}) => {
      const {json} = ensureOk(await api('GET', `/exports/${encodeURIComponent(params.id!)}`));
      sendHtml(response, 200, deletePage(session!, json.id, json.name));
    }),
    webRoute(web, 'POST', '/web/exports/{id}/delete', async ({params, response, session, api}) => {
      ensureOk(await api('DELETE', `/exports/${encodeURIComponent(params.id!)}`));
      session!.flash = 'The export request was deleted, with its files.';
      redirect(response, '/web/');
    }),
  ];
}

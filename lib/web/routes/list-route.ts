import type {Route} from '../../service/http/router.js';
import {ensureOk} from '../api-client.js';
import {nextWindowDue} from '../next-window.js';
import {listPage} from '../pages/list-page.js';
import {sendHtml} from '../respond.js';
import {type WebContext, webRoute} from '../web-route.js';

/** `GET /web/`: the user's requests, through `GET /exports` with the filters and the page asked for. */
export function listRoute(web: WebContext): Route {
  return webRoute(web, 'GET', '/web/', async ({url, response, session, api}) => {
    const status = url.searchParams.get('status') ?? '';
    const type = url.searchParams.get('type') ?? '';
    const query = new URLSearchParams({
      page: url.searchParams.get('page') ?? '1',
      pageSize: String(web.pageSize),
      sort: '-createdAt',
    });
    if (status !== '') {
      query.set('status', status);
    }
    if (type !== '') {
      query.set('type', type);
    }
    const {json} = ensureOk(await api('GET', `/exports?${query}`));
    const now = web.now();
    const next = new Map<string, string | undefined>(
      json.items.map((item: Record<string, unknown>) => [item.id, nextWindowDue(item, now)]),
    );
    sendHtml(
      response,
      200,
      listPage(session!, {
        items: json.items,
        page: json.page,
        pageSize: json.pageSize,
        total: json.total,
        status,
        type,
        next,
      }),
    );
  });
}

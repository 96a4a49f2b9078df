import {sendJson} from '../http/api-error.js';
import type {Route} from '../http/router.js';
import {exportResource} from '../present.js';
import {listQuery} from './list-query.js';

/**
 * `GET /exports`: the caller's requests, filtered by `status` (repeatable; `status[]` too), `type`,
 * `from`/`to` (on `createdAt`), sorted by `sort`, one `page` of `pageSize` at a time.
 */
export const listExports: Route = {
  method: 'GET',
  path: '/exports',
  handle({url, response, user, service}) {
    const query = listQuery(url.searchParams);
    const field = query.sort.replace(/^-/, '') as 'createdAt' | 'updatedAt' | 'name';
    const direction = query.sort.startsWith('-') ? -1 : 1;
    const matching = service.store
      .all()
      .filter((record) => record.userId === user!.id)
      .map(exportResource)
      .filter(
        (resource) =>
          (query.status.length === 0 || query.status.includes(resource.status)) &&
          (query.type === undefined || resource.type === query.type) &&
          (query.from === undefined || resource.createdAt >= query.from) &&
          (query.to === undefined || resource.createdAt < query.to),
      )
      .sort(
        (a, b) => direction * String(a[field]).localeCompare(String(b[field])) || a.id.localeCompare(b.id),
      );
    const start = (query.page - 1) * query.pageSize;
    sendJson(response, 200, {
      items: matching.slice(start, start + query.pageSize),
      page: query.page,
      pageSize: query.pageSize,
      total: matching.length,
    });
  },
};

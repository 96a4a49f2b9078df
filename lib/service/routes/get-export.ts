import {sendJson} from '../http/api-error.js';
import type {Route} from '../http/router.js';
import {exportResource, ownRecord} from '../present.js';

/** `GET /exports/{id}`: one of the caller's requests. */
export const getExport: Route = {
  method: 'GET',
  path: '/exports/{id}',
  handle(context) {
    sendJson(context.response, 200, exportResource(ownRecord(context)));
  },
};

import {sendJson} from '../http/api-error.js';
import type {Route} from '../http/router.js';

/** `GET /openapi.json`: the OpenAPI 3.1 document of this API (public). */
export const openapiRoute: Route = {
  method: 'GET',
  path: '/openapi.json',
  public: true,
  handle({response, service}) {
    sendJson(response, 200, service.openapi);
  },
};

import type {IncomingMessage, ServerResponse} from 'node:http';
import type {FaultBody} from '../core/exchange.js';
import {injectFault, send, track} from '../core/exchange.js';
import type {CoveoContext} from './context.js';
import type {ApiError} from './error-body.js';
import {apiErrorBody, JSON_TYPE} from './error-body.js';
import {ParamError} from './export-params.js';
import type {RouteCall} from './export-routes.js';
import {
  createExport,
  deleteExport,
  downloadLink,
  estimate,
  getExport,
  listExports,
  rowLimit,
} from './export-routes.js';
import {apiError} from './respond.js';
import {serveStorage} from './storage-route.js';

/** A route of the export API: its template in the stats, and how it answers. */
type Route = {template: string; run: (call: RouteCall) => void | Promise<void>};

const EXPORTS = /^\/v15\/exports(?:\/([^/]+)(?:\/(downloadlink))?)?$/;
const HEALTH = new Set(['/v15/exports/status', '/v15/exports/monitoring/health']);

/** A known path asked with another method: the methods it takes, for the 405's `Allow` header. */
type WrongMethod = {allow: string};

function routeOf(method: string, path: string): Route | WrongMethod | undefined {
  const match = EXPORTS.exec(path);
  if (match === null) {
    return undefined;
  }
  const [, id, sub] = match;
  const routes: Record<string, Route> =
    id === undefined
      ? {
          GET: {template: '/v15/exports', run: listExports},
          POST: {template: '/v15/exports', run: (call) => createExport(call, false)},
        }
      : sub !== undefined
        ? {GET: {template: '/v15/exports/{id}/downloadlink', run: (call) => downloadLink(call, id)}}
        : id === 'estimate' || id === 'rowLimit'
          ? {GET: {template: `/v15/exports/${id}`, run: id === 'estimate' ? estimate : rowLimit}}
          : id === 'create'
            ? {POST: {template: '/v15/exports/create', run: (call) => createExport(call, true)}}
            : {
                GET: {template: '/v15/exports/{id}', run: (call) => getExport(call, id)},
                DELETE: {template: '/v15/exports/{id}', run: (call) => deleteExport(call, id)},
              };
  return routes[method] ?? {allow: Object.keys(routes).join(', ')};
}

/** Who the bearer token is: the refusal when it may not use the export API. */
function refusal(context: CoveoContext, request: IncomingMessage, url: URL): ApiError | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined) {
    return {
      status: 401,
      type: 'UNAUTHORIZED',
      message: 'Full authentication is required to access this resource.',
    };
  }
  const {accessToken, noPrivilegeToken, organizationId} = context.options;
  if (token !== accessToken && token !== noPrivilegeToken) {
    return {status: 401, type: 'UNAUTHORIZED', message: 'The access token is invalid or expired.'};
  }
  const org = url.searchParams.get('org');
  if (org !== null && org !== organizationId) {
    return {status: 403, type: 'ACCESS_DENIED', message: `Access to organization '${org}' is denied.`};
  }
  if (token === noPrivilegeToken) {
    const message = "The access token lacks the privilege 'Analytics - Data exports - Edit'.";
    return {status: 403, type: 'ACCESS_DENIED', message};
  }
  return undefined;
}

function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8'))));
}

function faultBody(context: CoveoContext): FaultBody {
  return (kind) => {
    const error =
      kind === 'rate-limit'
        ? {status: 429, type: 'TOO_MANY_REQUESTS', message: 'Too many requests; retry later.'}
        : {status: 500, type: 'INTERNAL_ERROR', message: 'An unexpected error occurred.'};
    return apiErrorBody(context.options.errorStyle, error);
  };
}

async function answer(call: RouteCall, route: Route | WrongMethod | undefined): Promise<void> {
  const {context, request, response, url, exchange} = call;
  const message = `No route for ${request.method} ${url.pathname}.`;
  if (route === undefined) {
    apiError(context, response, {status: 404, type: 'NOT_FOUND', message});
    return;
  }
  if ('allow' in route) {
    // RFC 9110 §15.5.6: a 405 must list the methods the resource takes.
    apiError(context, response, {status: 405, type: 'METHOD_NOT_ALLOWED', message}, {allow: route.allow});
    return;
  }
  exchange.template = route.template;
  const refused = refusal(context, request, url);
  if (refused !== undefined) {
    apiError(context, response, refused);
    return;
  }
  const wait = context.limiter?.take(context.options.accessToken);
  if (wait !== undefined) {
    const error = {status: 429, type: 'TOO_MANY_REQUESTS', message: 'Too many requests; retry later.'};
    apiError(context, response, error, {'retry-after': String(wait)});
    return;
  }
  if (injectFault(context.core, exchange, request, response, faultBody(context), url.pathname)) {
    return;
  }
  await route.run(call);
}

/** Answers one request: health, the export routes (auth, org, rate limit, faults, then the route), storage. */
function handle(context: CoveoContext, request: IncomingMessage, response: ServerResponse): void {
  // A server's requests always have a URL and a method (only client-side messages lack them).
  const url = new URL(request.url as string, 'http://simulator.invalid');
  const body = request.method === 'POST' ? readBody(request) : Promise.resolve('');
  const exchange = track(context.core, request, response, url);
  if (HEALTH.has(url.pathname) && request.method === 'GET') {
    send(context.core, response, 200, {'content-type': JSON_TYPE}, JSON.stringify({status: 'UP'}));
    return;
  }
  const call: RouteCall = {context, request, response, url, exchange, body};
  const work = url.pathname.startsWith('/storage/')
    ? serveStorage(context, request, response, url, exchange)
    : answer(call, routeOf(request.method as string, url.pathname));
  work.catch((error: unknown) => {
    if (error instanceof ParamError) {
      apiError(context, response, {status: 400, type: 'INVALID_PARAMETER', message: error.message});
      return;
    }
    /* c8 ignore next 2 -- a bug in the simulator: fail this request, not the process */
    response.destroy();
  });
}

export {handle};

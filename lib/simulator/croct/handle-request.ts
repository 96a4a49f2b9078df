import type {IncomingMessage, ServerResponse} from 'node:http';
import type {FaultBody, ServerCore} from '../core/exchange.js';
import {injectFault, send, track} from '../core/exchange.js';
import type {PlannedFault} from '../core/faults.js';
import {isUuidV4} from '../core/random.js';
import type {CursorCodec} from './cursor.js';
import type {ResolvedOptions} from './options.js';
import {FAULT_PROBLEMS, invalidInput, PROBLEM_TYPES, problem} from './problem.js';
import {parseListQuery} from './query.js';
import type {Resource} from './resources.js';
import {listPage} from './resources.js';
import type {Route} from './routes.js';
import {matchRoute} from './routes.js';

/** What request handling needs from a running Croct simulator. */
type Context = {
  core: ServerCore;
  options: ResolvedOptions;
  resources: Record<Route['resource'], Resource>;
  cursors: CursorCodec;
};

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';

function respond(
  context: Context,
  response: ServerResponse,
  status: number,
  body: unknown,
  extra: {list?: boolean; fault?: PlannedFault; headers?: Record<string, string>} = {},
): void {
  send(
    context.core,
    response,
    status,
    {'content-type': status < 300 ? JSON_TYPE : PROBLEM_TYPE, ...extra.headers},
    Buffer.isBuffer(body) ? body : JSON.stringify(body),
    {list: extra.list === true, fault: extra.fault?.kind},
  );
}

/** Croct's problem bodies for the faults that answer with a status. */
const faultBody: FaultBody = (kind, path) => {
  const {status, type, title} = FAULT_PROBLEMS[kind];

  return {
    contentType: PROBLEM_TYPE,
    body: JSON.stringify(problem(status, type, title, 'A fault injected by the simulator.', path)),
  };
};

function authenticate(context: Context, request: IncomingMessage, path: string): unknown {
  const key = request.headers['x-api-key'];

  if (typeof key !== 'string' || !isUuidV4(key)) {
    return problem(
      401,
      PROBLEM_TYPES.invalidApiKey,
      'Invalid API key',
      'The API key must be a UUID v4.',
      path,
    );
  }

  if (!context.options.apiKeys.has(key.toLowerCase())) {
    return problem(
      401,
      PROBLEM_TYPES.unknownApiKey,
      'Unknown API key',
      'The API key is not recognized.',
      path,
    );
  }

  return undefined;
}

function handleList(
  context: Context,
  response: ServerResponse,
  route: Route,
  url: URL,
  fault: PlannedFault | undefined,
): void {
  const {options, resources, cursors} = context;

  const query = parseListQuery({
    params: url.searchParams,
    resource: route.resource,
    path: url.pathname,
    unit: options.timeUnit,
    version: options.schemaVersion,
    cursors,
  });

  if ('violations' in query) {
    respond(context, response, 400, invalidInput(query.violations, url.pathname), {
      list: true,
      ...(fault && {fault}),
    });

    return;
  }

  const resource = resources[route.resource];
  const body = context.core.pages.get(`${route.resource}${url.search}#${resource.count()}`, () => {
    const page = listPage(resource, query.scope, query.position, cursors);
    const envelope =
      route.resource === 'events'
        ? {items: page.items, metadata: options.metadata, nextCursor: page.nextCursor}
        : page;
    return Buffer.from(JSON.stringify(envelope));
  });

  respond(context, response, 200, body, {list: true, ...(fault && {fault})});
}

function handleById(
  context: Context,
  response: ServerResponse,
  route: Route & {kind: 'by-id'},
  path: string,
): void {
  const resource = context.resources[route.resource];
  const index = resource.indexOf(route.id);

  if (index === undefined) {
    respond(
      context,
      response,
      404,
      problem(
        404,
        PROBLEM_TYPES.notFound,
        'Not found',
        `No ${resource.name.slice(0, -1)} has this id.`,
        path,
      ),
    );

    return;
  }

  const item = resource.item(index);

  respond(
    context,
    response,
    200,
    route.resource === 'events' ? {metadata: context.options.metadata, event: item} : item,
  );
}

/** Answers one request: routing, 405, auth, faults, parameters, then the page or the item. */
function handle(context: Context, request: IncomingMessage, response: ServerResponse): void {
  // A server's requests always have a URL and a method (only client-side messages lack them).
  const url = new URL(request.url as string, 'http://simulator.invalid');
  const path = url.pathname;
  const route = matchRoute(path);
  const exchange = track(context.core, request, response, url);

  exchange.template = route?.template ?? path;

  if (route === undefined) {
    respond(
      context,
      response,
      404,
      problem(404, PROBLEM_TYPES.notFound, 'Not found', 'No endpoint has this path.', path),
    );

    return;
  }

  if (request.method !== 'GET') {
    const body = problem(
      405,
      PROBLEM_TYPES.methodNotAllowed,
      'Method not allowed',
      'Only GET is supported.',
      path,
    );

    respond(context, response, 405, body, {headers: {allow: 'GET'}});

    return;
  }

  const denied = authenticate(context, request, path);

  if (denied !== undefined) {
    respond(context, response, 401, denied);

    return;
  }

  if (route.kind === 'by-id') {
    handleById(context, response, route, path);

    return;
  }

  if (injectFault(context.core, exchange, request, response, faultBody, path)) {
    return;
  }

  handleList(context, response, route, url, exchange.fault);
}

export type {Context};
export {handle};

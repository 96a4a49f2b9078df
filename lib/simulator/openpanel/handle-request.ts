import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';
import type {FaultBody, ServerCore} from '../core/exchange.js';
import {injectFault, send, track} from '../core/exchange.js';
import type {FaultKind} from '../core/options.js';
import {authenticate, projectOf} from './auth.js';
import type {ChartsQuery} from './charts.js';
import {chart, validateChartsQuery} from './charts.js';
import {QueryError, validateEventsQuery} from './events-query.js';
import type {Population} from './generate-event.js';
import type {EventTable} from './list-events.js';
import {listEvents} from './list-events.js';
import type {ResolvedOpenPanelOptions} from './options.js';
import {parseQuery} from './query-string.js';
import type {RateLimiter} from './rate-limiter.js';
import {renderEvents} from './render.js';

/** What request handling needs from a running OpenPanel simulator. */
type Context = {
  core: ServerCore;
  options: ResolvedOpenPanelOptions;
  population: Population;
  /** The table of a project (an empty one for projects without events); brought up to date first. */
  tableOf: (projectId: string) => EventTable;
  limiter: RateLimiter | undefined;
};

const JSON_TYPE = 'application/json; charset=utf-8';

const TOO_MANY = {
  status: 429,
  error: 'Too Many Requests',
  message: 'You have exceeded the rate limit for this endpoint.',
};

/** OpenPanel's bodies for injected faults: its 429 JSON, and plain text for every 5xx. */
const faultBody: FaultBody = (kind) =>
  kind === 'rate-limit'
    ? {contentType: JSON_TYPE, body: JSON.stringify(TOO_MANY)}
    : {contentType: 'text/plain; charset=utf-8', body: 'Internal server error'};

function json(
  context: Context,
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders,
  extra: {list?: boolean; fault?: FaultKind | undefined} = {},
): void {
  send(context.core, response, status, {'content-type': JSON_TYPE, ...headers}, JSON.stringify(body), extra);
}

function answer(
  context: Context,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  headers: OutgoingHttpHeaders,
  exchange: ReturnType<typeof track>,
): void {
  const parsed = parseQuery(url.search);
  const events = url.pathname === '/export/events';
  const now = Date.now();
  // Fastify validates the query (400) before the preHandler authenticates (401).
  const valid = events ? validateEventsQuery(parsed) : validateChartsQuery(parsed, now);
  const client = authenticate(context.options, request);
  if ('status' in client) {
    json(context, response, client.status, client.body, headers);
    return;
  }
  const project = projectOf(context.options, client, valid.projectId);
  if (typeof project !== 'string') {
    json(context, response, project.status, project.body, headers);
    return;
  }
  if (injectFault(context.core, exchange, request, response, faultBody, url.pathname)) {
    return;
  }
  const table = context.tableOf(project);
  const fault = exchange.fault?.kind;
  if (!events) {
    json(context, response, 200, chart(table, context.population.seed, valid as ChartsQuery), headers, {
      list: true,
      fault,
    });
    return;
  }
  const query = valid as ReturnType<typeof validateEventsQuery>;
  const build = (): Buffer => {
    const page = listEvents(table, context.population, query, project, now);
    const data = renderEvents(page.rows, {
      includes: query.includes,
      projectId: project,
      population: context.population,
      since: context.options.window.start,
    });
    return Buffer.from(JSON.stringify({meta: page.meta, data}));
  };
  // A page with both dates and no profile stub (stamped with the time of the request) depends only on
  // the query and the table, which only grows: repeated walks are served from the cache.
  const cacheable = Boolean(query.start) && Boolean(query.end) && !query.includes.includes('profile');
  const body = cacheable ? context.core.pages.get(`${project}${url.search}#${table.size}`, build) : build();
  send(context.core, response, 200, {'content-type': JSON_TYPE, ...headers}, body, {list: true, fault});
}

/** Answers one request: routing (Fastify's 404), the rate limit, validation, auth, project, faults, then the page. */
function handle(context: Context, request: IncomingMessage, response: ServerResponse): void {
  // A server's requests always have a URL and a method (only client-side messages lack them).
  const url = new URL(request.url as string, 'http://simulator.invalid');
  const exchange = track(context.core, request, response, url);
  const route = url.pathname === '/export/events' || url.pathname === '/export/charts';
  if (!route || request.method !== 'GET') {
    const body = {
      message: `Route ${request.method}:${url.pathname} not found`,
      error: 'Not Found',
      statusCode: 404,
    };
    json(context, response, 404, body, {});
    return;
  }
  const decision = context.limiter?.take(request);
  const headers = decision?.headers ?? {};
  if (decision?.limited === true) {
    json(context, response, 429, TOO_MANY, headers);
    return;
  }
  try {
    answer(context, request, response, url, headers, exchange);
  } catch (error) {
    if (error instanceof QueryError) {
      json(context, response, 400, {status: 400, error: 'FastifyError', message: error.message}, headers);
      return;
    }
    // Anything else (an invalid date, a fractional OFFSET, a bad regex) fails like OpenPanel in production.
    const type = {'content-type': 'text/plain; charset=utf-8', ...headers};
    send(context.core, response, 500, type, 'Internal server error');
  }
}

export type {Context};
export {handle};

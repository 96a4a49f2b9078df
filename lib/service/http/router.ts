import type {IncomingMessage, ServerResponse} from 'node:http';
import type {ServiceContext} from '../context.js';
import {authenticate} from '../tokens.js';
import type {ServiceUser} from '../types.js';
import {ApiError, sendError} from './api-error.js';

/** What a handler gets: the exchange, the path parameters, the caller and the service. */
export type RouteContext = {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  /** `{id}` of `/exports/{id}`, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The authenticated user; undefined only on public routes. */
  readonly user: ServiceUser | undefined;
  readonly service: ServiceContext;
};

/** One route. A web page mounted next to the API adds its own (`public: true` for its assets). */
export type Route = {
  readonly method: string;
  /** A path template: `/exports/{id}/jobs`. */
  readonly path: string;
  /** Served without a bearer token. @default false */
  readonly public?: boolean;
  handle(context: RouteContext): Promise<void> | void;
};

type Compiled = {route: Route; pattern: RegExp; names: string[]};

/**
 * A small method-and-path router over node:http (no framework: the API has eight routes). Unknown
 * paths answer 404, a known path with another method 405 with `Allow`, a protected route without a
 * valid token 401; a handler's {@link ApiError} becomes its JSON body, anything else a 500.
 */
export class Router {
  readonly #routes: Compiled[] = [];

  /** Adds routes; the first added wins when two match. */
  add(...routes: readonly Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      this.#routes.push({route, pattern: new RegExp(`^${source}$`), names});
    }
  }

  /** Answers one request. */
  async handle(request: IncomingMessage, response: ServerResponse, service: ServiceContext): Promise<void> {
    // A server's request always has a URL.
    const url = new URL(request.url!, 'http://localhost');
    try {
      const matches = this.#routes.flatMap((compiled) => {
        const match = compiled.pattern.exec(url.pathname);
        return match === null ? [] : [{compiled, match}];
      });
      const found = matches.find(({compiled}) => compiled.route.method === request.method);
      if (found === undefined) {
        if (matches.length === 0) {
          throw new ApiError('ERR_NOT_FOUND', `No route ${url.pathname}`);
        }
        const allow = [...new Set(matches.map(({compiled}) => compiled.route.method))].join(', ');
        throw new ApiError('ERR_METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${allow}`, {
          headers: {allow},
        });
      }
      const {compiled, match} = found;
      const params: Record<string, string> = {};
      compiled.names.forEach((name, index) => {
        params[name] = decodeSegment(match[index + 1]!);
      });
      let user: ServiceUser | undefined;
      if (compiled.route.public !== true) {
        user = authenticate(request.headers.authorization, service.users);
        if (user === undefined) {
          throw new ApiError(
            'ERR_UNAUTHORIZED',
            'A valid bearer token is required (Authorization: Bearer TOKEN)',
            {
              headers: {'www-authenticate': 'Bearer'},
            },
          );
        }
      }
      await compiled.route.handle({request, response, url, params, user, service});
    } catch (error) {
      this.#fail(response, error, service);
    }
  }

  #fail(response: ServerResponse, error: unknown, service: ServiceContext): void {
    const apiError = error instanceof ApiError ? error : new ApiError('ERR_INTERNAL', 'Internal error');
    if (!(error instanceof ApiError)) {
      service.log(`Internal error: ${error instanceof Error ? error.stack : String(error)}`);
    }
    if (response.headersSent) {
      // A download that failed mid-body: the client sees a short body, not a second header.
      response.destroy();
      return;
    }
    sendError(response, apiError);
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError('ERR_NOT_FOUND', 'No such resource: the path is not valid percent-encoding');
  }
}

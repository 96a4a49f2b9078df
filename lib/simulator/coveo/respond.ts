import type {ServerResponse} from 'node:http';
import type {Exchange} from '../core/exchange.js';
import {send} from '../core/exchange.js';
import type {CoveoContext} from './context.js';
import type {ApiError} from './error-body.js';
import {apiErrorBody, JSON_TYPE} from './error-body.js';

/** Sends a JSON body; the configured latency and a cutting fault of the exchange apply. */
function json(
  context: CoveoContext,
  response: ServerResponse,
  exchange: Exchange,
  status: number,
  body: unknown,
): void {
  send(context.core, response, status, {'content-type': JSON_TYPE}, JSON.stringify(body), {
    list: true,
    fault: exchange.fault?.kind,
  });
}

/** Sends an API error in the configured `errorStyle`. */
function apiError(
  context: CoveoContext,
  response: ServerResponse,
  error: ApiError,
  headers: Record<string, string> = {},
): void {
  const {contentType, body} = apiErrorBody(context.options.errorStyle, error);
  send(context.core, response, error.status, {'content-type': contentType, ...headers}, body, {list: true});
}

export {apiError, json};

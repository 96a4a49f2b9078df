import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Exchange} from '../core/exchange.js';
import type {CoveoContext} from './context.js';
import {estimateQuery, ParamError, requestFromBody, requestFromQuery} from './export-params.js';
import type {ExportEntry} from './export-store.js';
import {renderExport, zipName} from './render-export.js';
import {apiError, json} from './respond.js';

/** One authenticated request to an export route. */
type RouteCall = {
  context: CoveoContext;
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  exchange: Exchange;
  /** The request body (POST only). */
  body: Promise<string>;
};

function render(context: CoveoContext, entry: ExportEntry): Record<string, unknown> {
  return renderExport(entry, context.baseUrl, context.options.author);
}

function notFound(call: RouteCall, id: string): void {
  apiError(call.context, call.response, {
    status: 404,
    type: 'NOT_FOUND',
    message: `Export '${id}' was not found.`,
  });
}

/** `POST /v15/exports` (query) and `POST /v15/exports/create` (JSON body): 201 with a PENDING export. */
async function createExport(call: RouteCall, fromBody: boolean): Promise<void> {
  const request = fromBody ? requestFromBody(await call.body) : requestFromQuery(call.url.searchParams);
  const entry = call.context.store.create(request);
  json(call.context, call.response, call.exchange, 201, render(call.context, entry));
}

/** `GET /v15/exports`: every export, newest first. */
function listExports(call: RouteCall): void {
  const {context} = call;
  json(
    context,
    call.response,
    call.exchange,
    200,
    context.store.list().map((entry) => render(context, entry)),
  );
}

/** `GET /v15/exports/estimate`: the rows per table an export of the window would hold (untruncated). */
function estimate(call: RouteCall): void {
  const {from, to, tables} = estimateQuery(call.url.searchParams);
  json(call.context, call.response, call.exchange, 200, {
    estimates: call.context.store.estimates(from, to, tables),
  });
}

/** `GET /v15/exports/rowLimit`. */
function rowLimit(call: RouteCall): void {
  json(call.context, call.response, call.exchange, 200, {exportRowCountLimit: call.context.options.rowLimit});
}

/**
 * `GET /v15/exports/{id}`: a status read (it may end the PENDING state), answered with the export
 * object, or with `?redirect=true` a redirect to a fresh storage link (409 until AVAILABLE).
 */
async function getExport(call: RouteCall, id: string): Promise<void> {
  const {context, response} = call;
  const redirect = call.url.searchParams.get('redirect') ?? 'false';
  if (redirect !== 'true' && redirect !== 'false') {
    throw new ParamError("Parameter 'redirect' must be true or false.");
  }
  const found = context.store.get(id);
  if (found === undefined) {
    notFound(call, id);
    return;
  }
  await context.store.poll(found);
  // A DELETE may have come while the zip was being finished.
  const entry = context.store.get(id);
  if (entry === undefined) {
    notFound(call, id);
    return;
  }
  if (redirect === 'false') {
    json(context, response, call.exchange, 200, render(context, entry));
    return;
  }
  if (entry.status !== 'AVAILABLE') {
    const message = `Export '${id}' is ${entry.status}; it can be downloaded once AVAILABLE.`;
    apiError(context, response, {status: 409, type: 'EXPORT_NOT_AVAILABLE', message});
    return;
  }
  const location = context.links.mint(context.baseUrl, entry.id, zipName(entry));
  response.writeHead(context.options.redirectStatus, {location, 'content-length': 0}).end();
}

/** `GET /v15/exports/{id}/downloadlink`: a fresh storage link when AVAILABLE, else only the id. */
function downloadLink(call: RouteCall, id: string): void {
  const {context} = call;
  const entry = context.store.get(id);
  if (entry === undefined) {
    notFound(call, id);
    return;
  }
  const body =
    entry.status === 'AVAILABLE'
      ? {id, downloadLink: context.links.mint(context.baseUrl, entry.id, zipName(entry))}
      : {id};
  json(context, call.response, call.exchange, 200, body);
}

/** `DELETE /v15/exports/{id}`: 204, and the export and its zip are gone. */
function deleteExport(call: RouteCall, id: string): void {
  if (!call.context.store.delete(id)) {
    notFound(call, id);
    return;
  }
  call.response.writeHead(204).end();
}

export type {RouteCall};
export {createExport, deleteExport, downloadLink, estimate, getExport, listExports, rowLimit};

import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {deliver} from './deliver.js';
import type {PlannedFault} from './faults.js';
import {FaultPlanner, retryAfterHeader} from './faults.js';
import type {FaultKind, ResolvedServerOptions, StatusFaultKind} from './options.js';
import {FAULT_STATUS} from './options.js';
import {PageCache} from './page-cache.js';
import {StatsRecorder} from './stats.js';

/** The state every provider's simulator shares: options, fault planner, stats and page cache. */
type ServerCore = {
  options: ResolvedServerOptions;
  faults: FaultPlanner;
  recorder: StatsRecorder;
  pages: PageCache;
};

/** A provider's body for a fault that answers with a status (429 or 5xx). */
type FaultBody = (kind: StatusFaultKind, path: string) => {contentType: string; body: string | Buffer};

/** One request being answered; its fields are recorded in the stats when the response closes. */
type Exchange = {
  /** The fault chosen for it, if any. */
  fault: PlannedFault | undefined;
  /** The path it counts under in `stats.byPath`, e.g. `/events/{id}`; the path itself by default. */
  template: string;
};

/** Creates the shared state of a simulator from its resolved options. */
function createServerCore(options: ResolvedServerOptions): ServerCore {
  return {
    options,
    faults: new FaultPlanner(options.seed, options.faults),
    recorder: new StatsRecorder(options.logLimit),
    pages: new PageCache(16),
  };
}

/** Counts a request in flight and records it in the stats and log when its response closes. */
function track(core: ServerCore, request: IncomingMessage, response: ServerResponse, url: URL): Exchange {
  const exchange: Exchange = {fault: undefined, template: url.pathname};
  const time = Date.now();

  core.recorder.begin();
  request.resume();
  response.once('close', () => {
    core.recorder.end({
      method: request.method as string,
      path: url.pathname,
      template: exchange.template,
      params: url.searchParams,
      status: response.headersSent ? response.statusCode : 0,
      time,
      fault: exchange.fault?.kind,
    });
  });

  return exchange;
}

/**
 * Writes a response. List responses (`list: true`) get the configured latency and pacing, and a
 * cutting fault (`'reset-mid-body'`, `'truncated-body'`) cuts their body.
 */
function send(
  core: ServerCore,
  response: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer | string,
  extra: {list?: boolean; fault?: FaultKind | undefined} = {},
): void {
  const cut =
    extra.fault === 'reset-mid-body' ? 'reset' : extra.fault === 'truncated-body' ? 'truncate' : undefined;
  const list = extra.list === true;

  deliver(response, status, headers, Buffer.isBuffer(body) ? body : Buffer.from(body), {
    latency: list ? core.options.latency : 0,
    bytesPerSecond: list ? core.options.bytesPerSecond : Number.POSITIVE_INFINITY,
    ...(cut === undefined ? {} : {cut}),
    onBytes: (count) => core.recorder.sent(count),
  });
}

/**
 * Plans the fault of a list request and answers it when the fault replaces the response (a reset
 * before headers, a 429 with `Retry-After`, a 5xx with the provider's body). Returns the fault, and
 * whether the request is answered; a cutting fault is left to the provider's {@link send}.
 */
function injectFault(
  core: ServerCore,
  exchange: Exchange,
  request: IncomingMessage,
  response: ServerResponse,
  faultBody: FaultBody,
  path: string,
): boolean {
  const fault = core.faults.next();

  exchange.fault = fault;

  if (fault === undefined || fault.kind === 'reset-mid-body' || fault.kind === 'truncated-body') {
    return false;
  }

  if (fault.kind === 'reset-before-headers') {
    request.socket.destroy();

    return true;
  }

  const {contentType, body} = faultBody(fault.kind, path);
  const headers: OutgoingHttpHeaders = {'content-type': contentType};

  if (fault.kind === 'rate-limit') {
    headers['retry-after'] = retryAfterHeader(fault.retryAfter);
  }

  send(core, response, FAULT_STATUS[fault.kind], headers, body, {list: true, fault: fault.kind});

  return true;
}

export type {Exchange, FaultBody, ServerCore};
export {createServerCore, injectFault, send, track};

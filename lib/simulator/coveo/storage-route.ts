import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';
import type {Exchange, FaultBody} from '../core/exchange.js';
import {injectFault, send} from '../core/exchange.js';
import {parseRange} from './byte-range.js';
import type {CoveoContext} from './context.js';
import type {Body} from './error-body.js';
import {storageErrorBody} from './error-body.js';
import {streamFile} from './stream-file.js';

const ONE_AUTH =
  'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified';

/** An object store's answers to injected faults. */
const storageFaultBody: FaultBody = (kind) =>
  kind === 'rate-limit'
    ? storageErrorBody('SlowDown', 'Please reduce your request rate.')
    : storageErrorBody('InternalError', 'We encountered an internal error. Please try again.');

function xml(context: CoveoContext, response: ServerResponse, status: number, body: Body, extra = {}): void {
  send(context.core, response, status, {'content-type': body.contentType, ...extra}, body.body);
}

/** The export id and file name of a storage path, `/storage/{id}/{name}`. */
function parsePath(pathname: string): {id: string; name: string} | undefined {
  const parts = pathname.split('/');
  if (parts.length !== 4) {
    return undefined;
  }
  try {
    return {id: decodeURIComponent(parts[2] as string), name: decodeURIComponent(parts[3] as string)};
  } catch {
    return undefined;
  }
}

/**
 * Serves the pre-signed storage URLs like an object store: an `Authorization` header is refused (400,
 * as S3 does with a pre-signed URL), a bad signature or an expired link gets a 403, a zip no longer
 * there a 404; the zip itself with its length, an ETag and single byte ranges.
 */
async function serveStorage(
  context: CoveoContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  exchange: Exchange,
): Promise<void> {
  const {storage} = context;
  exchange.template = '/storage/{id}/{file}';
  storage.requests += 1;
  if (request.headers.authorization !== undefined) {
    storage.authorizationSeen = true;
    storage.rejectedAuthorization += 1;
    // The header's value (a bearer token) is never echoed.
    xml(
      context,
      response,
      400,
      storageErrorBody('InvalidArgument', ONE_AUTH, {ArgumentName: 'Authorization'}),
    );
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    xml(
      context,
      response,
      405,
      storageErrorBody('MethodNotAllowed', 'The specified method is not allowed against this resource.'),
      {allow: 'GET, HEAD'},
    );
    return;
  }
  const target = parsePath(url.pathname);
  const check = target && context.links.check(target.id, target.name, url.searchParams);
  if (target === undefined || check === undefined || !check.ok) {
    if (check?.ok === false && check.reason === 'expired') {
      storage.expiredLinks += 1;
      const times = {
        Expires: new Date(check.expiresAt as number).toISOString(),
        ServerTime: new Date().toISOString(),
      };
      xml(context, response, 403, storageErrorBody('AccessDenied', 'Request has expired', times));
      return;
    }
    xml(
      context,
      response,
      403,
      storageErrorBody(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      ),
    );
    return;
  }
  const entry = context.store.get(target.id);
  if (entry?.status !== 'AVAILABLE') {
    xml(
      context,
      response,
      404,
      storageErrorBody('NoSuchKey', 'The specified key does not exist.', {Key: target.name}),
    );
    return;
  }
  const file = await context.store.file(entry);
  const etag = `"${entry.id.replaceAll('-', '')}-${file.size}"`;
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/zip',
    'accept-ranges': 'bytes',
    etag,
    'last-modified': new Date(entry.availableAt).toUTCString(),
    'content-disposition': `attachment; filename="${target.name}"`,
  };
  const ranged = request.headers.range !== undefined;
  storage.rangeRequests += ranged ? 1 : 0;
  const ifRange = request.headers['if-range'];
  const range =
    ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, file.size) : undefined;
  if (range === 'unsatisfiable') {
    xml(
      context,
      response,
      416,
      storageErrorBody('InvalidRange', 'The requested range is not satisfiable', {
        RangeRequested: request.headers.range as string,
      }),
      {'content-range': `bytes */${file.size}`},
    );
    return;
  }
  const head = request.method === 'HEAD';
  if (!head && injectFault(context.core, exchange, request, response, storageFaultBody, url.pathname)) {
    return;
  }
  const {start, end} = range ?? {start: 0, end: file.size - 1};
  if (range !== undefined) {
    headers['content-range'] = `bytes ${start}-${end}/${file.size}`;
  }
  headers['content-length'] = end - start + 1;
  const kind = exchange.fault?.kind;
  streamFile(response, range === undefined ? 200 : 206, headers, {
    path: file.path,
    start,
    end,
    latency: context.core.options.latency,
    bytesPerSecond: context.core.options.bytesPerSecond,
    cut: kind === 'reset-mid-body' ? 'reset' : kind === 'truncated-body' ? 'truncate' : undefined,
    head,
    onBytes: (count) => {
      storage.bytesSent += count;
      context.core.recorder.sent(count);
    },
  });
}

export {serveStorage};

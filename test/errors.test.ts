import t from 'tap';
import {
  describe as describeValue,
  ExportError,
  HttpError,
  InvalidOptionError,
  ProtocolError,
  RequestError,
  RequestFailure,
} from '../lib/core/errors.js';
import {ExportJobError} from '../lib/coveo/job.js';
import {describeCroctProblem} from '../lib/croct/page-format.js';
import {PdfTooManyRowsError} from '../lib/sinks/pdf-errors.js';

const context = {method: 'exportEvents', path: '/events?pageSize=100', httpMethod: 'GET'};
const problem = {
  type: 'https://croct.help/api/data-export/invalid-input',
  title: 'Invalid input',
  detail: '2 errors occurred',
  violations: ['start must be an unix timestamp', 'pageSize must be between 1 and 1000'],
};

// One row per error the library can raise: class, code, and the message users see.
const table: [string, Error, new (...args: never[]) => ExportError, string, RegExp][] = [
  [
    'invalid option',
    new InvalidOptionError('pageSize', 'an integer from 1 to 1000', 0),
    InvalidOptionError,
    'ERR_EXPORT_INVALID_OPTION',
    /^Expected `pageSize` to be an integer from 1 to 1000, got 0 \(number\)$/,
  ],
  [
    'HTTP 400 with violations',
    new HttpError(context, 400, problem, undefined, describeCroctProblem(problem)),
    HttpError,
    'ERR_EXPORT_INVALID_INPUT',
    /^exportEvents GET \/events\?pageSize=100 failed with HTTP 400: Invalid input: 2 errors occurred \(start must be an unix timestamp; pageSize must be between 1 and 1000\) \[https:\/\/croct\.help\/api\/data-export\/invalid-input\]$/,
  ],
  [
    'HTTP 401',
    new HttpError(context, 401, {title: 'Unknown API key', detail: 'revoked'}),
    HttpError,
    'ERR_EXPORT_UNAUTHORIZED',
    /failed with HTTP 401: Unknown API key: revoked$/,
  ],
  ['HTTP 403', new HttpError(context, 403, undefined), HttpError, 'ERR_EXPORT_FORBIDDEN', /HTTP 403$/],
  ['HTTP 404', new HttpError(context, 404, {}), HttpError, 'ERR_EXPORT_NOT_FOUND', /HTTP 404$/],
  [
    'HTTP 429',
    new HttpError(context, 429, undefined, 1000),
    HttpError,
    'ERR_EXPORT_RATE_LIMITED',
    /HTTP 429$/,
  ],
  ['HTTP 503', new HttpError(context, 503, undefined), HttpError, 'ERR_EXPORT_SERVER', /HTTP 503$/],
  ['HTTP 418', new HttpError(context, 418, undefined), HttpError, 'ERR_EXPORT_HTTP', /HTTP 418$/],
  [
    'network',
    new RequestError('ERR_EXPORT_NETWORK', context, 'network error ECONNRESET'),
    RequestError,
    'ERR_EXPORT_NETWORK',
    /^exportEvents GET \/events\?pageSize=100 failed: network error ECONNRESET$/,
  ],
  [
    'timeout',
    new RequestError('ERR_EXPORT_TIMEOUT', context, 'timed out'),
    RequestError,
    'ERR_EXPORT_TIMEOUT',
    /failed: timed out$/,
  ],
  [
    'bad response',
    new RequestError('ERR_EXPORT_BAD_RESPONSE', context, 'the body is not valid JSON'),
    RequestError,
    'ERR_EXPORT_BAD_RESPONSE',
    /not valid JSON$/,
  ],
  [
    'protocol',
    new ProtocolError(context, 'a page returned its own cursor'),
    ProtocolError,
    'ERR_EXPORT_PROTOCOL',
    /^exportEvents GET \/events\?pageSize=100 broke the protocol: a page returned its own cursor$/,
  ],
  [
    'protocol, custom source (no HTTP method)',
    new ProtocolError({method: 'ExportStream', path: '(custom page source)'}, 'a cursor cycle'),
    ProtocolError,
    'ERR_EXPORT_PROTOCOL',
    /^ExportStream \(custom page source\) broke the protocol: a cursor cycle$/,
  ],
  [
    'HTTP 401, OpenPanel-style body',
    new HttpError(context, 401, {error: 'Unauthorized', message: 'Export: Invalid client secret'}),
    HttpError,
    'ERR_EXPORT_UNAUTHORIZED',
    /failed with HTTP 401: Unauthorized: Export: Invalid client secret$/,
  ],
  [
    'HTTP 400, problem with a type only',
    new HttpError(context, 400, {title: 'Bad', type: 'urn:x'}),
    HttpError,
    'ERR_EXPORT_INVALID_INPUT',
    /failed with HTTP 400: Bad \[urn:x\]$/,
  ],
  [
    'body too large',
    new RequestFailure('ERR_EXPORT_TOO_LARGE', context, 'failed: the body is larger than 10 bytes'),
    RequestFailure,
    'ERR_EXPORT_TOO_LARGE',
    /failed: the body is larger than 10 bytes$/,
  ],
  [
    'job failed',
    new ExportJobError('ERR_EXPORT_JOB_FAILED', context, 'e-1', 'FAILED', 'failed on the server'),
    ExportJobError,
    'ERR_EXPORT_JOB_FAILED',
    /failed: export e-1 failed on the server$/,
  ],
  [
    'job expired',
    new ExportJobError('ERR_EXPORT_JOB_EXPIRED', context, 'e-1', 'EXPIRED', 'expired'),
    ExportJobError,
    'ERR_EXPORT_JOB_EXPIRED',
    /failed: export e-1 expired$/,
  ],
  [
    'job not ready in time',
    new ExportJobError('ERR_EXPORT_JOB_TIMEOUT', context, 'e-1', 'PENDING', 'was still PENDING'),
    ExportJobError,
    'ERR_EXPORT_JOB_TIMEOUT',
    /failed: export e-1 was still PENDING$/,
  ],
  [
    'too many rows for a PDF',
    new PdfTooManyRowsError(20_000),
    PdfTooManyRowsError,
    'ERR_PDF_TOO_MANY_ROWS',
    /^Expected at most 20,000 rows for a PDF \(`maxRows`\)/,
  ],
];

for (const [name, error, type, code, message] of table) {
  t.test(`${name}: ${code}`, async (t) => {
    t.type(error, type);
    t.type(error, ExportError);
    t.type(error, Error);
    t.equal((error as ExportError).code, code);
    t.match(error.message, message);
    t.equal(error.name, type.name);
  });
}

t.test('HTTP errors keep the status, the problem, Retry-After and where it happened', async (t) => {
  const error = new HttpError(context, 429, problem, 2500);
  t.match(error, {
    status: 429,
    problem,
    retryAfter: 2500,
    method: 'exportEvents',
    path: '/events?pageSize=100',
  });
});

t.test('every error of a request says which method and path failed', async (t) => {
  for (const error of [
    new HttpError(context, 500, undefined),
    new RequestError('ERR_EXPORT_NETWORK', context, 'reset'),
    new ProtocolError(context, 'loop'),
  ]) {
    t.type(error, RequestFailure);
    t.match(error, {method: 'exportEvents', path: '/events?pageSize=100'});
  }
  t.notOk(new InvalidOptionError('limit', 'an integer', -1) instanceof RequestFailure);
});

t.test('request errors keep their cause', async (t) => {
  const cause = new Error('socket hang up');
  t.equal(new RequestError('ERR_EXPORT_NETWORK', context, 'reset', cause).cause, cause);
});

t.test('secret option values are never echoed', async (t) => {
  const key = 'not-a-uuid-but-secret';
  const error = new InvalidOptionError('apiKey', 'a UUID', key, true);
  t.notMatch(error.message, key);
  t.match(error.message, /got a string of 21 characters$/);
});

t.test('received values are described briefly and by type', async (t) => {
  t.equal(describeValue('x'.repeat(100)), `"${'x'.repeat(57)}..."`);
  t.equal(describeValue(true), 'true (boolean)');
  t.equal(describeValue(10n), '10 (bigint)');
  t.equal(describeValue(null), 'null');
  t.equal(describeValue(undefined), 'undefined');
  t.equal(describeValue(new Date(0)), 'Date(1970-01-01T00:00:00.000Z)');
  t.equal(describeValue(new Date(Number.NaN)), 'Date(Invalid Date)');
  t.equal(describeValue([1, 2]), 'an array of length 2');
  t.equal(
    describeValue(() => 1),
    'a function',
  );
  t.equal(describeValue(new Map()), 'a Map');
  t.equal(describeValue(Object.create(null)), 'an object');
  t.equal(describeValue({a: 1}), 'an object');
});

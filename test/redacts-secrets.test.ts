import {inspect} from 'node:util';
import t from 'tap';
import {HttpError} from '../lib/core/errors.js';
import {REDACTED, redact} from '../lib/core/redact.js';
import {rawApiKey, rawClient, rawServer} from './helpers/raw-server.js';

const upper = rawApiKey.toUpperCase();

/** Every way an error could show the key to a user, a log or a crash report. */
function renderings(error: unknown): string[] {
  const failure = error as HttpError;
  return [
    failure.message,
    String(failure),
    JSON.stringify(failure.problem),
    inspect(failure, {depth: 10}),
    failure.stack ?? '',
  ];
}

const echoes: [string, number, string, string][] = [
  [
    'detail (401)',
    401,
    'application/json',
    JSON.stringify({title: 'Unauthorized', detail: `key ${rawApiKey} revoked`}),
  ],
  [
    'title (400)',
    400,
    'application/json',
    JSON.stringify({title: `Bad key ${rawApiKey}`, violations: [rawApiKey]}),
  ],
  ['plain text (500)', 500, 'text/plain', `internal error for key=${rawApiKey}`],
  ['upper case (403)', 403, 'application/json', JSON.stringify({detail: `KEY ${upper} HAS NO data_export`})],
  [
    'URL-encoded (404)',
    404,
    'application/json',
    JSON.stringify({instance: `/x?key=${encodeURIComponent(rawApiKey)}`}),
  ],
  [
    'an unknown field (418)',
    418,
    'application/json',
    JSON.stringify({echo: {headers: {'x-api-key': rawApiKey}}}),
  ],
];

for (const [name, status, type, body] of echoes) {
  t.test(`a key echoed in ${name} never reaches the error`, async (t) => {
    const server = await rawServer(t, (request, response) => {
      t.equal(request.headers['x-api-key'], rawApiKey, 'the key was sent');
      response.writeHead(status, {'content-type': type});
      response.end(body);
    });
    const api = rawClient(t, server.url);
    const failures = [
      await api
        .exportEvents()
        .toArray()
        .catch((error: unknown) => error),
      await api.exportEventById('e1').catch((error: unknown) => error),
      await api.exportSessionById('s1').catch((error: unknown) => error),
      await api.exportUserById('u1').catch((error: unknown) => error),
    ];
    for (const error of failures) {
      t.type(error, HttpError);
      t.equal((error as HttpError).status, status);
      for (const text of renderings(error)) {
        t.notOk(text.toLowerCase().includes(rawApiKey.toLowerCase()), 'no key');
      }
      t.match(inspect(error, {depth: 10}), REDACTED, 'the echo is marked as redacted');
    }
  });
}

t.test('redact replaces every form of each secret and leaves other text alone', async (t) => {
  const secret = 'a b/c+d&e';
  const text = `raw ${secret}, encoded ${encodeURIComponent(secret)}, shouting ${secret.toUpperCase()}`;
  t.equal(redact(text, [secret]), `raw ${REDACTED}, encoded ${REDACTED}, shouting ${REDACTED}`);
  t.equal(
    redact('price is $1.50 (tax)', ['$1.5']),
    `price is ${REDACTED}0 (tax)`,
    'pattern characters are literal',
  );
  t.equal(
    redact('one of two', ['one', 'two', 'of two']),
    `one ${REDACTED}`,
    'secrets under 4 characters are ignored',
  );
  t.equal(redact('nothing to hide', []), 'nothing to hide');
});

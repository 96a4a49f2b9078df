import type {AddressInfo} from 'node:net';
import {SMTPServer} from 'smtp-server';
import t, {type Test} from 'tap';
import {
  type Delivery,
  type NotificationMessage,
  sendNotifications,
  type TemplateVars,
} from '../lib/notify/index.js';
import {passwordSecrets, redactUrl, urlSecrets} from '../lib/notify/redact-url.js';
import {rawServer, sendJson} from './helpers/raw-server.js';

const outcome: TemplateVars = {
  name: 'n',
  window: {start: 's', end: 'e'},
  files: [],
  rows: 0,
  status: 'failure',
  error: 'boom',
};
const slackPath = '/services/T0SECRET/B0SECRET/xoxSlackSecret123';
const discordPath = '/api/webhooks/998877/DiscordSecretToken456';
const token = '4242:TelegramSecretToken789';
const smtpPassword = 'SmtpSecretPassword000';
const secrets = [
  'T0SECRET',
  'B0SECRET',
  'xoxSlackSecret123',
  '998877',
  'DiscordSecretToken456',
  token,
  'TelegramSecretToken789',
  smtpPassword,
];

function assertNoSecret(t: Test, deliveries: readonly Delivery[]) {
  const json = JSON.stringify(deliveries);
  for (const secret of secrets) {
    t.notOk(json.toLowerCase().includes(secret.toLowerCase()), `no ${secret} in any Delivery`);
  }
}

t.test('receivers that echo the secrets back in their errors: no secret in any Delivery', async (t) => {
  // Each service answers 401/403/404 quoting the URL path or token it was called with, as some do.
  const server = await rawServer(t, (request, response) => {
    const url = request.url ?? '';
    request.resume();
    if (url.startsWith('/services')) return void response.writeHead(403).end(`invalid_token ${url}`);
    if (url.startsWith('/api'))
      return sendJson(response, 404, {message: `Unknown Webhook ${encodeURIComponent(url)}`});
    sendJson(response, 401, {ok: false, error_code: 401, description: `Unauthorized: ${url.split('/')[1]}`});
  });
  const smtp = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(new Error(`bad password ${auth.password}`)),
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const messages: NotificationMessage[] = [
    {policy: 'onFailure', medium: 'slack', target: `${server.url}${slackPath}`, text: '{{error}}'},
    {policy: 'onFailure', medium: 'slack', text: '{{error}}'},
    {policy: 'onFailure', medium: 'discord', target: `${server.url}${discordPath}?wait=true`, text: 'x'},
    {policy: 'onFailure', medium: 'telegram', target: '12', text: 'x'},
    {policy: 'onFailure', medium: 'email', target: 'a@example.com', text: 'x'},
  ];
  const deliveries = await sendNotifications(messages, outcome, {
    env: {
      SLACK_WEBHOOK_URL: `${server.url}${slackPath}`,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_URL: server.url,
      EXPORT_SMTP_URL: `smtp://user:${smtpPassword}@127.0.0.1:${smtpPort}`,
    },
  });
  t.match(deliveries, [
    {
      ok: false,
      attempts: 1,
      target: `${server.url}/services/…`,
      error: /HTTP 403: invalid_token \[REDACTED\]/,
    },
    {ok: false, attempts: 1, target: `${server.url}/services/…`},
    {
      ok: false,
      attempts: 1,
      target: `${server.url}/api/webhooks/…`,
      error: /HTTP 404: Unknown Webhook \[REDACTED\]/,
    },
    {ok: false, attempts: 1, target: '12', error: /HTTP 401: Unauthorized: bot\[REDACTED\]/},
    {ok: false, attempts: 1, target: 'a@example.com', error: /bad password \[REDACTED\]/},
  ]);
  assertNoSecret(t, deliveries);
});

t.test('a receiver that echoes the webhook path percent-decoded does not reveal it', async (t) => {
  const hook = await rawServer(t, (request, response) => {
    request.resume();
    const path = request.url ?? '';
    response.writeHead(404).end(`no_service ${decodeURIComponent(path)} ${path.toUpperCase()}`);
  });
  const target = `${hook.url}/services/T0SECRET/B0SECRET/xox%20Slack%2FSecret123`;
  const [delivery] = await sendNotifications(
    [{policy: 'onSuccess', medium: 'slack', target, text: 'x'}],
    {...outcome, status: 'success'},
    {env: {}, retries: 0},
  );
  t.match(delivery, {ok: false, attempts: 1, error: /HTTP 404: no_service \[REDACTED\] \[REDACTED\]$/});
  t.notMatch(delivery!.error, /xox|Secret123/i);
});

t.test('a webhook that cannot be used is still shown without its path', async (t) => {
  const messages: NotificationMessage[] = [
    {
      policy: 'onSuccess',
      medium: 'slack',
      target: 'ftp://hooks.example.com/services/T0SECRET/B0SECRET/xoxSlackSecret123',
      text: 'x',
    },
    {
      policy: 'onSuccess',
      medium: 'discord',
      target: 'discord.com/api/webhooks/998877/DiscordSecretToken456',
      text: 'x',
    },
    {policy: 'onSuccess', medium: 'slack', target: '#ops', text: 'x'},
  ];
  const deliveries = await sendNotifications(messages, {...outcome, status: 'success'}, {env: {}});
  t.same(
    deliveries.map((delivery) => delivery.target),
    ['ftp://hooks.example.com/services/…', '…', '#ops'],
  );
  t.match(deliveries[0], {
    ok: false,
    attempts: 0,
    error: 'slack: SLACK_WEBHOOK_URL is not set and the target is not a webhook URL',
  });
  assertNoSecret(t, deliveries);
});

t.test('redactUrl keeps the origin and the leading public segments only', async (t) => {
  t.equal(
    redactUrl(new URL('https://hooks.slack.com/services/T0/B0/XYZ')),
    'https://hooks.slack.com/services/…',
  );
  t.equal(
    redactUrl(new URL('https://discord.com/api/v10/webhooks/1/tok')),
    'https://discord.com/api/v10/webhooks/…',
  );
  t.equal(redactUrl(new URL('https://user:pw@example.com/hooks?token=abc')), 'https://example.com/hooks/…');
  t.equal(redactUrl(new URL('https://api.telegram.org')), 'https://api.telegram.org');
});

t.test('urlSecrets lists the path, its secret segments, query values and the password', async (t) => {
  const secretsOf = urlSecrets(new URL('https://u:p%40ss@example.com/services/T0/B0/XYZ?token=abc'));
  t.same(secretsOf, [
    'https://u:p%40ss@example.com/services/T0/B0/XYZ?token=abc',
    '/services/T0/B0/XYZ?token=abc',
    '/services/T0/B0/XYZ',
    'T0',
    'B0',
    'XYZ',
    'abc',
    'p%40ss',
    'p@ss',
  ]);
  t.same(
    passwordSecrets(new URL('smtp://u:%zz@h')),
    ['%zz', '%zz'],
    'a password that does not decode is kept as written',
  );
});

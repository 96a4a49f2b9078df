import t, {type Test} from 'tap';
import {InvalidOptionError} from '../lib/core/errors.js';
import {
  type NotificationMessage,
  sendNotifications,
  type TemplateVars,
  validateNotificationEnv,
} from '../lib/notify/index.js';
import {rawServer} from './helpers/raw-server.js';

const success: TemplateVars = {
  name: 'n',
  window: {start: 's', end: 'e'},
  files: ['f.csv'],
  rows: 3,
  status: 'success',
};
const failure: TemplateVars = {...success, status: 'failure', error: 'HTTP 503'};

/** A Slack stand-in; with `holdUntil`, it answers nobody until that many requests are waiting. */
async function slackReceiver(t: Test, holdUntil = 1) {
  const texts: string[] = [];
  const waiting: (() => void)[] = [];
  const server = await rawServer(t, (request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      raw += chunk;
    });
    request.on('end', () => {
      texts.push(JSON.parse(raw).text);
      waiting.push(() => response.end('ok'));
      if (waiting.length >= holdUntil) for (const answer of waiting.splice(0)) answer();
    });
  });
  return {...server, texts};
}

t.test('only the messages whose policy matches the outcome are sent', async (t) => {
  const slack = await slackReceiver(t);
  const messages: NotificationMessage[] = [
    {policy: 'onSuccess', medium: 'slack', target: `${slack.url}/services/a/b/c`, text: 'ok {{rows}}'},
    {policy: 'onFailure', medium: 'slack', target: `${slack.url}/services/a/b/c`, text: 'failed {{error}}'},
    {policy: 'onSuccess', medium: 'slack', target: `${slack.url}/services/a/b/c`, text: 'also ok'},
  ];
  const sent = await sendNotifications(messages, success, {env: {}});
  t.match(sent, [
    {policy: 'onSuccess', ok: true},
    {policy: 'onSuccess', ok: true},
  ]);
  t.same(slack.texts.sort(), ['also ok', 'ok 3']);
  slack.texts.length = 0;
  const failed = await sendNotifications(messages, failure, {env: {}});
  t.match(failed, [{policy: 'onFailure', ok: true}]);
  t.same(slack.texts, ['failed HTTP 503']);
  t.same(
    await sendNotifications(messages.slice(1, 2), success, {env: {}}),
    [],
    'nothing matches: nothing sent',
  );
  t.equal(slack.requests(), 3);
});

t.test('messages are sent at once and the deliveries keep the order of the messages', async (t) => {
  // Sent one after the other, the first would wait for the second forever (here: the timeout).
  const together = await slackReceiver(t, 2);
  const other = await slackReceiver(t);
  const deliveries = await sendNotifications(
    [
      {policy: 'onSuccess', medium: 'slack', target: `${together.url}/services/x/y/1`, text: 'a'},
      {policy: 'onSuccess', medium: 'slack', target: `${other.url}/services/x/y/2`, text: 'b'},
      {policy: 'onSuccess', medium: 'slack', target: `${together.url}/services/x/y/3`, text: 'c'},
    ],
    success,
    {env: {}, timeout: 5000, retries: 0},
  );
  t.match(deliveries, [
    {ok: true, target: `${together.url}/services/…`},
    {ok: true, target: `${other.url}/services/…`},
    {ok: true, target: `${together.url}/services/…`},
  ]);
  t.same(together.texts.sort(), ['a', 'c'], 'both were waiting at the receiver at once');
});

t.test('a medium that lacks its variable or target is a failed delivery with no attempt', async (t) => {
  const messages: NotificationMessage[] = [
    {policy: 'onFailure', medium: 'email', target: 'a@example.com', text: 'x'},
    {policy: 'onFailure', medium: 'email', text: 'x'},
    {policy: 'onFailure', medium: 'telegram', target: '5', text: 'x'},
    {policy: 'onFailure', medium: 'telegram', text: 'x'},
    {policy: 'onFailure', medium: 'discord', text: 'x'},
  ];
  const none = await sendNotifications(messages.slice(0, 1).concat(messages.slice(2, 3)), failure, {env: {}});
  t.same(none, [
    {
      policy: 'onFailure',
      medium: 'email',
      target: 'a@example.com',
      ok: false,
      attempts: 0,
      error: 'email: EXPORT_SMTP_URL is not set',
    },
    {
      policy: 'onFailure',
      medium: 'telegram',
      target: '5',
      ok: false,
      attempts: 0,
      error: 'telegram: TELEGRAM_BOT_TOKEN is not set',
    },
  ]);
  const env = {
    EXPORT_SMTP_URL: 'smtp://127.0.0.1:1',
    TELEGRAM_BOT_TOKEN: '1:abc',
    TELEGRAM_API_URL: 'mailto:x',
  };
  const some = await sendNotifications(messages.slice(1), failure, {env});
  t.match(some, [
    {medium: 'email', target: '', attempts: 0, error: 'email: the target (the recipient address) is missing'},
    {
      medium: 'telegram',
      target: '5',
      attempts: 0,
      error: 'telegram: TELEGRAM_API_URL is not a http or https URL',
    },
    {
      medium: 'telegram',
      target: '',
      attempts: 0,
      error: 'telegram: TELEGRAM_API_URL is not a http or https URL',
    },
    {medium: 'discord', target: '', attempts: 0, error: /DISCORD_WEBHOOK_URL is not set/},
  ]);
  const chatless = await sendNotifications(messages.slice(3, 4), failure, {
    env: {TELEGRAM_BOT_TOKEN: '1:abc'},
  });
  t.match(chatless, [{target: '', attempts: 0, error: 'telegram: the target (the chat id) is missing'}]);
});

t.test('validateNotificationEnv names the missing or malformed variable, never its value', async (t) => {
  const messages: NotificationMessage[] = [
    {policy: 'onSuccess', medium: 'email', target: 'a@example.com', text: 'x'},
    {policy: 'onFailure', medium: 'slack', text: 'x'},
    {policy: 'onFailure', medium: 'slack', target: 'https://hooks.slack.com/services/T/B/X', text: 'x'},
    {policy: 'onFailure', medium: 'discord', target: '#general', text: 'x'},
    {policy: 'onFailure', medium: 'telegram', target: '1', text: 'x'},
  ];
  t.same(validateNotificationEnv(messages, {}), [
    {
      index: 0,
      medium: 'email',
      variable: 'EXPORT_SMTP_URL',
      message: 'notification.messages[0] (email): EXPORT_SMTP_URL is not set',
    },
    {
      index: 1,
      medium: 'slack',
      variable: 'SLACK_WEBHOOK_URL',
      message:
        'notification.messages[1] (slack): SLACK_WEBHOOK_URL is not set and the target is not a webhook URL',
    },
    {
      index: 3,
      medium: 'discord',
      variable: 'DISCORD_WEBHOOK_URL',
      message:
        'notification.messages[3] (discord): DISCORD_WEBHOOK_URL is not set and the target is not a webhook URL',
    },
    {
      index: 4,
      medium: 'telegram',
      variable: 'TELEGRAM_BOT_TOKEN',
      message: 'notification.messages[4] (telegram): TELEGRAM_BOT_TOKEN is not set',
    },
  ]);
  const malformed = {
    EXPORT_SMTP_URL: 'https://user:topsecret@mail.example.com',
    SLACK_WEBHOOK_URL: 'not a url topsecret',
    DISCORD_WEBHOOK_URL: 'ftp://discord.com/api/webhooks/1/topsecret',
    TELEGRAM_BOT_TOKEN: 'topsecret',
  };
  const problems = validateNotificationEnv(messages, malformed);
  t.same(
    problems.map((problem) => problem.message),
    [
      'notification.messages[0] (email): EXPORT_SMTP_URL is not a smtp or smtps URL',
      'notification.messages[1] (slack): SLACK_WEBHOOK_URL is not a http or https URL',
      'notification.messages[3] (discord): DISCORD_WEBHOOK_URL is not a http or https URL',
      'notification.messages[4] (telegram): TELEGRAM_BOT_TOKEN is not a bot token (digits, a colon, then letters, digits, _ or -)',
    ],
  );
  t.notMatch(JSON.stringify(problems), 'topsecret');
  const complete = {
    EXPORT_SMTP_URL: 'smtps://user:pw@mail.example.com:465',
    SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X',
    DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/tok',
    TELEGRAM_BOT_TOKEN: '123:abc_DEF-9',
  };
  t.same(validateNotificationEnv(messages, complete), [], 'the public Telegram API is the default');
  t.same(validateNotificationEnv(messages.slice(4), {...complete, TELEGRAM_API_URL: 'ftp://x'}).length, 1);
});

t.test('bad arguments throw InvalidOptionError at the call, naming the field', async (t) => {
  const message: NotificationMessage = {policy: 'onSuccess', medium: 'slack', text: 'x'};
  const cases: [string, () => unknown, RegExp][] = [
    [
      'messages',
      () => sendNotifications({} as never, success, {env: {}}),
      /^Expected `messages` to be an array/,
    ],
    [
      'messages[0]',
      () => sendNotifications([null as never], success, {env: {}}),
      /`messages\[0\]` to be an object, got null/,
    ],
    [
      'policy',
      () => sendNotifications([{...message, policy: 'always' as never}], success, {env: {}}),
      /`messages\[0\]\.policy` to be one of onSuccess, onFailure, got "always"/,
    ],
    [
      'medium',
      () => sendNotifications([{...message, medium: 'sms' as never}], success, {env: {}}),
      /`messages\[0\]\.medium` to be one of email, slack, discord, telegram, got "sms"/,
    ],
    [
      'text',
      () => sendNotifications([{...message, text: 1 as never}], success, {env: {}}),
      /`messages\[0\]\.text` to be a string, got 1/,
    ],
    [
      'title',
      () => sendNotifications([{...message, title: null as never}], success, {env: {}}),
      /`messages\[0\]\.title` to be a string, got null/,
    ],
    [
      'target',
      () => sendNotifications([{...message, target: 5 as never}], success, {env: {}}),
      /`messages\[0\]\.target` to be a string/,
    ],
    ['outcome', () => sendNotifications([message], 'x' as never, {env: {}}), /`outcome` to be an object/],
    [
      'status',
      () => sendNotifications([message], {...success, status: 'ok' as never}, {env: {}}),
      /`outcome\.status` to be 'success' or 'failure', got "ok"/,
    ],
    ['options', () => sendNotifications([message], success, undefined as never), /`options` to be an object/],
    [
      'env',
      () => sendNotifications([message], success, {env: null as never}),
      /`options\.env` to be an object/,
    ],
    [
      'timeout',
      () => sendNotifications([message], success, {env: {}, timeout: 0}),
      /`options\.timeout` to be an integer from 1/,
    ],
    [
      'retries',
      () => sendNotifications([message], success, {env: {}, retries: 11}),
      /`options\.retries` to be an integer from 0 to 10/,
    ],
    [
      'signal',
      () => sendNotifications([message], success, {env: {}, signal: {} as never}),
      /`options\.signal` to be an AbortSignal/,
    ],
  ];
  for (const [name, call, said] of cases) {
    t.throws(call, InvalidOptionError, name);
    t.throws(call, {code: 'ERR_EXPORT_INVALID_OPTION', message: said}, name);
  }
});

import type {ServerResponse} from 'node:http';
import t, {type Test} from 'tap';
import {type NotificationMessage, sendNotifications, type TemplateVars} from '../lib/notify/index.js';
import {rawServer, sendJson} from './helpers/raw-server.js';
import {waitFor} from './helpers/wait-for.js';

type Seen = {path: string; body: Record<string, unknown>; at: number; contentType: string | undefined};
type Answer = (index: number, response: ServerResponse) => void;

const outcome: TemplateVars = {
  name: 'daily-orders',
  window: {start: '2026-11-01T00:00:00+01:00', end: '2026-11-02T00:00:00+01:00'},
  files: ['orders_20261101.xlsx', 'users_20261101.xlsx'],
  rows: 1204,
  status: 'success',
};
const token = '123456789:AAH-secret_token';
const hookPath = '/services/T0001/B0002/SeCrEtPaTh42';

/** A stand-in for Slack, Discord or Telegram on 127.0.0.1: records every JSON body and when it came. */
async function receiver(t: Test, answer: Answer = (_, response) => response.end('ok')) {
  const seen: Seen[] = [];
  const server = await rawServer(t, (request, response, index) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      raw += chunk;
    });
    request.on('end', () => {
      const at = performance.now();
      seen.push({
        path: request.url ?? '',
        body: JSON.parse(raw),
        at,
        contentType: request.headers['content-type'],
      });
      answer(index, response);
    });
  });
  return {...server, seen};
}

function message(medium: NotificationMessage['medium'], target?: string): NotificationMessage {
  return {
    policy: 'onSuccess',
    medium,
    ...(target === undefined ? {} : {target}),
    title: 'Orders {{ window.start }}',
    text: '{{rows}} rows in {{files}} <!channel> & @everyone',
  };
}

t.test(
  'Slack gets {text} with the title in bold on its own line, escaped, at the webhook given as target',
  async (t) => {
    const slack = await receiver(t);
    const [delivery] = await sendNotifications([message('slack', `${slack.url}${hookPath}`)], outcome, {
      env: {},
    });
    t.same(delivery, {
      policy: 'onSuccess',
      medium: 'slack',
      target: `${slack.url}/services/…`,
      ok: true,
      attempts: 1,
    });
    t.equal(slack.seen.length, 1);
    t.equal(slack.seen[0]!.path, hookPath);
    t.match(slack.seen[0]!.contentType, /^application\/json/);
    t.same(slack.seen[0]!.body, {
      text:
        '*Orders 2026-11-01T00:00:00+01:00*\n1204 rows in orders_20261101.xlsx, users_20261101.xlsx ' +
        '&lt;!channel&gt; &amp; @everyone',
    });
  },
);

t.test(
  'Slack and Discord use SLACK_WEBHOOK_URL / DISCORD_WEBHOOK_URL when the target is not a URL',
  async (t) => {
    const slack = await receiver(t);
    const discord = await receiver(t, (_, response) => {
      response.writeHead(204);
      response.end();
    });
    const env = {
      SLACK_WEBHOOK_URL: `${slack.url}${hookPath}`,
      DISCORD_WEBHOOK_URL: `${discord.url}/api/webhooks/42/tok3n`,
    };
    const deliveries = await sendNotifications(
      [message('slack', '#ops'), {...message('discord'), title: ''}],
      outcome,
      {env},
    );
    t.match(deliveries, [
      {medium: 'slack', ok: true, target: `${slack.url}/services/…`},
      {medium: 'discord', ok: true, target: `${discord.url}/api/webhooks/…`},
    ]);
    t.equal(slack.seen[0]!.path, hookPath);
    t.equal(discord.seen[0]!.path, '/api/webhooks/42/tok3n');
    t.same(
      discord.seen[0]!.body,
      {
        content: '1204 rows in orders_20261101.xlsx, users_20261101.xlsx <!channel> & @everyone',
        allowed_mentions: {parse: []},
      },
      'no title line without a title; mentions disabled',
    );
  },
);

t.test('Discord gets the title in bold on the first line of content', async (t) => {
  const discord = await receiver(t);
  await sendNotifications([message('discord', `${discord.url}/api/webhooks/42/tok3n`)], outcome, {env: {}});
  t.match(discord.seen[0]!.body, {content: /^\*\*Orders 2026-11-01T00:00:00\+01:00\*\*\n1204 rows/});
});

t.test(
  'Telegram gets sendMessage with chat_id and the title on the first line, under TELEGRAM_API_URL',
  async (t) => {
    for (const slash of ['', '/']) {
      const telegram = await receiver(t, (_, response) => sendJson(response, 200, {ok: true, result: {}}));
      const env = {TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_URL: `${telegram.url}/tg${slash}`};
      const [delivery] = await sendNotifications([message('telegram', '-100200300')], outcome, {env});
      t.same(delivery, {
        policy: 'onSuccess',
        medium: 'telegram',
        target: '-100200300',
        ok: true,
        attempts: 1,
      });
      t.equal(telegram.seen[0]!.path, `/tg/bot${token}/sendMessage`);
      t.same(telegram.seen[0]!.body, {
        chat_id: '-100200300',
        text: 'Orders 2026-11-01T00:00:00+01:00\n1204 rows in orders_20261101.xlsx, users_20261101.xlsx <!channel> & @everyone',
      });
    }
  },
);

/** The attempt deadline: far from every wait, so that {@link recordWaits} leaves it out. */
const attemptTimeout = 60_000;

/**
 * Records the delays under a second given to the global `setTimeout` for the rest of the test (the
 * retry sleeps), leaving out undici's 499 ms clock tick and the longer timers of sockets and
 * deadlines; pins `Math.random` to 0.5 so that the jittered backoff is known.
 */
function recordWaits(t: Test): number[] {
  const waits: number[] = [];
  const {setTimeout: realSetTimeout} = globalThis;
  const realRandom = Math.random;
  const schedule = realSetTimeout as (...args: unknown[]) => ReturnType<typeof setTimeout>;
  globalThis.setTimeout = ((callback: () => void, delay = 0, ...rest: unknown[]) => {
    if (delay < 1000 && delay !== 499) waits.push(delay);
    return schedule(callback, delay, ...rest);
  }) as typeof setTimeout;
  Math.random = () => 0.5;
  t.teardown(() => {
    globalThis.setTimeout = realSetTimeout;
    Math.random = realRandom;
  });
  return waits;
}

/** 503 without a wait, then 429 with the service's own wait field, then success. */
const flaky: Record<'slack' | 'discord' | 'telegram', (index: number, response: ServerResponse) => void> = {
  slack: (index, response) => {
    if (index === 0) return void response.writeHead(503).end('unavailable');
    if (index === 1) return void response.writeHead(429, {'retry-after': '0'}).end('rate_limited');
    response.end('ok');
  },
  discord: (index, response) => {
    if (index === 0) return sendJson(response, 503, {message: 'unavailable'});
    if (index === 1) {
      // The body's precise retry_after wins over the rounded header (5 s here, to tell them apart).
      response.writeHead(429, {'content-type': 'application/json', 'retry-after': '5'});
      return void response.end(
        JSON.stringify({message: 'You are being rate limited.', retry_after: 0.02, global: false}),
      );
    }
    response.writeHead(204).end();
  },
  telegram: (index, response) => {
    if (index === 0)
      return sendJson(response, 503, {ok: false, error_code: 503, description: 'Service Unavailable'});
    if (index === 1) {
      return sendJson(response, 429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 0.02',
        parameters: {retry_after: 0.02},
      });
    }
    sendJson(response, 200, {ok: true, result: {}});
  },
};

for (const medium of ['slack', 'discord', 'telegram'] as const) {
  t.test(
    `${medium}: a receiver that fails twice (503, then 429 with its wait field) gets exactly 3 attempts`,
    async (t) => {
      const server = await receiver(t, flaky[medium]);
      const target = medium === 'telegram' ? '42' : `${server.url}/services/x/y/zzzz`;
      const env = {TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_URL: server.url};
      const waits = recordWaits(t);
      const [delivery] = await sendNotifications([message(medium, target)], outcome, {
        env,
        timeout: attemptTimeout,
      });
      t.match(delivery, {medium, ok: true, attempts: 3});
      t.equal(server.requests(), 3, 'the server saw 3 requests');
      t.same(server.seen[2]!.body, server.seen[0]!.body, 'the same message each time');
      // The waits scheduled, not the time measured: a loaded machine stretches the latter, never the former.
      // Math.random is 0.5: the first backoff is 250 + 125 ms; a backoff before the second retry would be
      // 500..1000 ms, so an exact 0 or 20 proves the service's wait was used instead.
      t.same(
        waits,
        [375, medium === 'slack' ? 0 : 20],
        "backoff after the 503, the service's wait after the 429",
      );
      const afterBackoff = server.seen[1]!.at - server.seen[0]!.at;
      const afterWait = server.seen[2]!.at - server.seen[1]!.at;
      t.ok(afterBackoff >= 370, `backed off ${afterBackoff.toFixed(0)} ms after the 503`);
      if (medium !== 'slack') t.ok(afterWait >= 19, `honoured the 20 ms wait: ${afterWait.toFixed(1)} ms`);
    },
  );
}

t.test("Slack's Retry-After in seconds is honoured", async (t) => {
  const slack = await receiver(t, (index, response) => {
    if (index === 0) return void response.writeHead(429, {'retry-after': '1'}).end('rate_limited');
    response.end('ok');
  });
  const [delivery] = await sendNotifications([message('slack', `${slack.url}${hookPath}`)], outcome, {
    env: {},
  });
  t.match(delivery, {ok: true, attempts: 2});
  const waited = slack.seen[1]!.at - slack.seen[0]!.at;
  t.ok(waited >= 950, `waited ${waited.toFixed(0)} ms`);
});

t.test('a 400 is not retried: one attempt, and the error says what the service said', async (t) => {
  const answers: Record<string, Answer> = {
    slack: (_, response) => void response.writeHead(400).end('invalid_payload'),
    discord: (_, response) => sendJson(response, 400, {message: 'Cannot send an empty message', code: 50006}),
    telegram: (_, response) =>
      sendJson(response, 400, {ok: false, error_code: 400, description: 'Bad Request: chat not found'}),
  };
  const said = {
    slack: /^slack POST http:\/\/127\.0\.0\.1:\d+\/services\/… failed with HTTP 400: invalid_payload$/,
    discord:
      /^discord POST http:\/\/127\.0\.0\.1:\d+\/services\/… failed with HTTP 400: Cannot send an empty message$/,
    telegram:
      /^telegram POST http:\/\/127\.0\.0\.1:\d+\/bot…\/sendMessage failed with HTTP 400: Bad Request: chat not found$/,
  };
  for (const medium of ['slack', 'discord', 'telegram'] as const) {
    const server = await receiver(t, answers[medium]);
    const target = medium === 'telegram' ? '42' : `${server.url}${hookPath}`;
    const env = {TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_URL: server.url};
    const [delivery] = await sendNotifications([message(medium, target)], outcome, {env});
    t.match(delivery, {medium, ok: false, attempts: 1, error: said[medium]}, medium);
    t.equal(server.requests(), 1, `${medium}: one request`);
  }
});

t.test('a Telegram error body without a description is read the generic way', async (t) => {
  const proxy = await receiver(t, (_, response) => void response.writeHead(404).end('404 page not found'));
  const env = {TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_URL: proxy.url};
  const [delivery] = await sendNotifications([message('telegram', '42')], outcome, {env});
  t.match(delivery, {ok: false, attempts: 1, error: /failed with HTTP 404: 404 page not found$/});
});

t.test('a receiver that never answers fails the attempt at the timeout', async (t) => {
  const slack = await receiver(t, () => {});
  const started = performance.now();
  const [delivery] = await sendNotifications([message('slack', `${slack.url}${hookPath}`)], outcome, {
    env: {},
    timeout: 100,
    retries: 0,
  });
  const elapsed = performance.now() - started;
  t.match(delivery, {ok: false, attempts: 1, error: /failed: took longer than the 100 ms request timeout/});
  // Below the 10 s default timeout (what ignoring the option would give), above a loaded machine's delays.
  t.ok(elapsed < 8000, `gave up after ${elapsed.toFixed(0)} ms`);
});

t.test('aborting during the wait before a retry rejects at once, with no further attempt', async (t) => {
  const slack = await receiver(t, (_, response) => void response.writeHead(503, {'retry-after': '30'}).end());
  const controller = new AbortController();
  const sent = sendNotifications([message('slack', `${slack.url}${hookPath}`)], outcome, {
    env: {},
    signal: controller.signal,
  });
  await waitFor(() => slack.seen.length === 1, {timeout: 10_000});
  const reason = new Error('stop');
  const started = performance.now();
  controller.abort(reason);
  await t.rejects(sent, reason);
  // The Retry-After asked for 30 s: rejecting well before proves the sleep was cut short.
  t.ok(performance.now() - started < 15_000, 'not after the 30 s wait');
  t.equal(slack.requests(), 1, 'no attempt after the abort');
});

t.test('a refused connection is a failed delivery, not an exception', async (t) => {
  const slack = await receiver(t);
  const url = `${slack.url}${hookPath}`;
  slack.server.close();
  await new Promise((resolve) => slack.server.once('close', resolve));
  const [delivery] = await sendNotifications([message('slack', url)], outcome, {env: {}, retries: 0});
  t.match(delivery, {ok: false, attempts: 1, error: /^slack POST .*\/services\/… failed: network error/});
});

t.test('aborting the signal stops the sends in flight and rejects with its reason', async (t) => {
  const telegram = await receiver(t, () => {});
  const controller = new AbortController();
  const env = {TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_URL: telegram.url};
  const sent = sendNotifications([message('telegram', '1'), message('telegram', '2')], outcome, {
    env,
    signal: controller.signal,
    timeout: attemptTimeout,
  });
  await waitFor(() => telegram.seen.length === 2, {timeout: 10_000});
  const reason = new Error('stop');
  const started = performance.now();
  controller.abort(reason);
  await t.rejects(sent, reason);
  // Far below the 60 s attempt timeout (the only other way out), far above a loaded machine's delays.
  t.ok(performance.now() - started < 15_000, 'promptly, not at the timeout');
});

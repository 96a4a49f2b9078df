import {type AddressInfo, createServer} from 'node:net';
import {SMTPServer, type SMTPServerOptions} from 'smtp-server';
import t, {type Test} from 'tap';
import {type NotificationMessage, sendNotifications, type TemplateVars} from '../lib/notify/index.js';
import {waitFor} from './helpers/wait-for.js';

const outcome: TemplateVars = {
  name: 'daily-orders',
  window: {start: '2026-11-01T00:00:00Z', end: '2026-11-02T00:00:00Z'},
  files: ['orders.xlsx'],
  rows: 1204,
  status: 'failure',
  error: 'croct GET /events failed with HTTP 503',
};
const password = 'hunter2-smtp-secret';

type Received = {from: string; to: string[]; raw: string};

/** An SMTP server from smtp-server on 127.0.0.1, port 0, plain text, login `user` / {@link password}. */
async function smtpServer(t: Test, options: Partial<SMTPServerOptions> = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'user' && auth.password === password) return callback(null, {user: 'user'});
      // A server that echoes what it was given: the password must still never reach a Delivery.
      callback(new Error(`Invalid login for user with password ${auth.password}`));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        raw += chunk;
      });
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        received.push({from, to: session.envelope.rcptTo.map((to) => to.address), raw});
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const {port} = server.server.address() as AddressInfo;
  return {received, port, url: `smtp://user:${password}@127.0.0.1:${port}`};
}

const failureMail: NotificationMessage = {
  policy: 'onFailure',
  medium: 'email',
  target: 'ops@example.com, oncall@example.com',
  title: 'Export {{name}} failed for {{window.start}}',
  text: 'Error: {{error}}\nRows so far: {{rows}}',
};

t.test('an e-mail reaches the SMTP server with the subject, body and recipients rendered', async (t) => {
  const smtp = await smtpServer(t);
  const deliveries = await sendNotifications([failureMail], outcome, {
    env: {EXPORT_SMTP_URL: smtp.url, EXPORT_SMTP_FROM: 'exports@example.com'},
  });
  t.same(deliveries, [
    {
      policy: 'onFailure',
      medium: 'email',
      target: 'ops@example.com, oncall@example.com',
      ok: true,
      attempts: 1,
    },
  ]);
  t.equal(smtp.received.length, 1);
  const [mail] = smtp.received;
  t.equal(mail!.from, 'exports@example.com');
  t.same(mail!.to, ['ops@example.com', 'oncall@example.com']);
  t.match(mail!.raw, /^Subject: Export daily-orders failed for 2026-11-01T00:00:00Z\r$/m);
  t.match(mail!.raw, /^To: ops@example\.com, oncall@example\.com\r$/m);
  t.match(mail!.raw, /\r\n\r\nError: croct GET \/events failed with HTTP 503\r\nRows so far: 1204/);
  t.notMatch(JSON.stringify(deliveries), password);
});

t.test(
  'without a title the subject says the request and the outcome; From defaults to export-stream@localhost',
  async (t) => {
    const smtp = await smtpServer(t, {authOptional: true});
    const {title: _, ...untitled} = failureMail;
    await sendNotifications([{...untitled, target: 'ops@example.com'}], outcome, {
      env: {EXPORT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`},
    });
    t.equal(smtp.received[0]!.from, 'export-stream@localhost');
    t.match(smtp.received[0]!.raw, /^Subject: daily-orders: export failed\r$/m);
    await sendNotifications(
      [{...failureMail, title: '{{nothing}}', policy: 'onSuccess', target: 'a@example.com'}],
      {...outcome, status: 'success'},
      {
        env: {EXPORT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, EXPORT_SMTP_FROM: ''},
      },
    );
    t.match(
      smtp.received[1]!.raw,
      /^Subject: \{\{nothing\}\}\r$/m,
      'an unknown placeholder stays as written',
    );
  },
);

t.test('a rejected login is not retried and its error never shows the password', async (t) => {
  const smtp = await smtpServer(t);
  const [delivery] = await sendNotifications([failureMail], outcome, {
    env: {EXPORT_SMTP_URL: smtp.url.replace(password, 'wrong-password-xyz')},
  });
  t.match(delivery, {
    ok: false,
    attempts: 1,
    error: /^email smtp:\/\/127\.0\.0\.1:\d+ failed: Invalid login/,
  });
  t.notMatch(delivery!.error, 'wrong-password-xyz');
  t.notMatch(JSON.stringify(delivery), /user:/);
});

t.test('a temporary SMTP reply (451) is retried and the second attempt delivers', async (t) => {
  let rcpt = 0;
  const smtp = await smtpServer(t, {
    onRcptTo(_address, _session, callback) {
      rcpt += 1;
      if (rcpt === 1) {
        return callback(Object.assign(new Error('Try again later'), {responseCode: 451}));
      }
      callback();
    },
  });
  const [delivery] = await sendNotifications([{...failureMail, target: 'ops@example.com'}], outcome, {
    env: {EXPORT_SMTP_URL: smtp.url},
  });
  t.match(delivery, {ok: true, attempts: 2});
  t.equal(smtp.received.length, 1, 'delivered once');
});

t.test('a permanent SMTP reply (550) fails at once', async (t) => {
  const smtp = await smtpServer(t, {
    onRcptTo(_address, _session, callback) {
      callback(Object.assign(new Error('No such user'), {responseCode: 550}));
    },
  });
  const [delivery] = await sendNotifications([failureMail], outcome, {env: {EXPORT_SMTP_URL: smtp.url}});
  t.match(delivery, {ok: false, attempts: 1, error: /No such user/});
});

t.test('an SMTP server that never accepts the data fails the attempt at the timeout', async (t) => {
  const smtp = await smtpServer(t, {onData() {}});
  const started = performance.now();
  const [delivery] = await sendNotifications([failureMail], outcome, {
    env: {EXPORT_SMTP_URL: smtp.url},
    timeout: 300,
    retries: 0,
  });
  t.match(delivery, {ok: false, attempts: 1, error: /timed out|took longer than the 300 ms/});
  // Below the 10 s default timeout (what ignoring the option would give), above a loaded machine's delays.
  t.ok(performance.now() - started < 8000, 'promptly');
});

t.test('an SMTP server that refuses connections is a failed delivery after the retries', async (t) => {
  const port = await closedPort();
  const [delivery] = await sendNotifications([failureMail], outcome, {
    env: {EXPORT_SMTP_URL: `smtp://user:${password}@127.0.0.1:${port}`},
    retries: 1,
  });
  t.match(delivery, {ok: false, attempts: 2, error: /^email smtp:\/\/127\.0\.0\.1:\d+ failed: /});
  t.notMatch(delivery!.error, password);
});

t.test('aborting the signal while the SMTP server holds the data rejects with its reason', async (t) => {
  let dataStarted = false;
  const smtp = await smtpServer(t, {
    onData() {
      dataStarted = true;
    },
  });
  const controller = new AbortController();
  const sent = sendNotifications([failureMail], outcome, {
    env: {EXPORT_SMTP_URL: smtp.url},
    signal: controller.signal,
  });
  await waitFor(() => dataStarted, {timeout: 10_000});
  const reason = new Error('stop');
  controller.abort(reason);
  await t.rejects(sent, reason);
});

/** A port nothing listens on: a server is opened on port 0, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

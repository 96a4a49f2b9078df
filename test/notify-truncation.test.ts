import t from 'tap';
import {
  ELLIPSIS,
  MESSAGE_LIMITS,
  type NotificationMessage,
  sendNotifications,
  type TemplateVars,
  truncateText,
} from '../lib/notify/index.js';
import {rawServer} from './helpers/raw-server.js';

const outcome: TemplateVars = {
  name: 'n',
  window: {start: 's', end: 'e'},
  files: [],
  rows: 0,
  status: 'success',
};
const emoji = '😀';

/** A lone surrogate does not survive a round trip through UTF-8 (it becomes U+FFFD). */
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

t.test('text within the limit is unchanged', async (t) => {
  t.equal(truncateText('abcd', 4), 'abcd');
  t.equal(truncateText('', 4), '');
});

t.test('longer text is cut and ends with an ellipsis, at most the limit long', async (t) => {
  t.equal(truncateText('abcdef', 4), `abc${ELLIPSIS}`);
});

t.test('an emoji on the boundary is dropped whole, never split into half a surrogate pair', async (t) => {
  const cut = truncateText(`ab${emoji}cdef`, 4);
  t.equal(cut, `ab${ELLIPSIS}`);
  t.ok(wellFormed(cut));
  t.equal(truncateText(`a${emoji}cdef`, 4), `a${emoji}${ELLIPSIS}`, 'an emoji that fits is kept');
});

t.test('a letter and its combining accent, or an emoji sequence, are never split by the cut', async (t) => {
  // `é` written as `e` + U+0301: cutting between them would show a plain `e`.
  t.equal(truncateText('cafe\u0301st', 5), `caf${ELLIPSIS}`);
  t.equal(
    truncateText('cafe\u0301st', 6),
    `cafe\u0301${ELLIPSIS}`,
    'the accented letter that fits is kept whole',
  );
  const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
  t.equal(truncateText(`ab${family}xyz`, 6), `ab${ELLIPSIS}`, 'a ZWJ sequence is dropped whole');
  t.equal(truncateText(`ab${family}xyz`, 11), `ab${family}${ELLIPSIS}`);
  const zalgo = `e${'\u0301'.repeat(20)}`;
  t.equal(
    truncateText(zalgo, 5),
    `${zalgo.slice(0, 4)}${ELLIPSIS}`,
    'one cluster larger than the room is cut by code point',
  );
  const thumb = '\u{1F44D}\u{1F3FD}';
  t.equal(truncateText(`${thumb}x`, 4), `\u{1F44D}${ELLIPSIS}`, 'never half a surrogate pair even then');
});

t.test('the limit is hit exactly, and a limit with no room for the ellipsis is refused', async (t) => {
  for (let limit = 1; limit <= 8; limit += 1) {
    const cut = truncateText('abcdefghij', limit);
    t.equal(cut.length, limit, `limit ${limit}`);
    t.ok(cut.endsWith(ELLIPSIS));
  }
  t.equal(truncateText('abc', 1), ELLIPSIS);
  t.throws(() => truncateText('abcdef', 0), {
    code: 'ERR_EXPORT_INVALID_OPTION',
    message: 'Expected `limit` to be an integer of at least 1, got 0',
  });
  t.throws(() => truncateText('abcdef', -3), {code: 'ERR_EXPORT_INVALID_OPTION'});
  t.throws(() => truncateText('abcdef', 2.5), {code: 'ERR_EXPORT_INVALID_OPTION'});
});

for (const medium of ['slack', 'discord', 'telegram'] as const) {
  const limit = MESSAGE_LIMITS[medium];
  t.test(
    `${medium} receives at most ${limit} UTF-16 units, cut before an emoji on the boundary`,
    async (t) => {
      const bodies: Record<string, string>[] = [];
      const server = await rawServer(t, (request, response) => {
        let raw = '';
        request.setEncoding('utf8');
        request.on('data', (chunk: string) => {
          raw += chunk;
        });
        request.on('end', () => {
          bodies.push(JSON.parse(raw));
          response.end(medium === 'telegram' ? '{"ok":true}' : 'ok');
        });
      });
      // The emoji's high surrogate would be the last unit before the ellipsis.
      const before = 'x'.repeat(limit - 2);
      const message: NotificationMessage = {
        policy: 'onSuccess',
        medium,
        target: medium === 'telegram' ? '7' : `${server.url}/services/a/b/c`,
        text: `${before}${emoji}${'y'.repeat(50)}`,
      };
      const env = {TELEGRAM_BOT_TOKEN: '1:abcdef', TELEGRAM_API_URL: server.url};
      const [delivery] = await sendNotifications([message], outcome, {env});
      t.match(delivery, {ok: true});
      const text = bodies[0]![medium === 'slack' ? 'text' : medium === 'discord' ? 'content' : 'text']!;
      t.equal(text, `${before}${ELLIPSIS}`);
      t.ok(text.length <= limit, `${text.length} <= ${limit}`);
      t.ok(wellFormed(text), 'no lone surrogate');

      bodies.length = 0;
      await sendNotifications([{...message, text: 'z'.repeat(limit)}], outcome, {env});
      t.equal(
        Object.values(bodies[0]!).find((value) => typeof value === 'string' && value.startsWith('z')),
        'z'.repeat(limit),
        'exactly the limit is sent whole',
      );
    },
  );
}

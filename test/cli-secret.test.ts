import t from 'tap';
import {looksLikeSecret, shown} from '../lib/cli/secret.js';

const uuid = '3f2b8c1e-0a4d-4b6e-9c7f-1d2e3f4a5b6c';

t.test(
  'a UUID, a long hex or base64 token, URL credentials or a configured key look like secrets',
  async (t) => {
    for (const value of [
      uuid,
      uuid.toUpperCase(),
      `key=${uuid};`,
      uuid.replaceAll('-', ''),
      '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
      'c2VjcmV0LXRva2VuLTEyMzQ1Njc4OTA=',
      'ghp_abcdefghijklmnop1234',
      'sk-live_4eC39HqLyjWDarjtT1zdp7dc',
      'orderPlaced,ghp_abcdefghijklmnop1234',
      'https://user:hunter2@api.example.com/export',
      'https://token@api.example.com/',
      '00000000000000000000',
    ]) {
      t.ok(looksLikeSecret(value), value);
    }
    t.ok(looksLikeSecret('hunter2', ['hunter2']), 'equal to the configured key');
    t.ok(looksLikeSecret('id:hunter2,x', ['hunter2']), 'containing the configured key');
  },
);

t.test('what the flags legitimately take does not look like a secret', async (t) => {
  for (const value of [
    '',
    '0',
    '1000',
    '-1',
    '1767225600000',
    '2026-11-01',
    '2026-11-01T12:00:00.000-03:00',
    'orderPlaced,cartViewed,productViewed,checkoutStarted',
    'userProfileChangedAndSomeMore',
    'America/Argentina/Buenos_Aires',
    'id|eventId:id,payload.@type|payload.type:type,context.url:url',
    'https://api.croct.io/export',
    'http://127.0.0.1:4000/export',
    'ndjson',
    'localhost',
  ]) {
    t.notOk(looksLikeSecret(value), JSON.stringify(value));
  }
  t.notOk(looksLikeSecret('csv', ['']), 'an empty configured key matches nothing');
  t.notOk(looksLikeSecret('csv', [uuid]), 'a configured key only matches values that contain it');
});

t.test('the 20-character boundary: 19 token characters pass, 20 are hidden', async (t) => {
  t.notOk(looksLikeSecret('abcdefghijklmnopqr1'));
  t.ok(looksLikeSecret('abcdefghijklmnopqrs1'));
  t.notOk(looksLikeSecret('abcdefghijklmnopqrstuvwxyz'), 'no digit: a word, not a token');
});

t.test('shown() quotes a value, or says only its length when it looks like a secret', async (t) => {
  t.equal(shown('xml'), '"xml"');
  t.equal(shown('say "hi"'), '"say \\"hi\\""');
  t.equal(shown(uuid), 'a value of 36 characters that looks like a secret (not shown)');
  t.equal(shown('abc', ['abc']), 'a value of 3 characters that looks like a secret (not shown)');
});

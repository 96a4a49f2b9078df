import t from 'tap';
import {timeWindow, toEpochMillis, toWire} from '../lib/croct/time.js';

t.test('numbers below 1e11 are seconds, numbers from 1e11 are milliseconds', async (t) => {
  t.equal(toEpochMillis('start', 1440990000), 1440990000000);
  t.equal(toEpochMillis('start', 1440990000000), 1440990000000);
  t.equal(toEpochMillis('start', 99_999_999_999), 99_999_999_999_000);
  t.equal(toEpochMillis('start', 100_000_000_000), 100_000_000_000);
  t.equal(toEpochMillis('start', 1440990000.5), 1440990000500, 'fractional seconds keep their milliseconds');
  t.equal(toEpochMillis('start', 0), 0);
});

t.test('dates and ISO-8601 strings; a date-time without an offset is UTC', async (t) => {
  t.equal(toEpochMillis('start', new Date('2015-08-31T03:00:00Z')), 1440990000000);
  t.equal(toEpochMillis('start', '2015-08-31T03:00:00Z'), 1440990000000);
  t.equal(toEpochMillis('start', '2015-08-31T03:00:00'), 1440990000000);
  t.equal(toEpochMillis('start', '2015-08-31 03:00'), 1440990000000);
  t.equal(toEpochMillis('start', '2015-08-31T00:00:00-03:00'), 1440990000000);
  t.equal(toEpochMillis('start', '2015-08-31T03:00:00.250+00:00'), 1440990000250);
  t.equal(toEpochMillis('start', '2015-08-31'), Date.UTC(2015, 7, 31));
  t.equal(toEpochMillis('start', '2024-02-29'), Date.UTC(2024, 1, 29), 'a leap day');
});

t.test('anything else is rejected, naming the option and the value received', async (t) => {
  const expected =
    'a Date, an ISO-8601 string or a non-negative number of seconds or milliseconds since the epoch';
  const cases: [unknown, string][] = [
    [Number.NaN, 'NaN (number)'],
    [-1, '-1 (number)'],
    [Number.POSITIVE_INFINITY, 'Infinity (number)'],
    ['yesterday', '"yesterday"'],
    ['2015-13-45', '"2015-13-45"'],
    ['2026-02-30', '"2026-02-30"'],
    ['2026-04-31T10:00:00Z', '"2026-04-31T10:00:00Z"'],
    ['', '""'],
    [new Date(Number.NaN), 'Date(Invalid Date)'],
    [true, 'true (boolean)'],
    [null, 'null'],
  ];
  for (const [value, got] of cases) {
    t.throws(() => toEpochMillis('end', value), {
      code: 'ERR_EXPORT_INVALID_OPTION',
      message: `Expected \`end\` to be ${expected}, got ${got}`,
    });
  }
});

t.test('a window needs end after start', async (t) => {
  t.same(timeWindow(undefined, undefined), {start: undefined, end: undefined});
  t.same(timeWindow(1440990000, '2015-09-01T03:00:00Z'), {start: 1440990000000, end: 1441076400000});
  t.throws(() => timeWindow(1440990000, 1440990000), {
    message: 'Expected `end` to be after `start` (2015-08-31T03:00:00.000Z), got 1440990000 (number)',
  });
  t.throws(() => timeWindow('2016-01-01', '2015-01-01'), {name: 'InvalidOptionError', option: 'end'});
});

t.test('the wire unit renders milliseconds or whole seconds', async (t) => {
  t.equal(toWire(1440990000999, 'milliseconds'), 1440990000999);
  t.equal(toWire(1440990000999, 'seconds'), 1440990000);
});

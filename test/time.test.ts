import t from 'tap';
import {timeWindow, toEpochMillis} from '../lib/core/time.js';
import {toWire} from '../lib/croct/wire-time.js';

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

const expected =
  'a Date, an ISO-8601 string or a number of seconds or milliseconds since the epoch, ' +
  'from 1970-01-01T00:00:00.000Z to +275760-09-13T00:00:00.000Z (0 to 8.64e15 ms)';

t.test('anything else is rejected, naming the option and the value received', async (t) => {
  const cases: [unknown, string][] = [
    [Number.NaN, 'NaN (number)'],
    [-1, '-1 (number)'],
    [Number.POSITIVE_INFINITY, 'Infinity (number)'],
    [Number.NEGATIVE_INFINITY, '-Infinity (number)'],
    ['yesterday', '"yesterday"'],
    ['2015-13-45', '"2015-13-45"'],
    ['2026-02-30', '"2026-02-30"'],
    ['2026-04-31T10:00:00Z', '"2026-04-31T10:00:00Z"'],
    ['', '""'],
    [new Date(Number.NaN), 'Date(Invalid Date)'],
    [true, 'true (boolean)'],
    [null, 'null'],
    [undefined, 'undefined'],
    [10n, '10 (bigint)'],
    [{valueOf: () => 1440990000}, 'an object'],
  ];
  for (const [value, got] of cases) {
    t.throws(() => toEpochMillis('end', value), {
      name: 'InvalidOptionError',
      code: 'ERR_EXPORT_INVALID_OPTION',
      option: 'end',
      message: `Expected \`end\` to be ${expected}, got ${got}`,
    });
  }
});

t.test('the valid range is the range of a Date from the epoch on: 0 to 8.64e15 ms', async (t) => {
  t.equal(toEpochMillis('start', 8.64e15), 8.64e15, 'the last millisecond a Date can hold');
  t.equal(toEpochMillis('start', new Date(8.64e15)), 8.64e15);
  t.equal(toEpochMillis('start', '9999-12-31T23:59:59.999Z'), Date.UTC(9999, 11, 31, 23, 59, 59, 999));
  t.equal(toEpochMillis('start', '1970-01-01'), 0);
  t.ok(Object.is(toEpochMillis('start', -0), 0), '-0 is the epoch, as 0');
  t.equal(toEpochMillis('start', 99_999_999_999.999), 99_999_999_999_999, 'the largest seconds fit');

  const outOfRange: [unknown, string][] = [
    [8.64e15 + 1, '8640000000000001 (number)'],
    [9e15, '9000000000000000 (number)'],
    [1e300, '1e+300 (number)'],
    [Number.MAX_VALUE, '1.7976931348623157e+308 (number)'],
    [-1e-9, '-1e-9 (number)'],
    [-8.64e15, '-8640000000000000 (number)'],
    [new Date(-1), 'Date(1969-12-31T23:59:59.999Z)'],
    [new Date(8.64e15 + 1), 'Date(Invalid Date)'],
    ['1969-12-31T23:59:59.999Z', '"1969-12-31T23:59:59.999Z"'],
    ['0000-01-01', '"0000-01-01"'],
    ['275761-01-01', '"275761-01-01"'],
    ['+275760-09-13T00:00:00.001Z', '"+275760-09-13T00:00:00.001Z"'],
    ['+999999-01-01', '"+999999-01-01"'],
    ['-000001-01-01', '"-000001-01-01"'],
  ];
  for (const [value, got] of outOfRange) {
    t.throws(() => toEpochMillis('start', value), {
      name: 'InvalidOptionError',
      option: 'start',
      message: `Expected \`start\` to be ${expected}, got ${got}`,
    });
  }
});

t.test('values that cannot even be described are rejected with an InvalidOptionError', async (t) => {
  const fakeDate: unknown = Object.create(Date.prototype);
  const {proxy, revoke} = Proxy.revocable({}, {});
  revoke();
  for (const value of [fakeDate, proxy]) {
    t.throws(() => toEpochMillis('start', value), {
      name: 'InvalidOptionError',
      option: 'start',
      message: `Expected \`start\` to be ${expected}, got a value that cannot be inspected`,
    });
    t.throws(() => timeWindow(0, value), {name: 'InvalidOptionError', option: 'end'});
  }
});

t.test('a window never throws anything but InvalidOptionError', async (t) => {
  t.throws(
    () => timeWindow(9e15, 1e12),
    {name: 'InvalidOptionError', option: 'start'},
    'start beyond 8.64e15',
  );
  t.throws(() => timeWindow(1e12, 9e15), {name: 'InvalidOptionError', option: 'end'}, 'end beyond 8.64e15');
  t.throws(() => timeWindow(1e300, undefined), {name: 'InvalidOptionError', option: 'start'});
  t.throws(() => timeWindow(undefined, Number.POSITIVE_INFINITY), {
    name: 'InvalidOptionError',
    option: 'end',
  });
  t.throws(() => timeWindow(8.64e15, 8.64e15), {
    name: 'InvalidOptionError',
    message:
      'Expected `end` to be after `start` (+275760-09-13T00:00:00.000Z), got 8640000000000000 (number)',
  });
  t.same(timeWindow(0, 8.64e15), {start: 0, end: 8.64e15}, 'the whole range is a window');
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

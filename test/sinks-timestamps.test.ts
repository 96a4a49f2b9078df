import t from 'tap';
import {
  createTimestampFormatter,
  isTimestampColumn,
  parseColumns,
  timeZoneOption,
} from '../lib/sinks/index.js';

t.test('time zones are checked and canonicalised', async (t) => {
  t.equal(timeZoneOption('utc'), 'UTC');
  t.equal(timeZoneOption('Europe/Lisbon'), 'Europe/Lisbon');
  t.throws(() => timeZoneOption('Mars/Olympus'), {
    name: 'RangeError',
    message:
      'Expected `--timezone` to be an IANA time zone such as "America/Sao_Paulo" or "UTC", got "Mars/Olympus"',
  });
});

t.test('timestamps render with the offset in force at that instant', async (t) => {
  const lisbon = createTimestampFormatter('Europe/Lisbon');
  t.equal(lisbon(Date.UTC(2026, 0, 15, 12)), '2026-01-15T12:00:00.000+00:00');
  t.equal(lisbon(Date.UTC(2026, 6, 15, 12, 0, 0, 7)), '2026-07-15T13:00:00.007+01:00');
  t.equal(createTimestampFormatter('UTC')(0), '1970-01-01T00:00:00.000+00:00');
});

t.test('timestamp columns are recognised by their field names', async (t) => {
  const flags = parseColumns(
    'timestamp,payload.timestamp,closeTime,window.start,a.window.start,x|lastModifiedTime,n',
  ).map((column) =>
    isTimestampColumn(column, {
      names: ['timestamp', 'closeTime', 'lastModifiedTime'],
      paths: ['window.start'],
    }),
  );
  t.same(flags, [true, true, true, true, false, true, false]);
});

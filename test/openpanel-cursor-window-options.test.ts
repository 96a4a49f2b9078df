import t from 'tap';
import {decodeCursor, encodeCursor} from '../lib/openpanel/cursor.js';
import {resolveEventsQuery} from '../lib/openpanel/export-options.js';

const start = '2026-11-01T00:00:00.000Z';
const end = '2026-11-20T00:00:00.000Z';

function cursorOf(options: Record<string, unknown>, moved: number): string {
  const {initial} = resolveEventsQuery(options, 'p1');
  return encodeCursor({...initial, start: initial.start + moved, end: null, offset: 0});
}

t.test('with a cursor, the start and end it was made with (or none) are accepted', async (t) => {
  const cursor = cursorOf({start, end}, 86_400_000);
  for (const options of [{}, {start}, {end}, {start, end}, {start: '2026-10-01'}]) {
    const query = resolveEventsQuery({...options, cursor}, 'p1');
    t.same(query.initial, decodeCursor(cursor), JSON.stringify(options));
  }
  const open = cursorOf({start}, 0);
  t.same(resolveEventsQuery({start, cursor: open}, 'p1').initial, decodeCursor(open), 'no end, none given');
});

t.test('with a cursor, a start later than its window is refused, naming `start`', async (t) => {
  const cursor = cursorOf({start, end}, 0);
  t.throws(() => resolveEventsQuery({start: '2026-11-02', end, cursor}, 'p1'), {
    name: 'InvalidOptionError',
    option: 'start',
    message:
      /the cursor's start \(2026-11-01T00:00:00\.000Z\) or earlier: a cursor resumes its own window, got "2026-11-02"/,
  });
});

t.test('with a cursor, another end is refused, naming `end`', async (t) => {
  const cursor = cursorOf({start, end}, 0);
  t.throws(() => resolveEventsQuery({end: '2026-11-21', cursor}, 'p1'), {
    name: 'InvalidOptionError',
    option: 'end',
    message: /the cursor's end, 2026-11-20T00:00:00\.000Z: a cursor resumes its own window/,
  });
  const open = cursorOf({start}, 0);
  t.throws(() => resolveEventsQuery({end, cursor: open}, 'p1'), {
    option: 'end',
    message: /no `end` \(the cursor runs up to "now"\)/,
  });
});

import t from 'tap';
import {ProtocolError} from '../lib/core/errors.js';
import {decodeCursor, encodeCursor, type PagingState} from '../lib/openpanel/cursor.js';
import {dayRange, isEmptyWindow, openState, readPage, resumeState} from '../lib/openpanel/offset-paging.js';
import type {OpenPanelEvent} from '../lib/openpanel/types.js';

const context = {method: 'exportEvents', path: '/export/events', httpMethod: 'GET'};
const base = Date.parse('2026-11-24T12:00:00.000Z');

function state(overrides: Partial<PagingState> = {}): PagingState {
  return {
    query: 'q',
    start: 0,
    end: base + 60_000,
    until: null,
    offset: 0,
    total: 0,
    last: null,
    ...overrides,
  };
}

function event(id: string, at: number): OpenPanelEvent {
  return {id, createdAt: new Date(at).toISOString()} as OpenPanelEvent;
}

t.test(
  'openState freezes the end at the earlier of the user end and now, never before the start',
  async (t) => {
    const fresh = state({end: null, start: base - 1000});
    t.equal(openState(fresh, base).end, base, 'no user end: now');
    t.equal(openState({...fresh, until: base - 500}, base).end, base - 500, 'a past user end stays');
    t.equal(
      openState({...fresh, until: base + 500}, base).end,
      base,
      'a future user end waits for the next run',
    );
    t.equal(
      openState({...fresh, start: base + 10}, base).end,
      base + 10,
      'a start in the future: an empty window',
    );
    const frozen = state({end: base - 7});
    t.equal(openState(frozen, base), frozen, 'an end frozen by an earlier open is kept');
  },
);

t.test('resumeState starts the next run where this window ended, from the first page', async (t) => {
  const done = state({
    start: 5,
    end: base,
    until: base + 99,
    offset: 3000,
    total: 2999,
    last: {at: 9, ids: ['a']},
  });
  t.same(resumeState(done), {...done, start: base, end: null, offset: 0, total: 0, last: null});
  t.equal(resumeState(state({start: 5, end: null})).start, 5, 'an unopened window keeps its start');
});

t.test('dayRange covers the window with whole UTC days, the end day inclusive', async (t) => {
  const window = state({start: Date.parse('2026-11-01T05:00:00Z'), end: Date.parse('2026-11-24T00:00:00Z')});
  t.same(dayRange(window), {start: '2026-11-01', end: '2026-11-23'});
  const sameDay = state({
    start: Date.parse('2026-11-24T05:00:00Z'),
    end: Date.parse('2026-11-24T05:00:00.001Z'),
  });
  t.same(dayRange(sameDay), {start: '2026-11-24', end: '2026-11-24'});
  t.equal(isEmptyWindow(sameDay), false);
  t.equal(isEmptyWindow(state({start: 10, end: 10})), true);
});

t.test('a full page moves the offset by one page and records the count and the position', async (t) => {
  const page = {data: [event('a', base), event('b', base - 1), event('c', base - 1)], totalCount: 40};
  const outcome = readPage(state(), page, 3, context);
  t.same(
    outcome.items.map((item) => item.id),
    ['a', 'b', 'c'],
  );
  t.equal(outcome.done, false);
  t.equal(outcome.repeats, 0);
  t.same(outcome.next, {...state(), offset: 3, total: 40, last: {at: base - 1, ids: ['b', 'c']}});
});

t.test(
  'events the position passed already are repeats, whatever the order of ids at one millisecond',
  async (t) => {
    const position = state({offset: 3, last: {at: base - 1, ids: ['z', 'b']}});
    const page = {
      data: [
        event('new', base + 5), // newer than the position: shifted in by an insert, already passed
        event('b', base - 1),
        event('a', base - 1), // same millisecond, not passed: the server's tie order is its own
        event('z', base - 1),
        event('d', base - 2),
      ],
      totalCount: 50,
    };
    const outcome = readPage(position, page, 5, context);
    t.same(
      outcome.items.map((item) => item.id),
      ['a', 'd'],
    );
    t.equal(outcome.repeats, 3);
    t.same(outcome.next.last, {at: base - 2, ids: ['d']});
  },
);

t.test('a page of repeats only keeps the position and still moves the offset', async (t) => {
  const position = state({offset: 2, last: {at: base, ids: ['a']}});
  const outcome = readPage(
    position,
    {data: [event('x', base + 1), event('a', base)], totalCount: 9},
    2,
    context,
  );
  t.same(outcome.items, []);
  t.equal(outcome.done, false);
  t.same(outcome.next, {...position, offset: 4, total: 9});
});

t.test('events newer than the window move the position but are not delivered', async (t) => {
  const window = state({end: base});
  const outcome = readPage(
    window,
    {data: [event('late', base), event('in', base - 1)], totalCount: 2},
    2,
    context,
  );
  t.same(
    outcome.items.map((item) => item.id),
    ['in'],
  );
  t.same(outcome.next.last, {at: base - 1, ids: ['in']});
});

t.test('a short page ends the export', async (t) => {
  const outcome = readPage(state(), {data: [event('a', base)], totalCount: 1}, 2, context);
  t.equal(outcome.done, true);
  t.equal(readPage(state(), {data: [], totalCount: 0}, 2, context).done, true, 'an empty page too');
});

t.test(
  'the first event older than the window ends the export there, without waiting for a short page',
  async (t) => {
    const window = state({start: base - 1});
    const page = {
      data: [event('a', base), event('b', base - 1), event('old', base - 2), event('older', base - 3)],
      totalCount: 90,
    };
    const outcome = readPage(window, page, 4, context);
    t.same(
      outcome.items.map((item) => item.id),
      ['a', 'b'],
    );
    t.equal(outcome.done, true);
  },
);

t.test('a page that breaks the protocol is a ProtocolError naming what is wrong', async (t) => {
  const cases: [string, OpenPanelEvent[], RegExp][] = [
    [
      'more events than the limit',
      [event('a', base), event('b', base), event('c', base)],
      /3 events for a limit of 2/,
    ],
    ['events in the wrong order', [event('a', base), event('b', base + 1)], /not ordered newest first/],
    [
      'an event without createdAt',
      [{id: 'a'} as OpenPanelEvent],
      /no string `id` or no ISO-8601 `createdAt`/,
    ],
    ['an event with a bad createdAt', [{id: 'a', createdAt: 'soon'} as OpenPanelEvent], /createdAt/],
    ['an event without an id', [{createdAt: '2026-11-24T00:00:00.000Z'} as OpenPanelEvent], /`id`/],
    ['an event with an empty id', [event('', base)], /`id`/],
    ['a null event', [null as unknown as OpenPanelEvent], /`id`/],
  ];
  for (const [name, data, message] of cases) {
    t.throws(() => readPage(state(), {data, totalCount: 3}, 2, context), message, name);
    try {
      readPage(state(), {data, totalCount: 3}, 2, context);
    } catch (error) {
      t.ok(error instanceof ProtocolError && error.code === 'ERR_EXPORT_PROTOCOL', name);
    }
  }
});

t.test('cursors round-trip every field, and anything else is refused naming the option', async (t) => {
  const states: PagingState[] = [
    state(),
    state({end: null, until: base, offset: 2000, total: 12345, last: {at: base, ids: ['a', 'b']}}),
  ];
  for (const value of states) {
    t.same(decodeCursor(encodeCursor(value)), value);
  }
  const wire = (fields: Record<string, unknown>) =>
    Buffer.from(
      JSON.stringify({v: 1, q: 'q', s: 0, e: 10, u: null, o: 0, t: 0, k: null, ...fields}),
    ).toString('base64url');
  t.same(decodeCursor(wire({})), state({end: 10}));
  const bad = [
    'not a cursor',
    Buffer.from('null').toString('base64url'),
    wire({v: 2}),
    wire({q: 1}),
    wire({s: -1}),
    wire({s: 1.5}),
    wire({e: 'x'}),
    wire({s: 20, e: 10}),
    wire({u: 'x'}),
    wire({o: -1000}),
    wire({t: null}),
    wire({k: 'a'}),
    wire({k: [5]}),
    wire({k: [5, 1]}),
    wire({k: ['5', 'a']}),
  ];
  for (const cursor of bad) {
    t.throws(
      () => decodeCursor(cursor),
      {
        code: 'ERR_EXPORT_INVALID_OPTION',
        message: /^Expected `cursor` to be a cursor made by an OpenPanel events export, got "/,
      },
      cursor,
    );
  }
});

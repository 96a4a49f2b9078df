import t from 'tap';
import {request} from 'undici';
import type {EventResponse, ProblemDetails} from '../lib/croct/types.js';
import type {Simulator} from '../lib/simulator/index.js';
import {createSimulator} from '../lib/simulator/index.js';

async function get(simulator: Simulator, path: string) {
  const response = await request(simulator.url + path, {headers: {'x-api-key': simulator.apiKey}});

  return {status: response.statusCode, body: (await response.body.json()) as ProblemDetails & EventResponse};
}

const CASES: Array<[string, string, string[]]> = [
  ['/events?start=yesterday', 'a non-numeric start', ['start must be an unix timestamp']],
  ['/events?start=-5', 'a negative start', ['start must be an unix timestamp']],
  ['/session?end=1.5', 'a fractional end', ['end must be an unix timestamp']],
  ['/user?end=99999999999999999', 'an end beyond 2^53', ['end must be an unix timestamp']],
  ['/events?start=10&start=20', 'a repeated start', ['start must be specified once']],
  ['/events?start=20&end=20', 'an empty window', ['end must be greater than start']],
  ['/events?pageSize=0', 'a page size of 0', ['pageSize must be between 1 and 1000']],
  ['/events?pageSize=1001', 'a page size above 1000', ['pageSize must be between 1 and 1000']],
  ['/session?pageSize=ten', 'a non-integer page size', ['pageSize must be an integer']],
  ['/user?pageSize=2.5', 'a fractional page size', ['pageSize must be an integer']],
  ['/events?events=foo', 'an unknown event type', ['events contains an unknown event type: foo']],
  ['/events?events=', 'an empty event type', ['events contains an unknown event type: ']],
  ['/session?events=pageOpened', 'an events filter on sessions', ['events is not supported by /session']],
  ['/user?events=pageOpened', 'an events filter on users', ['events is not supported by /user']],
  ['/events?cursor=abc', 'a short malformed cursor', ['cursor is malformed']],
  ['/events?cursor=abcdefghijklmnopqrstuvwxyz', 'a forged cursor', ['cursor is malformed']],
  [
    '/events?start=x&end=y&pageSize=0&events=nope&cursor=a&cursor=b',
    'many bad parameters at once',
    [
      'start must be an unix timestamp',
      'end must be an unix timestamp',
      'pageSize must be between 1 and 1000',
      'cursor must be specified once',
      'events contains an unknown event type: nope',
    ],
  ],
];

for (const [path, what, violations] of CASES) {
  t.test(`${what} is a 400 invalid-input problem listing every violation`, async (t) => {
    const simulator = await createSimulator({events: 20});
    t.teardown(() => simulator.close());

    const {status, body} = await get(simulator, path);

    t.equal(status, 400);
    t.same(body, {
      type: 'https://croct.help/api/data-export/invalid-input',
      title: 'Invalid input',
      status: 400,
      detail: violations.length === 1 ? '1 error occurred' : `${violations.length} errors occurred`,
      instance: path.split('?')[0],
      violations,
    });
  });
}

t.test('a cursor reused with other filters or page size does not match the request', async (t) => {
  const simulator = await createSimulator({events: 20});
  t.teardown(() => simulator.close());

  const first = await get(
    simulator,
    '/events?start=1440990000000&pageSize=5&events=pageOpened&events=orderPlaced',
  );
  const cursor = encodeURIComponent(first.body.nextCursor);
  const same = await get(
    simulator,
    `/events?start=1440990000000&pageSize=5&events=orderPlaced&events=pageOpened&events=pageOpened&cursor=${cursor}`,
  );

  t.equal(same.status, 200, 'the order and repetition of event types do not matter');

  for (const other of [
    `/events?start=1440990000000&pageSize=6&events=pageOpened&events=orderPlaced&cursor=${cursor}`,
    `/events?start=1440990000001&pageSize=5&events=pageOpened&events=orderPlaced&cursor=${cursor}`,
    `/events?start=1440990000000&end=1441076400000&pageSize=5&events=pageOpened&events=orderPlaced&cursor=${cursor}`,
    `/events?start=1440990000000&pageSize=5&events=pageOpened&cursor=${cursor}`,
    `/session?start=1440990000000&pageSize=5&cursor=${cursor}`,
  ]) {
    const {status, body} = await get(simulator, other);

    t.equal(status, 400, other);
    t.same(body.violations, ['cursor does not match the request filters']);
  }
});

t.test('a cursor edited by one character is malformed', async (t) => {
  const simulator = await createSimulator({events: 20});
  t.teardown(() => simulator.close());

  const {nextCursor} = (await get(simulator, '/events?pageSize=5')).body;
  const edited = (nextCursor[0] === 'A' ? 'B' : 'A') + nextCursor.slice(1);
  const {status, body} = await get(simulator, `/events?pageSize=5&cursor=${edited}`);

  t.equal(status, 400);
  t.same(body.violations, ['cursor is malformed']);
});

t.test('a cursor from a simulator with another seed is malformed', async (t) => {
  const one = await createSimulator({events: 20, seed: 1});
  const two = await createSimulator({events: 20, seed: 2, apiKey: one.apiKey});
  t.teardown(() => Promise.all([one.close(), two.close()]));

  const {nextCursor} = (await get(one, '/events?pageSize=5')).body;
  const {status, body} = await get(two, `/events?pageSize=5&cursor=${nextCursor}`);

  t.equal(status, 400);
  t.same(body.violations, ['cursor is malformed']);
});

t.test('unknown parameters and an empty cursor are ignored', async (t) => {
  const simulator = await createSimulator({events: 20});
  t.teardown(() => simulator.close());

  const {status, body} = await get(simulator, '/events?foo=bar&cursor=&pageSize=3');

  t.equal(status, 200);
  t.equal(body.items.length, 3);
});

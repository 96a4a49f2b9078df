import t from 'tap';
import type {Checkpoint} from '../lib/core/types.js';
import {ids, reference, setup} from './helpers/simulator.js';

t.test(
  'a crashed consumer resumes from its last checkpoint: nothing lost, nothing read repeated',
  async (t) => {
    const {simulator, api} = await setup(t, {events: 777});
    const expected = ids(await reference(simulator, '/events'));
    let saved: Checkpoint | undefined;
    const processed: string[] = [];
    const first = api.exportEvents({pageSize: 50});
    first.on('checkpoint', (checkpoint: Checkpoint) => {
      saved = checkpoint;
    });
    for await (const event of first) {
      processed.push(String(event.id));
      if (processed.length === 333) break; // the "crash", mid-page
    }
    t.match(saved, {items: 300, pages: 6}, 'the last whole page read');
    t.equal(first.cursor, saved?.cursor);
    // Only what the checkpoint covers counts as done; the rest of the page in progress is redone.
    const done = processed.slice(0, saved!.items);
    const resumed = ids(await api.exportEvents({pageSize: 50, cursor: saved!.cursor!}).toArray());
    t.same([...done, ...resumed], expected);
  },
);

t.test('the final cursor picks up only what was added since', async (t) => {
  const {simulator, api} = await setup(t, {events: 120});
  const first = api.exportEvents({pageSize: 100});
  const firstIds = ids(await first.toArray());
  t.equal(firstIds.length, 120);
  t.type(first.cursor, 'string');
  simulator.addEvents(45);
  const second = api.exportEvents({pageSize: 100, cursor: first.cursor!});
  const secondIds = ids(await second.toArray());
  t.equal(secondIds.length, 45);
  t.same([...firstIds, ...secondIds], ids(await reference(simulator, '/events')));
  t.not(second.cursor, first.cursor, 'the cursor moved on');
  const third = api.exportEvents({pageSize: 100, cursor: second.cursor!});
  t.same(await third.toArray(), [], 'caught up: nothing new');
  t.equal(third.cursor, second.cursor, 'an export with nothing new keeps the cursor');
});

t.test('limit stops mid-export and the cursor resumes after the whole pages read', async (t) => {
  const {simulator, api} = await setup(t, {events: 300});
  const stream = api.exportEvents({pageSize: 40, limit: 100});
  const first = ids(await stream.toArray());
  t.equal(first.length, 100);
  t.equal(stream.checkpoint.items, 80, 'two whole pages');
  const rest = ids(await api.exportEvents({pageSize: 40, cursor: stream.cursor!}).toArray());
  t.same([...first.slice(0, 80), ...rest], ids(await reference(simulator, '/events')));
});

t.test('a modified cursor is rejected by the server as invalid input', async (t) => {
  const {api} = await setup(t, {events: 10});
  await t.rejects(api.exportEvents({cursor: 'not-a-cursor'}).toArray(), {
    name: 'HttpError',
    code: 'ERR_EXPORT_INVALID_INPUT',
    status: 400,
  });
});

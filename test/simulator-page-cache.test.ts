import t from 'tap';
import {PageCache} from '../lib/simulator/core/page-cache.js';
import {setup} from './helpers/simulator.js';

t.test('keeps the most recent pages and evicts the least recently used', async (t) => {
  const cache = new PageCache(2);
  let built = 0;
  const build = (text: string) => () => {
    built++;
    return Buffer.from(text);
  };
  t.equal(String(cache.get('a', build('A'))), 'A');
  t.equal(String(cache.get('b', build('B'))), 'B');
  t.equal(String(cache.get('a', build('A2'))), 'A', 'a hit');
  t.equal(String(cache.get('c', build('C'))), 'C');
  t.equal(built, 3);
  t.equal(String(cache.get('b', build('B2'))), 'B2', 'b was the least recently used, so it was evicted');
  t.equal(String(cache.get('a', build('A3'))), 'A3', 'then a, which was older than c and the new b');
});

t.test('a walk repeated after the data grew sees the new items, not a stale cached page', async (t) => {
  const {simulator, api} = await setup(t, {events: 150});
  const first = await api.exportEvents({pageSize: 100}).toArray();
  t.equal(first.length, 150);
  t.same(await api.exportEvents({pageSize: 100}).toArray(), first, 'the same walk, served from the cache');
  simulator.addEvents(20);
  t.equal((await api.exportEvents({pageSize: 100}).toArray()).length, 170);
});

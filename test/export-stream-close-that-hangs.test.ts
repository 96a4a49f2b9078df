import t from 'tap';
import {ExportStream} from '../lib/core/export-stream.js';
import type {PageSource} from '../lib/core/types.js';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

t.test(
  'destroy() emits close (finished()/pipeline() settle) although the source close() never settles',
  async (t) => {
    const source: PageSource<{id: number}> = {
      fetchPage: async () => ({items: [{id: 1}, {id: 2}], nextCursor: 'next'}),
      close: () => new Promise<void>(() => {}),
    };
    const stream = new ExportStream(source, {prefetch: 0});
    stream.resume();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closed = new Promise<string>((resolve) => stream.once('close', () => resolve('closed')));
    stream.destroy(new Error('stop'));
    stream.on('error', () => {});
    t.equal(
      await withTimeout(closed, 4000),
      'closed',
      'within the 1 s clean-up deadline, with room for a loaded machine',
    );
  },
);

t.test('a failed page is reported to the loop although the source close() never settles', async (t) => {
  const source: PageSource<{id: number}> = {
    fetchPage: async () => {
      throw new Error('page failed');
    },
    close: () => new Promise<void>(() => {}),
  };
  const stream = new ExportStream(source);
  const loop = (async () => {
    try {
      for await (const _ of stream) {
      }
      return 'ended';
    } catch (error) {
      return (error as Error).message;
    }
  })();
  t.equal(await withTimeout(loop, 4000), 'page failed');
});

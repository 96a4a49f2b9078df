import t from 'tap';
import {Agent, type Dispatcher} from 'undici';
import {ExportStream} from '../lib/core/export-stream.js';
import {httpPageFetcher} from '../lib/core/page-request.js';
import {Configuration, httpSettings} from '../lib/croct/configuration.js';
import {croctPageFormat} from '../lib/croct/page-format.js';
import {createSimulator} from '../lib/simulator/index.js';
import {ids, reference} from './helpers/simulator.js';

/** A connection pool that logs each request as undici takes it, i.e. as it goes to the socket. */
class LoggingAgent extends Agent {
  readonly log: string[] = [];

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const cursor = new URL(options.path, 'http://x').searchParams.get('cursor');
    this.log.push(`request ${cursor ?? '(start)'}`);
    return super.dispatch(options, handler);
  }
}

/** Spins for `micros` of CPU: a consumer that never yields to the event loop while it works. */
function busy(micros: number): void {
  const until = performance.now() + micros / 1000;
  while (performance.now() < until) {
    // Work.
  }
}

t.test('with a CPU-bound consumer the next request goes out before the page is parsed', async (t) => {
  const simulator = await createSimulator({events: 500, latency: 10});
  const dispatcher = new LoggingAgent();
  t.teardown(async () => {
    await dispatcher.destroy();
    await simulator.close();
  });
  const configuration = new Configuration({apiKey: simulator.apiKey, baseUrl: simulator.url, dispatcher});
  const settings = {...httpSettings(configuration), parser: 'json' as const, retry: configuration.retry};
  const pageRequest = (cursor: string | undefined) => {
    const url = new URL(`${simulator.url}/events`);
    url.searchParams.set('pageSize', '100');
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    return {url};
  };
  // The Croct page format, noting when each page has been through JSON.parse.
  const format = {
    ...croctPageFormat,
    page(body: unknown, context: Parameters<typeof croctPageFormat.page>[1]) {
      const page = croctPageFormat.page(body, context);
      dispatcher.log.push(`parsed, next ${page.nextCursor}`);
      return page;
    },
  };
  const stream = new ExportStream<Record<string, unknown>>(
    {fetchPage: httpPageFetcher(pageRequest, settings, 'exportEvents', format)},
    {prefetch: 1},
  );
  const delivered: Record<string, unknown>[] = [];
  for await (const event of stream) {
    busy(50);
    delivered.push(event);
  }
  const requests = simulator.stats.log.filter((entry) => entry.path === '/events');

  t.same(ids(delivered), ids(await reference(simulator, '/events')), 'every event once, in order');
  const pages = dispatcher.log.filter((line) => line.startsWith('parsed'));
  t.equal(pages.length, 6, 'five pages of items and the final empty one');
  for (const [index, line] of pages.slice(0, -1).entries()) {
    const next = line.slice('parsed, next '.length);
    const requested = dispatcher.log.indexOf(`request ${next}`);
    t.ok(
      requested !== -1 && requested < dispatcher.log.indexOf(line),
      `page ${index + 1}: the request for its next page was sent before it was parsed`,
    );
  }
  t.equal(requests.length, 6, 'no request past the final empty page');
  t.equal(new Set(requests.map((entry) => entry.query.cursor ?? '')).size, 6, 'each cursor requested once');
});

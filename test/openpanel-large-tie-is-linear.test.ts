import t from 'tap';
import {ExportStream} from '../lib/core/export-stream.js';
import {decodeCursor} from '../lib/openpanel/cursor.js';
import {OffsetEventSource, type RequestPage} from '../lib/openpanel/event-source.js';
import type {OpenPanelEvent} from '../lib/openpanel/types.js';

const context = {method: 'exportEvents', path: '/export/events', httpMethod: 'GET'};
const at = Date.parse('2026-11-24T12:00:00.000Z');
const retry = {retries: 0, minDelay: 1, maxDelay: 1, factor: 2, maxRetryAfter: 1, maxRetryTime: 1000};

// Bulk imports with second precision put many events at one millisecond.
t.test('a tie of 40,000 events at one millisecond is exported once each, in seconds', async (t) => {
  const total = 40_000;
  const pageSize = 1000;
  const createdAt = new Date(at).toISOString();
  const rows = Array.from({length: total}, (_, index) => ({
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    createdAt,
  })) as OpenPanelEvent[];
  const request: RequestPage = async (state) => ({
    data: rows.slice(state.offset, state.offset + pageSize),
    totalCount: total,
  });
  const source = new OffsetEventSource(request, {
    initial: {query: 'q', start: 0, end: null, until: null, offset: 0, total: 0, last: null},
    pageSize,
    readAhead: 0,
    limit: Number.POSITIVE_INFINITY,
    now: () => at + 1,
    retry,
    context,
  });
  const stream = new ExportStream(source, {prefetch: 1}, context);
  let tied = 0;
  stream.on('checkpoint', ({cursor}) => {
    tied = Math.max(tied, decodeCursor(cursor!).last?.ids.length ?? 0);
  });
  const started = performance.now();
  const ids = new Set<string>();
  let count = 0;
  for await (const event of stream) {
    ids.add((event as OpenPanelEvent).id);
    count++;
  }
  const took = performance.now() - started;
  t.equal(count, total, 'every event');
  t.equal(ids.size, total, 'each once');
  t.ok(took < 10_000, `took ${Math.round(took)} ms`);
  t.ok(tied >= total - pageSize, 'the cursor lists the tied ids passed (the documented growth)');
});

import {request} from 'undici';

/**
 * The loop users write today after the official client's README, with undici: one request at a
 * time, the whole body through `JSON.parse`, `cursor = nextCursor` until an empty page. `onItem` is
 * called for each item in order, and `onPage` (optional, awaited) after each page's items. Resolves to
 * the number of items.
 */
export async function baselineExport({url, apiKey, pageSize, onItem, onPage, path = '/events'}) {
  let cursor;
  let count = 0;
  for (;;) {
    const target = new URL(path, url);
    target.searchParams.set('pageSize', String(pageSize));
    if (cursor !== undefined) {
      target.searchParams.set('cursor', cursor);
    }
    const response = await request(target, {
      headers: {'x-api-key': apiKey, accept: 'application/json'},
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`baseline: HTTP ${response.statusCode}`);
    }
    const {items, nextCursor} = JSON.parse(await response.body.text());
    if (items.length === 0) {
      return count;
    }
    for (const item of items) {
      onItem(item);
      count++;
    }
    await onPage?.();
    cursor = nextCursor;
  }
}

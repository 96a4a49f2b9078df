// The baseline for question 5 as a program of its own (so it pays the same process start-up as the
// CLI): the README loop writing one JSON line per event to a file, honouring the file's backpressure.
// Usage: node baseline-ndjson.js URL API_KEY PAGE_SIZE OUT_FILE

import {once} from 'node:events';
import {createWriteStream} from 'node:fs';
import {finished} from 'node:stream/promises';
import {baselineExport} from './baseline.js';

const [url, apiKey, pageSize, file] = process.argv.slice(2);
const out = createWriteStream(file);
const pending = [];
let count = 0;

await baselineExport({
  url,
  apiKey,
  pageSize: Number(pageSize),
  onItem(item) {
    pending.push(`${JSON.stringify(item)}\n`);
    count++;
  },
  // Written page by page: the loop's natural unit, and where it can wait for the file to drain.
  async onPage() {
    if (!out.write(pending.join(''))) {
      await once(out, 'drain');
    }
    pending.length = 0;
  },
});
out.end();
await finished(out);
process.stderr.write(`${count} events\n`);

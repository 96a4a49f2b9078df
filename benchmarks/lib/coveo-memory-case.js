// One Coveo memory case in a fresh process (started by ../coveo.js with --expose-gc): streams every
// row of a new export from the simulator at `url` through exportRows, sampling heap and RSS, and
// prints the peaks as JSON on stdout.
import {CoveoApi} from '../../dist/coveo/index.js';

const {url, accessToken, from, to} = JSON.parse(process.argv[2]);
globalThis.gc();
const start = process.memoryUsage();
const peak = {rss: start.rss, heapUsed: start.heapUsed};
const api = new CoveoApi({accessToken, baseUrl: url});
let rows = 0;
const began = performance.now();
for await (const row of api.exportRows({from, to, pollInterval: 100})) {
  rows++;
  if ((rows & 4095) === 0 && row.table !== '') {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
  }
}
const ms = performance.now() - began;
process.stdout.write(JSON.stringify({rows, ms, start, peak}));

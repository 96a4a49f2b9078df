// Question 6: should the client send Accept-Encoding by default? The same export of 1000-event pages,
// raw against compressed (gzip, then br), at bandwidths from a fast LAN down to an ordinary uplink.
import {fork} from 'node:child_process';
import {once} from 'node:events';
import {Configuration, ExportApi} from '../dist/index.js';
import {fmt, log, median, questionArgs, table, timed} from './lib/measure.js';

const {quick} = questionArgs();
const pages = quick ? 4 : 12;
const repetitions = quick ? 1 : 3;
// Bytes per second: unpaced loopback, 1 Gbit/s, 100 Mbit/s.
const bandwidths = [
  ['loopback (unpaced)', Number.POSITIVE_INFINITY],
  ['1 Gbit/s', 125_000_000],
  ['100 Mbit/s', 12_500_000],
];

async function startServer(bytesPerSecond) {
  const child = fork(new URL('./lib/compression-server.js', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send({type: 'start', bytesPerSecond, pages});
  const [ready] = await once(child, 'message');
  return {
    ...ready,
    close: async () => {
      child.send({type: 'close'});
      await once(child, 'exit');
    },
  };
}

async function exportAll(server, compression) {
  const api = new ExportApi(new Configuration({apiKey: server.apiKey, baseUrl: server.url, compression}));
  let count = 0;
  const {ms, cpuMs} = await timed(async () => {
    for await (const _ of api.exportEvents({pageSize: 1000})) count++;
  });
  if (count !== pages * 1000) throw new Error(`expected ${pages * 1000} items, got ${count}`);
  return {ms, cpuMs};
}

const rows = [];
let sizes;
for (const [label, bytesPerSecond] of bandwidths) {
  const server = await startServer(bytesPerSecond);
  sizes = server.sizes;
  try {
    await exportAll(server, false);
    const ratios = [];
    const raw = [];
    const compressed = [];
    for (let rep = 0; rep < repetitions; rep++) {
      const off = await exportAll(server, false);
      const on = await exportAll(server, true);
      raw.push(off);
      compressed.push(on);
      ratios.push(off.ms / on.ms);
    }
    const ratio = median(ratios);
    log(`${label}: ${fmt.ratio(ratio)}`);
    rows.push([
      label,
      fmt.ms(median(raw.map((run) => run.ms)) / pages),
      fmt.ms(median(compressed.map((run) => run.ms)) / pages),
      `**${fmt.ratio(ratio)}**`,
      `${fmt.ms(median(raw.map((run) => run.cpuMs)) / pages)} / ${fmt.ms(median(compressed.map((run) => run.cpuMs)) / pages)}`,
    ]);
  } finally {
    await server.close();
  }
}

console.log(`## 6. Compression: should Accept-Encoding be sent by default?

One real 1000-event page is ${fmt.mib(sizes.identity)} as JSON, ${fmt.mib(sizes.gzip)} gzipped and ${fmt.mib(sizes.br)} as br (${(sizes.identity / sizes.br).toFixed(1)}x smaller). ${pages} pages per export, ${repetitions} pairs per row; the ratio is raw time / compressed time (above 1: compression is faster).

${table(['bandwidth', 'raw, per page', 'compressed, per page', 'speed-up', 'client CPU per page raw / compressed'], rows)}
`);

// The Coveo export a user writes by hand, without this library: create the job, poll it every
// second, follow the redirect, save the zip to a temporary file, then read each CSV with yauzl and
// csv-parse (the popular choice), a row at a time. Plain and buffer-free, as in Coveo's docs flow.
import {createWriteStream} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {setTimeout as sleep} from 'node:timers/promises';
import {parse} from 'csv-parse';
import {request} from 'undici';
import yauzl from 'yauzl';

export async function baselineRows(
  {url, accessToken, from, to, pollMs = 1000, onAvailable = () => {}},
  onRow,
) {
  const headers = {authorization: `Bearer ${accessToken}`};
  const query = new URLSearchParams({from, to});
  const created = await request(`${url}/v15/exports?${query}`, {method: 'POST', headers});
  const {id} = await created.body.json();
  for (;;) {
    const response = await request(`${url}/v15/exports/${id}`, {headers});
    const {status} = await response.body.json();
    if (status === 'AVAILABLE') {
      onAvailable();
      break;
    }
    if (status !== 'PENDING') throw new Error(`export ${id} is ${status}`);
    await sleep(pollMs);
  }
  const redirect = await request(`${url}/v15/exports/${id}?redirect=true`, {headers});
  await redirect.body.dump();
  const file = join(tmpdir(), `coveo-baseline-${id}.zip`);
  try {
    const download = await request(redirect.headers.location);
    await pipeline(download.body, createWriteStream(file));
    const zip = await yauzl.openPromise(file, {lazyEntries: true});
    let count = 0;
    for (;;) {
      const entry = await new Promise((resolve, reject) => {
        zip
          .once('entry', resolve)
          .once('end', () => resolve(undefined))
          .once('error', reject);
        zip.readEntry();
      });
      if (entry === undefined) break;
      const table = entry.fileName.replace(/\.csv$/i, '').toLowerCase();
      const records = (await zip.openReadStreamPromise(entry)).pipe(parse({columns: true, bom: true}));
      for await (const record of records) {
        onRow({table, ...record});
        count++;
      }
    }
    zip.close();
    return count;
  } finally {
    await rm(file, {force: true});
  }
}

import {access} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import {ALICE, call, croctService, jobsOf, oneTime, until} from './helpers/service.js';

t.test(
  "retention deletes a done job's file, marks the job expired, and its download answers 404",
  async (t) => {
    let now = new Date();
    const {simulator, dataDir, service} = await croctService(t, {retention: 3_600_000, now: () => now});
    const id = (await call(service.url, 'POST', '/exports', {token: ALICE, body: oneTime(simulator)})).json
      .id;
    await until(async () => (await jobsOf(service.url, id))[0]?.status === 'done', 'done');
    const [done] = await jobsOf(service.url, id);
    const path = join(dataDir, 'files', done.id, done.fileName);
    await access(path);
    t.equal(await service.expire(), 0, 'kept within the retention');
    now = new Date(now.getTime() + 3_600_000);
    t.equal(await service.expire(), 1, 'expired an hour after it finished');
    const [expired] = await jobsOf(service.url, id);
    t.match(expired, {status: 'expired', expiredAt: now.toISOString()});
    await t.rejects(access(path), {code: 'ENOENT'}, 'the file is gone');
    const download = await call(service.url, 'GET', `/exports/${id}/download`, {token: ALICE});
    t.same(
      [download.status, download.json.error.message],
      [404, `The file of job ${done.id} expired (retention)`],
    );
    const resource = await call(service.url, 'GET', `/exports/${id}`, {token: ALICE});
    t.equal(resource.json.status, 'expired');
    const listed = await call(service.url, 'GET', '/exports?status=expired', {token: ALICE});
    t.equal(listed.json.total, 1);
  },
);

t.test('the retention timer expires files on its own', async (t) => {
  const {simulator, service} = await croctService(t, {retention: 50});
  const id = (await call(service.url, 'POST', '/exports', {token: ALICE, body: oneTime(simulator)})).json.id;
  await until(async () => (await jobsOf(service.url, id))[0]?.status === 'expired', 'expired by the timer');
  t.pass('expired');
});

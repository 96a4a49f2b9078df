import t from 'tap';
import {exportStatus} from '../lib/service/present.js';
import type {ExportRecord} from '../lib/service/types.js';
import {resolveOptions} from '../lib/simulator/croct/resolve-options.js';

t.test('a skew without `at` starts at the window start; one with `at` keeps it', async (t) => {
  t.same(resolveOptions({skew: {share: 0.8, span: 0.1}}).skew, {share: 0.8, span: 0.1, at: 0});
  t.same(resolveOptions({skew: {share: 0.5, span: 0.2, at: 0.3}}).skew, {share: 0.5, span: 0.2, at: 0.3});
  t.throws(() => resolveOptions({skew: {share: 0.5, span: 0.2, at: 0.9}}), {
    message: /`skew\.at` to be a number from 0 to 0\.8 \(1 - span\), got 0\.9/,
  });
});

t.test("an export's status is its latest window's, whatever order its jobs are listed in", async (t) => {
  const job = (key: string, end: string, status: string) => ({
    id: `r_0_${key}`,
    item: 0,
    window: {start: '2026-11-01T00:00:00.000Z', end, key},
    status,
    createdAt: '2026-11-01T00:00:00.000Z',
    attempts: 1,
  });
  const record = (jobs: unknown[]) => ({jobs}) as unknown as ExportRecord;
  const older = job('a', '2026-11-02T00:00:00.000Z', 'failed');
  const newer = job('b', '2026-11-03T00:00:00.000Z', 'done');
  t.equal(exportStatus(record([older, newer])), 'done', 'newest last');
  t.equal(exportStatus(record([newer, older])), 'done', 'newest first');
});

import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {ApiError, notFound} from '../http/api-error.js';
import {parseRange} from '../http/range.js';
import type {Route} from '../http/router.js';
import {jobDirectory} from '../job-runner.js';
import {ownRecord} from '../present.js';
import type {JobRecord} from '../types.js';

/**
 * `GET /exports/{id}/download[?job=ID]`: the file of that job, or of the latest done one, with its
 * content type and name; one byte range on request (206, or 416 past the end). 404 when the job has
 * no file (not done yet, failed, or expired).
 */
export const download: Route = {
  method: 'GET',
  path: '/exports/{id}/download',
  async handle(context) {
    const record = ownRecord(context);
    const {url, request, response, service} = context;
    for (const name of url.searchParams.keys()) {
      if (name !== 'job') {
        throw new ApiError('ERR_INVALID_QUERY', `Unknown query parameter \`${name}\`; expected \`job\``, {
          path: name,
        });
      }
    }
    const wanted = url.searchParams.get('job');
    const job =
      wanted === null ? latestDone(record.jobs) : record.jobs.find((candidate) => candidate.id === wanted);
    if (job === undefined && wanted !== null) {
      throw notFound('job');
    }
    if (job?.status !== 'done') {
      throw new ApiError('ERR_NOT_FOUND', noFileMessage(job));
    }
    const path = join(jobDirectory(service.dataDir, job.id), job.fileName!);
    const {size} = await stat(path);
    const range = parseRange(request.headers.range, size);
    if (range === 'unsatisfiable') {
      throw new ApiError('ERR_RANGE_NOT_SATISFIABLE', `The file has ${size} bytes`, {
        headers: {'content-range': `bytes */${size}`},
      });
    }
    const {start, end} = range ?? {start: 0, end: size - 1};
    const name = job.fileName!;
    response.writeHead(range === undefined ? 200 : 206, {
      'content-type': job.contentType!,
      'content-length': String(Math.max(0, end - start + 1)),
      'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'accept-ranges': 'bytes',
      'cache-control': 'private, no-store',
      ...(range === undefined ? {} : {'content-range': `bytes ${start}-${end}/${size}`}),
    });
    if (size === 0) {
      response.end();
      return;
    }
    await pipeline(createReadStream(path, {start, end}), response);
  },
};

function latestDone(jobs: readonly JobRecord[]): JobRecord | undefined {
  const done = jobs.filter((job) => job.status === 'done');
  return (
    done.sort((a, b) =>
      `${b.window.end} ${b.finishedAt}`.localeCompare(`${a.window.end} ${a.finishedAt}`),
    )[0] ?? jobs.at(-1)
  );
}

function noFileMessage(job: JobRecord | undefined): string {
  if (job === undefined) {
    return 'No file yet: no job of this export request has run';
  }
  return job.status === 'expired'
    ? `The file of job ${job.id} expired (retention)`
    : `Job ${job.id} has no file (status ${job.status})`;
}

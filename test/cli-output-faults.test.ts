import {execFileSync} from 'node:child_process';
import {createReadStream} from 'node:fs';
import {chmod, mkdir, readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import t from 'tap';
import {type CrashHook, crashHook, injectedError} from '../lib/cli/crash-hook.js';
import {openResource, runExport} from '../lib/cli/export-runner.js';
import {croct} from '../lib/cli/providers/croct.js';
import {createSimulator, type Simulator} from '../lib/simulator/index.js';
import {runCli} from './helpers/cli-harness.js';

type Format = 'ndjson' | 'csv' | 'json';

async function start(t: {teardown(fn: () => unknown): void}): Promise<Simulator> {
  const simulator = await createSimulator({events: 200, seed: 4});
  t.teardown(() => simulator.close());
  return simulator;
}

function exporter(simulator: Simulator, dir: string, format: Format = 'ndjson', state = true) {
  const out = join(dir, `out.${format}`);
  const argv = ['events', '--base-url', simulator.url, '--page-size', '20', '--format', format, '--out', out];
  const env = {CROCT_API_KEY: simulator.apiKey};
  return {
    run: (fail?: string) =>
      runCli([...argv, ...(state ? ['--state', join(dir, 's.json')] : [])], {
        cwd: dir,
        env: fail === undefined ? env : {...env, EXPORT_STREAM_FAIL_AT: fail},
      }),
    output: () => readFile(out),
    state: async () => JSON.parse(await readFile(join(dir, 's.json'), 'utf8')),
  };
}

/** The bytes of one uninterrupted export. */
async function reference(t: {testdir(): string}, simulator: Simulator, format: Format): Promise<Buffer> {
  const run = exporter(simulator, t.testdir(), format);
  const result = await run.run();
  if (result.code !== 0) {
    throw new Error(result.stderr);
  }
  return run.output();
}

for (const format of ['ndjson', 'csv', 'json'] as const) {
  t.test(
    `${format}: a full disk at any write or fsync leaves output and state consistent, exit 1 naming ENOSPC`,
    async (t) => {
      const simulator = await start(t);
      const expected = await reference(t, simulator, format);
      for (const fault of ['write:1', 'write:4', 'write:9', 'sync:3:EIO', 'sync:9:ENOSPC']) {
        const run = exporter(simulator, t.testdir(), format);
        const failed = await run.run(fault);
        const [point, , code = 'ENOSPC'] = fault.split(':');
        t.equal(failed.code, 1, fault);
        t.match(
          failed.stderr,
          new RegExp(
            `\\nFileError \\[${code}\\]: Cannot ${point === 'sync' ? 'fsync' : 'write'} .*out\\.${format}: ${code}: `,
          ),
          fault,
        );
        const output = await run.output();
        if (fault === 'write:1') {
          t.same((await readdir(t.testdirName)).sort(), [`out.${format}`], 'no state: none was ever saved');
          t.match(
            failed.stderr,
            /^events: failed after .*; no state was saved \(.* holds 0 items\), so the next run starts over\n/,
          );
        } else {
          const state = await run.state();
          t.equal(output.length, state.bytes, `${fault}: the output is cut back to the state's length`);
          t.same(
            output,
            expected.subarray(0, output.length),
            `${fault}: a prefix of the whole export, no torn line`,
          );
          t.match(
            failed.stderr,
            new RegExp(
              `^events: failed after .* holds ${state.items} items up to the last checkpoint, run again to continue\\n`,
            ),
          );
        }
        const resumed = await run.run();
        t.equal(resumed.code, 0, resumed.stderr);
        t.same(await run.output(), expected, `${fault}: the next run completes it byte for byte`);
      }
    },
  );
}

t.test('without --state a failed write leaves whole lines only', async (t) => {
  const simulator = await start(t);
  const run = exporter(simulator, t.testdir(), 'ndjson', false);
  const failed = await run.run('write:1');
  t.equal(failed.code, 1);
  t.match(failed.stderr, /FileError \[ENOSPC\]: Cannot write .*out\.ndjson: ENOSPC/);
  const text = (await run.output()).toString();
  t.ok(text === '' || text.endsWith('\n'));
  for (const line of text.split('\n').filter(Boolean)) {
    JSON.parse(line);
  }
});

t.test(
  'a state that cannot be saved: the summary says so, and the output matches the saved state',
  async (t) => {
    const simulator = await start(t);
    const expected = await reference(t, simulator, 'ndjson');
    const first = exporter(simulator, t.testdir());
    const never = await first.run('state-temp:1:EACCES');
    t.equal(never.code, 1);
    t.match(
      never.stderr,
      /^events: failed after 20 items.*; no state was saved \(.*out\.ndjson holds 20 items\), so the next run starts over\n/,
    );
    t.match(never.stderr, /FileError \[EACCES\]: Cannot write the state file .*s\.json: EACCES/);
    t.notMatch(never.stderr, 'run again to continue');
    t.same((await readdir(t.testdirName)).sort(), ['out.ndjson'], 'no state, no lock, no temporary file');

    const later = exporter(simulator, t.testdir());
    const failed = await later.run('state-temp:4:ENOSPC');
    t.equal(failed.code, 1);
    t.match(failed.stderr, /holds 60 items up to the last checkpoint, run again to continue/);
    t.match(await later.state(), {items: 60});
    t.equal(
      (await later.output()).length,
      (await later.state()).bytes,
      'cut back to the state the disk holds',
    );
    t.equal((await later.run()).code, 0);
    t.same(await later.output(), expected);

    const renamed = exporter(simulator, t.testdir());
    const directory = await renamed.run('state:3:EIO');
    t.equal(directory.code, 1);
    t.match(directory.stderr, /FileError \[EIO\]: Cannot fsync the directory of the state file .*s\.json/);
    t.match(directory.stderr, /holds 60 items up to the last checkpoint/);
    t.match(await renamed.state(), {items: 60}, 'the new state was in place');
    t.equal((await renamed.output()).length, (await renamed.state()).bytes);
  },
);

t.test(
  'a state directory that is read-only fails at once, before anything is exported',
  {skip: process.getuid?.() === 0 ? 'root ignores permissions' : false},
  async (t) => {
    const simulator = await start(t);
    const dir = t.testdir();
    await mkdir(join(dir, 'ro'));
    await chmod(join(dir, 'ro'), 0o555);
    t.teardown(() => chmod(join(dir, 'ro'), 0o755));
    const argv = ['events', '--base-url', simulator.url, '--out', 'e.ndjson', '--state', 'ro/s.json'];
    const result = await runCli(argv, {cwd: dir, env: {CROCT_API_KEY: simulator.apiKey}});
    t.equal(result.code, 1);
    t.match(result.stderr, /^FileError \[EACCES\]: Cannot create the lock file .*ro\/s\.json\.lock/);
    t.notMatch(result.stderr, 'run again to continue');
    t.equal(simulator.stats.requests, 0);
  },
);

t.test('a failure while writing the closing bracket cuts the JSON output back to its state', async (t) => {
  const simulator = await start(t);
  const dir = t.testdir();
  const stderr = new PassThrough();
  const lines: string[] = [];
  stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const crash: CrashHook = Object.assign(() => {}, {
    fault: (point: string, data?: Buffer) =>
      point === 'write' && data?.toString().endsWith(']\n') === true
        ? injectedError('ENOSPC', 'write')
        : undefined,
  });
  const events = croct.resources[0]!;
  const api = croct.createApi({apiKey: simulator.apiKey}, simulator.url);
  const outcome = await runExport(
    {
      provider: croct,
      resource: events,
      open: (identity, request) => openResource(events, api, identity, request),
      identity: {
        provider: 'croct',
        resource: 'events',
        start: null,
        end: null,
        filters: {},
        pageSize: 50,
        format: 'json',
        columns: null,
        timezone: null,
      },
      columns: undefined,
      limit: undefined,
      prefetch: undefined,
      out: join(dir, 'e.json'),
      outLabel: 'e.json',
      statePath: join(dir, 's.json'),
      command: 'events',
      label: 'events',
    },
    {stdout: new PassThrough(), stderr, tty: false, signal: new AbortController().signal, crash},
  );
  t.match(outcome.error, {name: 'FileError', code: 'ENOSPC'});
  const state = JSON.parse(await readFile(join(dir, 's.json'), 'utf8'));
  const text = await readFile(join(dir, 'e.json'), 'utf8');
  t.equal(Buffer.byteLength(text), state.bytes, 'no torn bracket');
  t.equal(state.items, 200);
  t.match(lines.join(''), /failed after 200 items.*holds 200 items up to the last checkpoint/);
  t.equal(JSON.parse(`${text}\n]`).length, 200);
});

t.test('--out /dev/full reports ENOSPC, not an fsync EINVAL', async (t) => {
  const simulator = await start(t);
  const argv = ['events', '--base-url', simulator.url, '--out', '/dev/full'];
  const result = await runCli(argv, {cwd: t.testdir(), env: {CROCT_API_KEY: simulator.apiKey}});
  t.equal(result.code, 1);
  t.match(
    result.stderr,
    /FileError \[ENOSPC\]: Cannot write \/dev\/full: ENOSPC: no space left on device, write/,
  );
  t.notMatch(result.stderr, /EINVAL|fsync/);
});

t.test('--state with a device as --out is refused with exit 2 before anything is written', async (t) => {
  const simulator = await start(t);
  const dir = t.testdir();
  const argv = ['events', '--base-url', simulator.url, '--out', '/dev/full', '--state', 's.json'];
  const result = await runCli(argv, {cwd: dir, env: {CROCT_API_KEY: simulator.apiKey}});
  t.equal(result.code, 2);
  t.match(
    result.stderr,
    /`--state` needs `--out` to be a regular file, which it can truncate and fsync; \/dev\/full is a FIFO, socket or device/,
  );
  t.same(await readdir(dir), []);
});

t.test(
  '--out to a FIFO streams the whole export in order (no ESPIPE, no fsync)',
  {skip: process.platform === 'win32'},
  async (t) => {
    const simulator = await start(t);
    const dir = t.testdir();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const chunks: Buffer[] = [];
    const reader = createReadStream(fifo);
    reader.on('data', (chunk) => chunks.push(chunk as Buffer));
    const read = new Promise<void>((resolve) => reader.once('close', () => resolve()));
    const argv = ['events', '--base-url', simulator.url, '--page-size', '20', '--out', fifo];
    const result = await runCli(argv, {cwd: dir, env: {CROCT_API_KEY: simulator.apiKey}});
    await read;
    t.equal(result.code, 0, result.stderr);
    const ids = Buffer.concat(chunks)
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).id);
    t.equal(ids.length, 200);
    t.equal(new Set(ids).size, 200);
  },
);

t.test('the fault hook parses its variable: unknown points and malformed values arm nothing', async (t) => {
  t.equal(crashHook({EXPORT_STREAM_FAIL_AT: 'disk:1'}, () => {}).fault('write'), undefined);
  t.equal(crashHook({}, () => {}).fault('sync'), undefined);
  const hook = crashHook({EXPORT_STREAM_FAIL_AT: 'sync:2:EIO'}, () => {});
  t.equal(hook.fault('sync'), undefined);
  t.match(hook.fault('sync'), {code: 'EIO', message: 'EIO: injected failure (injected), fsync'});
  t.equal(hook.fault('sync'), undefined, 'only the n-th');
});

t.test('an --out path that cannot be looked up (under a file) is a file error: exit 1', async (t) => {
  const simulator = await start(t);
  const dir = t.testdir({'file.txt': 'x'});
  const argv = ['events', '--base-url', simulator.url, '--out', 'file.txt/e.ndjson', '--state', 's.json'];
  const result = await runCli(argv, {cwd: dir, env: {CROCT_API_KEY: simulator.apiKey}});
  t.equal(result.code, 1);
  t.match(result.stderr, /\[ENOTDIR\]/);
  t.same((await readdir(dir)).sort(), ['file.txt']);
});

t.test('without --out the export goes to stdout, flushed page by page', async (t) => {
  const simulator = await start(t);
  const argv = ['events', '--base-url', simulator.url, '--page-size', '50'];
  const result = await runCli(argv, {cwd: t.testdir(), env: {CROCT_API_KEY: simulator.apiKey}});
  t.equal(result.code, 0);
  t.equal(result.stdout.split('\n').filter(Boolean).length, 200);
});

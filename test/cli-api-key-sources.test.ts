import {PassThrough, Readable} from 'node:stream';
import t, {type Test} from 'tap';
import {croct} from '../lib/cli/providers/croct.js';
import {run} from '../lib/cli/run.js';
import {inlineWarning, MAX_KEY_FILE_BYTES} from '../lib/cli/secret-credentials.js';
import {createSimulator} from '../lib/simulator/index.js';

const API_KEY_FLAG_WARNING = inlineWarning(croct.credentials[0]!);

const simulator = await createSimulator({events: 5});
t.teardown(() => simulator.close());
const key = simulator.apiKey;
const wrongKey = '00000000-0000-4000-8000-000000000000';
const argv = ['events', '--base-url', simulator.url];

type Result = {code: number; stdout: string; stderr: string};

/** Runs the CLI in-process with an injected stdin (the shared harness has none). */
async function cli(
  args: readonly string[],
  {cwd, env = {}, stdin}: {cwd: string; env?: Record<string, string>; stdin?: Readable},
): Promise<Result> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = {out: [] as Buffer[], err: [] as Buffer[]};
  out.on('data', (chunk: Buffer) => chunks.out.push(chunk));
  err.on('data', (chunk: Buffer) => chunks.err.push(chunk));
  const io = {
    stdout: out,
    stderr: err,
    env,
    cwd,
    signal: new AbortController().signal,
    kill: () => {
      throw new Error('kill() was called without a crash test');
    },
    ...(stdin === undefined ? {} : {stdin}),
  };
  const code = await run(args, io);
  await new Promise((resolve) => setImmediate(resolve));
  return {code, stdout: Buffer.concat(chunks.out).toString(), stderr: Buffer.concat(chunks.err).toString()};
}

/** A stdin that fails with `error` when read. */
function failingStdin(error: Error): Readable {
  return new Readable({
    read() {
      this.destroy(error);
    },
  });
}

const summary = /^events: 5 items, \d+ pages? in [\d.]+s .* -> stdout\n$/;

t.test('CROCT_API_KEY alone exports without a warning', async (t) => {
  const result = await cli(argv, {cwd: t.testdir(), env: {CROCT_API_KEY: key}});
  t.equal(result.code, 0);
  t.equal(result.stdout.trimEnd().split('\n').length, 5);
  t.match(result.stderr, summary);
  t.notMatch(result.stderr, 'Warning');
});

t.test('--api-key still works, and warns on stderr in one line that others can see it', async (t) => {
  const result = await cli([...argv, '--api-key', key], {cwd: t.testdir()});
  t.equal(result.code, 0);
  t.equal(result.stdout.trimEnd().split('\n').length, 5);
  t.equal(
    API_KEY_FLAG_WARNING,
    'Warning: `--api-key` is visible to other users in `ps` and in your shell history; ' +
      'set CROCT_API_KEY or use `--api-key-file FILE` instead.\n',
  );
  t.ok(result.stderr.startsWith(API_KEY_FLAG_WARNING), 'the warning comes first');
  t.match(result.stderr.slice(API_KEY_FLAG_WARNING.length), summary);
  t.notMatch(result.stderr, key);
});

t.test('--api-key-file reads the key from a file, dropping one trailing newline', async (t) => {
  for (const [name, content] of [
    ['unix.key', `${key}\n`],
    ['windows.key', `${key}\r\n`],
    ['bare.key', key],
  ] as const) {
    const dir = t.testdir({[name]: content});
    const result = await cli([...argv, '--api-key-file', name], {cwd: dir});
    t.equal(result.code, 0, name);
    t.equal(result.stdout.trimEnd().split('\n').length, 5, name);
    t.match(result.stderr, summary, `${name}: no warning, only the summary`);
  }
});

t.test('--api-key-file - reads the key from stdin', async (t) => {
  const result = await cli([...argv, '--api-key-file', '-'], {
    cwd: t.testdir(),
    stdin: Readable.from([Buffer.from(`${key.slice(0, 10)}`), Buffer.from(`${key.slice(10)}\n`)]),
  });
  t.equal(result.code, 0);
  t.equal(result.stdout.trimEnd().split('\n').length, 5);
  t.match(result.stderr, summary);
});

t.test('--api-key-file - reads the process stdin when the caller injects none', async (t) => {
  const descriptor = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', {value: Readable.from([`${key}\n`]), configurable: true});
  t.teardown(() => Object.defineProperty(process, 'stdin', descriptor));
  const result = await cli([...argv, '--api-key-file', '-'], {cwd: t.testdir()});
  t.equal(result.code, 0);
  t.equal(result.stdout.trimEnd().split('\n').length, 5);
});

t.test('either flag wins over CROCT_API_KEY', async (t) => {
  const dir = t.testdir({'api.key': key});
  const env = {CROCT_API_KEY: wrongKey};
  const fromFile = await cli([...argv, '--api-key-file', 'api.key'], {cwd: dir, env});
  t.equal(fromFile.code, 0);
  t.equal(fromFile.stdout.trimEnd().split('\n').length, 5);
  const fromFlag = await cli([...argv, '--api-key', key], {cwd: dir, env});
  t.equal(fromFlag.code, 0);
  t.equal(fromFlag.stdout.trimEnd().split('\n').length, 5);
});

/** Runs a case that must fail with exit 2, one message line and the --help pointer, showing no secret. */
async function refused(
  t: Test,
  args: readonly string[],
  options: Parameters<typeof cli>[1],
  message: RegExp,
  hidden: readonly string[] = [],
): Promise<void> {
  const result = await cli(args, options);
  t.equal(result.code, 2);
  t.equal(result.stdout, '');
  const lines = result.stderr.replace(API_KEY_FLAG_WARNING, '').trimEnd().split('\n');
  t.equal(lines.length, 2, result.stderr);
  t.match(lines[0], message);
  t.equal(lines[1], 'Run `export-stream events --help` for usage.');
  for (const secret of [key, ...hidden]) {
    t.notMatch(result.stderr, secret, 'no secret is shown');
  }
}

t.test('both key flags together are a usage error: the key is given once', async (t) => {
  const dir = t.testdir({'api.key': key});
  await refused(
    t,
    [...argv, '--api-key', key, '--api-key-file', 'api.key'],
    {cwd: dir},
    /^UsageError \[ERR_USAGE\]: Pass the API key once: `--api-key-file` or `--api-key`, not both$/,
  );
});

t.test('a key file that is missing, a directory or unreadable is named with the reason', async (t) => {
  const dir = t.testdir({folder: {}});
  await refused(
    t,
    [...argv, '--api-key-file', 'missing.key'],
    {cwd: dir},
    /^UsageError \[ERR_USAGE\]: Cannot read the API key from `--api-key-file` "missing\.key": no such file \(ENOENT\)$/,
  );
  await refused(
    t,
    [...argv, '--api-key-file', 'folder'],
    {cwd: dir},
    /: Cannot read the API key from `--api-key-file` "folder": it is a directory \(EISDIR\)$/,
  );
  await refused(
    t,
    [...argv, '--api-key-file', '-'],
    {cwd: dir, stdin: failingStdin(Object.assign(new Error('read EIO'), {code: 'EIO'}))},
    /: Cannot read the API key from stdin \(`--api-key-file -`\): EIO$/,
  );
  await refused(
    t,
    [...argv, '--api-key-file', '-'],
    {cwd: dir, stdin: failingStdin(new Error('gone'))},
    /: Cannot read the API key from stdin \(`--api-key-file -`\): an I\/O error$/,
  );
});

t.test('a key pasted as the file name is not shown', async (t) => {
  await refused(
    t,
    [...argv, '--api-key-file', key],
    {cwd: t.testdir()},
    /: Cannot read the API key from `--api-key-file` a value of 36 characters that looks like a secret \(not shown\): no such file \(ENOENT\)$/,
  );
});

t.test('an empty key file, or one with only a newline, is refused', async (t) => {
  const dir = t.testdir({'empty.key': '', 'newline.key': '\n'});
  for (const name of ['empty.key', 'newline.key']) {
    await refused(
      t,
      [...argv, '--api-key-file', name],
      {cwd: dir},
      new RegExp(
        `: Expected \`--api-key-file\` "${name.replace('.', '\\.')}" to hold an API key, got nothing \\(an empty file or a lone newline\\)$`,
      ),
    );
  }
  await refused(
    t,
    [...argv, '--api-key-file', '-'],
    {cwd: dir, stdin: Readable.from([])},
    /: Expected stdin \(`--api-key-file -`\) to hold an API key, got nothing/,
  );
});

t.test('a key file larger than a key is refused without reading it all or showing it', async (t) => {
  const content = `${key}\n`.repeat(Math.ceil((4 * MAX_KEY_FILE_BYTES) / 37));
  const dir = t.testdir({'big.key': content});
  await refused(
    t,
    [...argv, '--api-key-file', 'big.key'],
    {cwd: dir},
    new RegExp(
      `: Expected \`--api-key-file\` "big\\.key" to hold one API key, got more than ${MAX_KEY_FILE_BYTES} bytes$`,
    ),
  );
});

t.test('a malformed key names its source and only its length, never its content', async (t) => {
  const secret = 'hunter2-not-a-uuid';
  const dir = t.testdir({'bad.key': `${secret}\n`, 'two-newlines.key': `${key}\n\n`});
  await refused(
    t,
    [...argv, '--api-key-file', 'bad.key'],
    {cwd: dir},
    /: Expected the content of `--api-key-file` to be a UUID such as 00000000-0000-4000-8000-000000000000, got a string of 18 characters$/,
    [secret],
  );
  await refused(
    t,
    [...argv, '--api-key-file', 'two-newlines.key'],
    {cwd: dir},
    /: Expected the content of `--api-key-file` to be a UUID .*, got a string of 37 characters$/,
  );
  await refused(
    t,
    [...argv, '--api-key', secret],
    {cwd: dir},
    /: Expected `--api-key` to be a UUID .*, got a string of 18 characters$/,
    [secret],
  );
  await refused(
    t,
    argv,
    {cwd: dir, env: {CROCT_API_KEY: secret}},
    /: Expected `CROCT_API_KEY` to be a UUID .*, got a string of 18 characters$/,
    [secret],
  );
});

t.test('an empty CROCT_API_KEY is a missing key', async (t) => {
  await refused(
    t,
    argv,
    {cwd: t.testdir(), env: {CROCT_API_KEY: ''}},
    /: Missing API key: set CROCT_API_KEY, or pass `--api-key-file FILE` \(`-` reads it from stdin\)$/,
  );
});

t.test('the help lists --api-key-file and says where the key comes from', async (t) => {
  const dir = t.testdir();
  const help = await cli(['events', '--help'], {cwd: dir});
  t.equal(help.code, 0);
  t.match(
    help.stdout,
    /--api-key-file FILE +read the API key \(a UUID\) from FILE, `-` for stdin; default: \$CROCT_API_KEY/,
  );
  t.match(
    help.stdout,
    /--api-key KEY +the API key itself: visible to other users in `ps`, so it prints a warning/,
  );
  const main = await cli(['--help'], {cwd: dir});
  t.match(
    main.stdout,
    /API key: set CROCT_API_KEY, or pass `--api-key-file FILE` \(`-` reads it from stdin\)\./,
  );
});

import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import {redisHost} from '../lib/cli/serve-command.js';
import {runCli} from './helpers/cli-harness.js';
import {startRedis} from './helpers/redis.js';
import {ALICE, call, tempDir, testUsers, until} from './helpers/service.js';

const TOKENS = JSON.stringify({users: testUsers()});

/** Runs a long-running command in-process until `stop()` aborts it; resolves its first stdout line. */
function background(argv: string[], options: {cwd: string; env?: Record<string, string>}) {
  const controller = new AbortController();
  let out = '';
  const result = runCli(argv, {...options, signal: controller.signal, onStdout: (chunk) => (out += chunk)});
  return {
    result,
    output: () => out,
    stop: async () => {
      controller.abort('SIGTERM');
      return result;
    },
  };
}

t.test('serve runs the embedded service until SIGTERM, with users from a tokens file', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'tokens.json'), TOKENS);
  const serve = background(
    [
      'serve',
      '--data-dir',
      'data',
      '--tokens',
      'tokens.json',
      '--port',
      '0',
      '--retention',
      '12h',
      '--concurrency',
      '1',
      '--max-queued',
      '3',
    ],
    {cwd: dir},
  );
  await until(() => serve.output().includes('listening'), 'listening', 20_000);
  t.match(
    serve.output(),
    /^Export service listening on http:\/\/127\.0\.0\.1:\d+ \(embedded workers, 2 users\)\n$/,
  );
  const url = /http:\/\/[\d.:]+/.exec(serve.output())![0];
  const list = await call(url, 'GET', '/exports', {token: ALICE});
  t.same([list.status, list.json.total], [200, 0]);
  const {code, stderr} = await serve.stop();
  t.equal(code, 0);
  t.equal(stderr, 'Press Ctrl+C to stop.\n');
});

t.test('serve --queue and worker run against Redis with users from EXPORT_SERVICE_TOKENS', async (t) => {
  const redis = await startRedis(t);
  if (redis === undefined) return;
  const dir = await tempDir(t);
  const env = {EXPORT_SERVICE_TOKENS: TOKENS};
  const serve = background(['serve', '--data-dir', dir, '--port', '0', '--queue', redis.url], {
    cwd: dir,
    env,
  });
  await writeFile(join(dir, 'tokens.json'), TOKENS);
  const worker = background(
    [
      'worker',
      '--queue',
      redis.url,
      '--data-dir',
      dir,
      '--tokens',
      'tokens.json',
      '--concurrency',
      '2',
      '--lock-duration',
      '5s',
      '--stalled-interval',
      '5s',
    ],
    {cwd: dir},
  );
  await until(
    () => serve.output().includes('listening') && worker.output().includes('ready'),
    'both up',
    20_000,
  );
  t.match(serve.output(), `(BullMQ on 127.0.0.1:${redis.port}, 2 users)`);
  t.equal(worker.output(), `Export worker ready on 127.0.0.1:${redis.port} (concurrency 2 per provider)\n`);
  t.equal((await worker.stop()).code, 0);
  t.equal((await serve.stop()).code, 0);
});

t.test('serve and worker refuse bad command lines with a usage error', async (t) => {
  const dir = await tempDir(t);
  const cases: [string[], Record<string, string>, RegExp][] = [
    [
      ['serve'],
      {},
      /^UsageError \[ERR_USAGE\]: Missing `--data-dir`: write `--data-dir DIR`\nRun `export-stream serve --help` for usage\.\n$/,
    ],
    [
      ['serve', '--data-dir', dir, '--retention', 'soon'],
      {},
      /Expected `--retention` to be a positive duration such as 30m, 12h or 7d, got "soon"/,
    ],
    [['serve', '--data-dir', dir, '--retention', '0d'], {}, /positive duration/],
    [
      ['serve', '--data-dir', dir],
      {},
      /InvalidOptionError \[ERR_EXPORT_INVALID_OPTION\]: Expected `tokens` to be a tokens file \(--tokens FILE\) or EXPORT_SERVICE_TOKENS, got undefined/,
    ],
    [
      ['serve', '--data-dir', dir],
      {EXPORT_SERVICE_TOKENS: '{"users": 5'},
      /Expected `EXPORT_SERVICE_TOKENS` to be JSON/,
    ],
    [
      ['serve', '--data-dir', dir, '--queue', 'http://user:hunter22@host'],
      {EXPORT_SERVICE_TOKENS: TOKENS},
      /Expected `queue` to be a Redis URL such as redis:\/\/127\.0\.0\.1:6379, got a string of 25 characters/,
    ],
    [['worker', '--data-dir', dir], {}, /Missing `--queue`: write `--queue redis:\/\/HOST:PORT`/],
    [['worker', '--queue', 'redis://127.0.0.1:1'], {}, /Missing `--data-dir`/],
    [
      ['worker', '--queue', 'not a url', '--data-dir', dir],
      {EXPORT_SERVICE_TOKENS: TOKENS},
      /Expected `queue` to be a Redis URL/,
    ],
  ];
  for (const [argv, env, expected] of cases) {
    const {code, stderr} = await runCli(argv, {cwd: dir, env});
    t.equal(code, 2, argv.join(' '));
    t.match(stderr, expected);
    t.notOk(stderr.includes('hunter22'), 'no password shown');
  }
  for (const command of ['serve', 'worker']) {
    const help = await runCli([command, '--help'], {cwd: dir});
    t.match(help.stdout, new RegExp(`^Usage: export-stream ${command} `));
  }
});

t.test('serve stops at once when the stop signal came before it listened', async (t) => {
  const dir = await tempDir(t);
  const controller = new AbortController();
  controller.abort('SIGINT');
  const result = await runCli(['serve', '--data-dir', dir, '--port', '0'], {
    cwd: dir,
    env: {EXPORT_SERVICE_TOKENS: TOKENS},
    signal: controller.signal,
  });
  t.equal(result.code, 0);
});

t.test(
  'the Redis host shown is host:port, the default port when none is given, never the password',
  async (t) => {
    t.equal(redisHost('redis://user:secret@cache.local'), 'cache.local:6379');
    t.equal(redisHost('redis://10.0.0.5:6380/1'), '10.0.0.5:6380');
  },
);

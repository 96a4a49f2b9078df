import {type ChildProcess, spawn} from 'node:child_process';
import {stat} from 'node:fs/promises';
import {PassThrough, type Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import type {CliIo} from '../../lib/cli/io.js';
import {run} from '../../lib/cli/run.js';

/** The built bin, as users run it (`npm run build` first). */
export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** What a CLI run printed and returned. */
export type CliResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

type InProcessOptions = {
  cwd: string;
  env?: Record<string, string | undefined>;
  tty?: boolean;
  signal?: AbortSignal;
  kill?: () => void;
  /** Replaces the collected stdout (its output is then not in the result). */
  stdout?: Writable;
  /** Called with each chunk written to stdout, as it is written (it is also in the result). */
  onStdout?: (chunk: string) => void;
  /** Called with each chunk written to stderr, as it is written (it is also in the result). */
  onStderr?: (chunk: string) => void;
};

function collector(tty = false) {
  const stream = new PassThrough() as PassThrough & {isTTY?: boolean};
  stream.isTTY = tty;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return {stream, text: () => Buffer.concat(chunks).toString()};
}

/** Runs the CLI in-process (covered code, injected TTY, signal and kill). */
export async function runCli(argv: readonly string[], options: InProcessOptions): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector(options.tty);
  if (options.onStdout !== undefined) {
    const onStdout = options.onStdout;
    stdout.stream.on('data', (chunk: Buffer) => onStdout(chunk.toString()));
  }
  if (options.onStderr !== undefined) {
    const onStderr = options.onStderr;
    stderr.stream.on('data', (chunk: Buffer) => onStderr(chunk.toString()));
  }
  const io: CliIo = {
    stdout: options.stdout ?? stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    cwd: options.cwd,
    signal: options.signal ?? new AbortController().signal,
    kill:
      options.kill ??
      (() => {
        throw new Error('kill() was called without a crash test');
      }),
  };
  const code = await run(argv, io);
  await new Promise((resolve) => setImmediate(resolve));
  return {code, signal: null, stdout: stdout.text(), stderr: stderr.text()};
}

/** A spawned CLI process and a promise of its result. */
export type Spawned = {child: ChildProcess; done: Promise<CliResult>};

/** Spawns the built CLI (`node dist/cli/main.js ...`) with a clean environment plus `env`. */
export function spawnCli(argv: readonly string[], cwd: string, env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...argv], {
    cwd,
    env: {PATH: process.env.PATH ?? '', ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString()}),
    );
  });
  return {child, done};
}

/** The size of a file, 0 when it does not exist. */
export async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

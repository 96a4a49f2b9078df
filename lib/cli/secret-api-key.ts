import {createReadStream} from 'node:fs';
import {resolve} from 'node:path';
import type {Readable} from 'node:stream';
import {type FlagValues, stringFlag} from './arguments.js';
import type {CliIo} from './io.js';
import {shown} from './secret.js';
import {UsageError} from './usage-error.js';

/** The API key as given, not yet validated, and how messages name where it came from. */
export type ApiKey = {
  readonly key: string;
  /** E.g. `` `CROCT_API_KEY` `` or `` the content of `--api-key-file` ``. */
  readonly source: string;
};

/** The one line printed on stderr when `--api-key` is used. */
export const API_KEY_FLAG_WARNING =
  'Warning: `--api-key` is visible to other users in `ps` and in your shell history; ' +
  'set CROCT_API_KEY or use `--api-key-file FILE` instead.\n';

/** A key file holds one key; anything larger is the wrong file, and is not read into memory. */
export const MAX_KEY_FILE_BYTES = 4096;

const fileErrors: Readonly<Record<string, string>> = {
  ENOENT: 'no such file (ENOENT)',
  EACCES: 'permission denied (EACCES)',
  EISDIR: 'it is a directory (EISDIR)',
};

/**
 * Finds the API key: `--api-key` (with a warning on stderr: other users see it in `ps`) or
 * `--api-key-file FILE` (`-` reads stdin; one trailing newline is dropped), else `CROCT_API_KEY`.
 * Either flag wins over the variable; both flags together are a {@link UsageError}, and so are a
 * missing key and a key file that cannot be read or is empty. No message shows the file's content.
 */
export async function readApiKey(
  values: FlagValues,
  io: CliIo & {readonly stdin?: Readable},
  command: string,
): Promise<ApiKey> {
  const flag = stringFlag(values, 'api-key');
  const file = stringFlag(values, 'api-key-file');
  if (flag !== undefined && file !== undefined) {
    throw new UsageError('Pass the API key once: `--api-key-file` or `--api-key`, not both', command);
  }
  if (flag !== undefined) {
    io.stderr.write(API_KEY_FLAG_WARNING);
    return {key: flag, source: '`--api-key`'};
  }
  if (file !== undefined) {
    const stdin = io.stdin ?? process.stdin;
    return {key: await readKeyFile(file, io.cwd, stdin, command), source: 'the content of `--api-key-file`'};
  }
  const key = io.env.CROCT_API_KEY;
  if (key === undefined || key === '') {
    throw new UsageError(
      'Missing API key: set CROCT_API_KEY, or pass `--api-key-file FILE` (`-` reads it from stdin)',
      command,
    );
  }
  return {key, source: '`CROCT_API_KEY`'};
}

async function readKeyFile(path: string, cwd: string, stdin: Readable, command: string): Promise<string> {
  // The path is shown only when it cannot be a key pasted in the wrong place.
  const name = path === '-' ? 'stdin (`--api-key-file -`)' : `\`--api-key-file\` ${shown(path)}`;
  let bytes: Buffer;
  try {
    bytes = await readAtMost(
      path === '-' ? stdin : createReadStream(resolve(cwd, path)),
      MAX_KEY_FILE_BYTES + 1,
    );
  } catch (error) {
    const code = String((error as {code?: unknown}).code ?? 'an I/O error');
    throw new UsageError(`Cannot read the API key from ${name}: ${fileErrors[code] ?? code}`, command);
  }
  if (bytes.length > MAX_KEY_FILE_BYTES) {
    throw new UsageError(
      `Expected ${name} to hold one API key, got more than ${MAX_KEY_FILE_BYTES} bytes`,
      command,
    );
  }
  const key = bytes.toString('utf8').replace(/\r?\n$/, '');
  if (key === '') {
    throw new UsageError(
      `Expected ${name} to hold an API key, got nothing (an empty file or a lone newline)`,
      command,
    );
  }
  return key;
}

/** Reads a stream to its end or until `limit` bytes, whichever comes first. */
async function readAtMost(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.from(chunk as Buffer);
    chunks.push(bytes);
    size += bytes.length;
    if (size >= limit) {
      break;
    }
  }
  return Buffer.concat(chunks);
}

import {createReadStream} from 'node:fs';
import {resolve} from 'node:path';
import type {Readable} from 'node:stream';
import {type FlagSpecs, type FlagValues, stringFlag} from './arguments.js';
import type {CliIo} from './io.js';
import type {Credential} from './providers/provider.js';
import {shown} from './secret.js';
import {UsageError} from './usage-error.js';

/** A credential as given, not yet validated, and how messages name where it came from. */
export type CredentialValue = {
  readonly value: string;
  /** E.g. `` `CROCT_API_KEY` `` or `` the content of `--api-key-file` ``. */
  readonly source: string;
};

/** A key file holds one key; anything larger is the wrong file, and is not read into memory. */
export const MAX_KEY_FILE_BYTES = 4096;

const fileErrors: Readonly<Record<string, string>> = {
  ENOENT: 'no such file (ENOENT)',
  EACCES: 'permission denied (EACCES)',
  EISDIR: 'it is a directory (EISDIR)',
};

/** The one line printed on stderr when a secret is passed inline (`--api-key`). */
export function inlineWarning(credential: Credential): string {
  return (
    `Warning: \`--${credential.flag}\` is visible to other users in \`ps\` and in your shell history; ` +
    `set ${credential.env} or use \`--${credential.file} FILE\` instead.\n`
  );
}

/** The flags that give the credentials, declared once for parseArgs and `--help`. */
export function credentialFlags(credentials: readonly Credential[]): FlagSpecs {
  const specs: Record<string, FlagSpecs[string]> = {};
  for (const credential of credentials) {
    const form = credential.form === undefined ? '' : ` (${credential.form})`;
    if (credential.file !== undefined) {
      specs[credential.file] = {
        type: 'string',
        value: 'FILE',
        description: `read the ${credential.label}${form} from FILE, \`-\` for stdin; default: $${credential.env}`,
      };
    }
    if (credential.flag !== undefined) {
      specs[credential.flag] = credential.secret
        ? {
            type: 'string',
            value: 'KEY',
            secret: true,
            description: `the ${credential.label} itself: visible to other users in \`ps\`, so it prints a warning`,
          }
        : {
            type: 'string',
            value: 'ID',
            description: `the ${credential.label}${form}; default: $${credential.env}`,
          };
    }
  }
  return specs;
}

/** The values of the secret credentials' variables: known before parsing, never shown. */
export function environmentSecrets(
  credentials: readonly Credential[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  return credentials.flatMap((credential) => (credential.secret ? [env[credential.env] ?? ''] : []));
}

/**
 * Finds each credential: its inline flag (a secret one prints a warning on stderr: other users see
 * it in `ps`) or its file flag (`-` reads stdin; one trailing newline is dropped), else its
 * environment variable. Either flag wins over the variable; both flags together are a
 * {@link UsageError}, and so are a missing credential and a file that cannot be read or is empty.
 * No message shows a file's content. Resolves to the values keyed by {@link Credential.option}.
 */
export async function readCredentials(
  credentials: readonly Credential[],
  values: FlagValues,
  io: CliIo & {readonly stdin?: Readable},
  command: string,
): Promise<Record<string, CredentialValue>> {
  const found: Record<string, CredentialValue> = {};
  for (const credential of credentials) {
    found[credential.option] = await readCredential(credential, values, io, command);
  }
  return found;
}

async function readCredential(
  credential: Credential,
  values: FlagValues,
  io: CliIo & {readonly stdin?: Readable},
  command: string,
): Promise<CredentialValue> {
  const {label, flag, file, env} = credential;
  const inline = flag === undefined ? undefined : stringFlag(values, flag);
  const path = file === undefined ? undefined : stringFlag(values, file);
  if (inline !== undefined && path !== undefined) {
    throw new UsageError(`Pass the ${label} once: \`--${file}\` or \`--${flag}\`, not both`, command);
  }
  if (inline !== undefined) {
    if (credential.secret) {
      io.stderr.write(inlineWarning(credential));
    }
    return {value: inline, source: `\`--${flag}\``};
  }
  if (path !== undefined) {
    const stdin = io.stdin ?? process.stdin;
    return {
      value: await readKeyFile(credential, path, io.cwd, stdin, command),
      source: `the content of \`--${file}\``,
    };
  }
  const value = io.env[env];
  if (value === undefined || value === '') {
    const pass = file === undefined ? `\`--${flag} ID\`` : `\`--${file} FILE\` (\`-\` reads it from stdin)`;
    throw new UsageError(`Missing ${label}: set ${env}, or pass ${pass}`, command);
  }
  return {value, source: `\`${env}\``};
}

async function readKeyFile(
  credential: Credential,
  path: string,
  cwd: string,
  stdin: Readable,
  command: string,
): Promise<string> {
  const {label, article, file} = credential;
  // The path is shown only when it cannot be a key pasted in the wrong place.
  const name = path === '-' ? `stdin (\`--${file} -\`)` : `\`--${file}\` ${shown(path)}`;
  let bytes: Buffer;
  try {
    bytes = await readAtMost(
      path === '-' ? stdin : createReadStream(resolve(cwd, path)),
      MAX_KEY_FILE_BYTES + 1,
    );
  } catch (error) {
    const code = String((error as {code?: unknown}).code ?? 'an I/O error');
    throw new UsageError(`Cannot read the ${label} from ${name}: ${fileErrors[code] ?? code}`, command);
  }
  if (bytes.length > MAX_KEY_FILE_BYTES) {
    throw new UsageError(
      `Expected ${name} to hold one ${label}, got more than ${MAX_KEY_FILE_BYTES} bytes`,
      command,
    );
  }
  const value = bytes.toString('utf8').replace(/\r?\n$/, '');
  if (value === '') {
    throw new UsageError(
      `Expected ${name} to hold ${article} ${label}, got nothing (an empty file or a lone newline)`,
      command,
    );
  }
  return value;
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

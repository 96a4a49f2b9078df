import {createHash, timingSafeEqual} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {InvalidOptionError} from '../core/errors.js';
import type {ServiceUser} from './types.js';

/** The environment variable that holds the tokens JSON when no `--tokens FILE` is given. */
export const TOKENS_ENV = 'EXPORT_SERVICE_TOKENS';

const USER_ID = /^[A-Za-z0-9._-]{1,64}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** The SHA-256 of a token in hex: what the tokens file stores instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Checks the tokens JSON `{users: [{id, tokenSha256, env?}]}`. Errors name the field and describe
 * values by type only: an `env` value is a provider credential.
 *
 * @example
 * parseTokens({users: [{id: 'ana', tokenSha256: hashToken('s3cret'), env: {CROCT_API_KEY: '…'}}]});
 */
export function parseTokens(json: unknown, source = 'tokens'): ServiceUser[] {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as {users?: unknown}).users)) {
    const users = typeof json === 'object' && json !== null ? (json as {users?: unknown}).users : json;
    throw new InvalidOptionError(`${source}.users`, 'an array of users', users, true);
  }
  const ids = new Set<string>();
  return (json as {users: unknown[]}).users.map((user, index) => {
    const at = `${source}.users[${index}]`;
    if (typeof user !== 'object' || user === null || Array.isArray(user)) {
      throw new InvalidOptionError(at, 'an object {id, tokenSha256, env?}', user, true);
    }
    const {id, tokenSha256, env = {}, ...rest} = user as Record<string, unknown>;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) {
      throw new InvalidOptionError(
        `${at}.${unknown}`,
        'one of the known fields (id, tokenSha256, env)',
        unknown,
      );
    }
    if (typeof id !== 'string' || !USER_ID.test(id) || ids.has(id)) {
      throw new InvalidOptionError(`${at}.id`, 'a unique id of 1 to 64 letters, digits, ".", "_" or "-"', id);
    }
    ids.add(id);
    if (typeof tokenSha256 !== 'string' || !SHA256.test(tokenSha256)) {
      throw new InvalidOptionError(
        `${at}.tokenSha256`,
        'the SHA-256 of the token in 64 lower-case hex digits',
        tokenSha256,
        true,
      );
    }
    if (typeof env !== 'object' || env === null || Array.isArray(env)) {
      throw new InvalidOptionError(`${at}.env`, 'an object of environment variables', env, true);
    }
    for (const [name, value] of Object.entries(env)) {
      if (!ENV_NAME.test(name) || typeof value !== 'string') {
        throw new InvalidOptionError(`${at}.env.${name}`, 'a string under an UPPER_CASE name', value, true);
      }
    }
    return Object.freeze({id, tokenSha256, env: Object.freeze({...(env as Record<string, string>)})});
  });
}

/** Reads the users from `file` when given, else from `EXPORT_SERVICE_TOKENS` in `env`. */
export async function loadTokens(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ServiceUser[]> {
  const text = file === undefined ? env[TOKENS_ENV] : await readFile(file, 'utf8');
  if (text === undefined) {
    throw new InvalidOptionError('tokens', `a tokens file (--tokens FILE) or ${TOKENS_ENV}`, undefined);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidOptionError(
      file ?? TOKENS_ENV,
      'JSON {users: [{id, tokenSha256, env?}]}',
      'text that is not JSON',
    );
  }
  return parseTokens(json, file === undefined ? TOKENS_ENV : 'tokens');
}

/**
 * The user whose token is `Authorization: Bearer <token>`, or undefined. Compares the token's hash with
 * every user's in constant time (no early exit), so timing tells nothing about which hash was close.
 */
export function authenticate(
  header: string | undefined,
  users: readonly ServiceUser[],
): ServiceUser | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  if (match === null) {
    return undefined;
  }
  const hash = Buffer.from(hashToken(match[1]!), 'hex');
  let found: ServiceUser | undefined;
  for (const user of users) {
    if (timingSafeEqual(hash, Buffer.from(user.tokenSha256, 'hex')) && found === undefined) {
      found = user;
    }
  }
  return found;
}

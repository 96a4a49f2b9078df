/** A UUID anywhere in a value: the shape of a Croct API key. */
const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** Runs of 20 or more hex/base64/base64url characters: the shape of a token. */
const tokenPattern = /[A-Za-z0-9+/=_-]{20,}/g;
/** `scheme://user:password@` or `scheme://token@`: credentials in a URL. */
const userInfoPattern = /:\/\/[^/?#\s]*@/;

/**
 * Whether a value received on the command line may be a secret, and so must never be shown:
 * it holds a UUID, a token (a run of 20 or more hex/base64 characters with at least one digit,
 * which words, event types and time zones do not have), credentials in a URL, or a configured
 * key (`keys`: the API key from `--api-key`, `--api-key-file` or `CROCT_API_KEY`) or contains one.
 *
 * Every rule looks for a part of the value, so no part of a value that passes is a secret either.
 *
 * @example
 * ```ts
 * looksLikeSecret('3f2b8c1e-0a4d-4b6e-9c7f-1d2e3f4a5b6c'); // true
 * looksLikeSecret('America/Argentina/Buenos_Aires'); // false
 * ```
 */
export function looksLikeSecret(value: string, keys: readonly string[] = []): boolean {
  if (keys.some((key) => key !== '' && value.includes(key))) {
    return true;
  }
  if (uuidPattern.test(value) || userInfoPattern.test(value)) {
    return true;
  }
  return (value.match(tokenPattern) ?? []).some((token) => /\d/.test(token));
}

/**
 * A received value as an error message shows it: JSON-quoted, or, when it {@link looksLikeSecret},
 * only its length: `a value of 36 characters that looks like a secret (not shown)`.
 */
export function shown(value: string, keys: readonly string[] = []): string {
  return looksLikeSecret(value, keys)
    ? `a value of ${value.length} characters that looks like a secret (not shown)`
    : JSON.stringify(value);
}

/** What a secret is replaced with in every server-provided text. */
export const REDACTED = '[REDACTED]';

/**
 * Replaces every occurrence of each secret in `text`, also in its URL-encoded and
 * case-insensitive forms (a server may echo a key upper-cased or percent-encoded). Secrets shorter
 * than 4 characters are ignored: replacing them would shred ordinary text.
 *
 * @example
 * ```ts
 * redact('key 3f2b… revoked', [apiKey]); // 'key [REDACTED] revoked'
 * ```
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.replace(new RegExp(escapePattern(form), 'gi'), REDACTED);
    }
  }
  return result;
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * {@link redact} applied to every string of a parsed JSON value (keys included), returning a copy:
 * a server that JSON-escaped a secret (`\"`, `\u00e9`, `\/`) hid it from the redaction of the raw text.
 */
export function redactValues(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    return redact(value, secrets);
  }
  if (Array.isArray(value)) {
    return value.map((element) => redactValues(element, secrets));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, element]) => [redact(key, secrets), redactValues(element, secrets)]),
    );
  }
  return value;
}

/** A query value as the real server sees it after parsing: strings, numbers, booleans, JSON values, arrays. */
type QueryValue = unknown;

function decode(text: string): string {
  const spaced = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // fast-querystring keeps a malformed escape as it is.
    return spaced;
  }
}

/**
 * Splits a raw query string the way Fastify's `fast-querystring` does: `+` is a space, a repeated
 * key becomes an array, and brackets mean nothing (`event[]` is just another, unknown key).
 */
function splitQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') {
      continue;
    }
    const at = part.indexOf('=');
    const key = decode(at === -1 ? part : part.slice(0, at));
    const value = at === -1 ? '' : decode(part.slice(at + 1));
    const previous = query[key];
    query[key] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * OpenPanel's `parseQueryString`, applied to every value before validation: a decimal-looking string
 * becomes a number, `true`/`false` booleans, and any other string that parses as JSON its JSON value
 * (so `profileId=12345` is a number, and `profileId="12345"` the string). Array elements are each
 * rewritten the same way.
 */
function rewriteValue(value: string | string[]): QueryValue {
  if (Array.isArray(value)) {
    return value.map((item) => rewriteValue(item));
  }
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(value)) {
    return Number.parseFloat(value);
  }
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  const json = safeJson(value);
  return json === null ? value : json;
}

/** The query of a request as OpenPanel's handlers receive it. */
function parseQuery(search: string): Record<string, QueryValue> {
  return Object.fromEntries(
    Object.entries(splitQuery(search)).map(([key, value]) => [key, rewriteValue(value)]),
  );
}

export type {QueryValue};
export {parseQuery, splitQuery};

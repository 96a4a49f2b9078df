/** Path segments that name a kind of endpoint and never hold a secret. */
const publicSegment = /^(?:api|services|webhooks|hooks|workflows|triggers|v\d+)$/i;

/**
 * A URL whose path is a secret (an incoming webhook), shown safely: the scheme, host and leading
 * public segments, then `/…` for whatever was dropped (later segments and the query). User info is
 * never kept.
 *
 * @example
 * ```ts
 * redactUrl(new URL('https://hooks.slack.com/services/T0/B0/XYZ')); // 'https://hooks.slack.com/services/…'
 * ```
 */
export function redactUrl(url: URL): string {
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const kept: string[] = [];
  for (const segment of segments) {
    if (!publicSegment.test(segment)) break;
    kept.push(segment);
  }
  const dropped = kept.length < segments.length || url.search !== '';
  return `${url.protocol}//${url.host}${kept.map((segment) => `/${segment}`).join('')}${dropped ? '/…' : ''}`;
}

/**
 * What must never appear in an error about `url`: the whole URL, its path and query, each segment
 * and query value that {@link redactUrl} drops, and the password of its user info; the path and its
 * segments also percent-decoded, as a server that echoes the path it routed would write them.
 */
export function urlSecrets(url: URL): string[] {
  const segments = url.pathname.split('/').filter((segment) => !publicSegment.test(segment));
  const path = url.pathname + url.search;
  const all = [
    url.href,
    path,
    decodeOrKeep(url.pathname),
    ...segments.flatMap((segment) => [segment, decodeOrKeep(segment)]),
    ...[...url.searchParams.values()],
    ...passwordSecrets(url),
  ];
  return [...new Set(all)].filter((secret) => secret.length > 0);
}

/** The password of a URL's user info, as written and decoded (empty strings when it has none). */
export function passwordSecrets(url: URL): string[] {
  return [url.password, decodeOrKeep(url.password)];
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%` the URL parser let through: the raw form is what appears in the text anyway.
    return text;
  }
}

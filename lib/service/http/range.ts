/** A byte range, both ends inclusive. */
export type ByteRange = {start: number; end: number};

/**
 * Reads a `Range` header against a file of `size` bytes (RFC 9110 §14): one range `bytes=a-b`,
 * `bytes=a-` or `bytes=-n`. Returns undefined to send the whole file (no header, another unit, a
 * syntax error or several ranges, all of which the RFC lets a server ignore), or `'unsatisfiable'`.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (match === null || (match[1] === '' && match[2] === '')) {
    return undefined;
  }
  const [, first = '', last = ''] = match;
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : {start: Math.max(0, size - suffix), end: size - 1};
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) {
    return undefined;
  }
  return start >= size ? 'unsatisfiable' : {start, end};
}

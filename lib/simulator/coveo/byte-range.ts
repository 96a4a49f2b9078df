/** A byte range of a file, both ends inclusive. */
type ByteRange = {start: number; end: number};

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * The range a `Range` header asks of a file of `size` bytes (RFC 9110 §14): `undefined` for the
 * whole file (no header, another unit, several ranges, or a malformed one, all of which a server may
 * ignore), `'unsatisfiable'` for a range that starts past the end.
 */
function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : SINGLE_RANGE.exec(header.trim());
  if (match === null) {
    return undefined;
  }
  const [, first = '', last = ''] = match;
  if (first === '') {
    if (last === '') {
      return undefined;
    }
    const suffix = Number(last);
    return suffix === 0 ? 'unsatisfiable' : {start: Math.max(0, size - suffix), end: size - 1};
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) {
    return undefined;
  }
  if (start >= size) {
    return 'unsatisfiable';
  }
  return {start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1)};
}

export type {ByteRange};
export {parseRange};

import {InvalidOptionError} from './errors.js';

/**
 * Where one cursor chain of a partitioned export stands: the range the server is asked for
 * (`start` inclusive, `end` exclusive, which the provider's own cursors are bound to), the time at
 * which the chain stops (`stop` <= `end`: a later chain reads from there), and the provider's
 * cursor after the last page the consumer has read (`undefined`: the range's start).
 *
 * The chain keeps only the items of `[start, stop)` (from the window's start, the first chain keeps
 * what the server sends) and `end` is the window's end: a server that rounds times to a coarser
 * unit on the wire (Croct's `timeUnit: 'seconds'` truncates) then still sends every item of
 * `[start, stop)`, and none is read by two chains.
 */
export type ChainState = {
  readonly start: number;
  readonly end: number;
  readonly stop: number;
  readonly cursor: string | undefined;
};

/** What a partitioned export's cursor holds: its whole window and every chain not yet read to its end. */
export type PartitionState = {
  readonly window: {readonly start: number; readonly end: number};
  readonly chains: readonly ChainState[];
  /**
   * What export the cursor belongs to, when the provider says (e.g. its name and a digest of the
   * filters): a cursor is resumed only by an export of the same tag. Absent in cursors of exports
   * that give none.
   */
  readonly tag?: string | undefined;
};

/** Every composite cursor starts with this: the format's name and version. */
const PREFIX = 'xsp1.';

const expected = "a cursor of a partitioned export (`stream.cursor` or a checkpoint's), as it was saved";

/** Any version of the format: `xsp` and a number, then a dot. */
const ANY_VERSION = /^xsp\d+\./;

/**
 * True when `cursor` has the form of a partitioned export's cursor, of any version (whatever its
 * content): a cursor of another version is refused by name rather than sent to a server as its own.
 */
export function isPartitionCursor(cursor: unknown): boolean {
  return typeof cursor === 'string' && ANY_VERSION.test(cursor);
}

/**
 * The composite cursor of a partitioned export: opaque (base64url JSON), versioned by its prefix,
 * one entry per chain not yet read to its end. Its size grows with the chains alive, not with the
 * export's length.
 */
export function encodePartitionCursor(state: PartitionState): string {
  const chains = state.chains.map((chain) => [chain.start, chain.end, chain.stop, chain.cursor ?? null]);
  const body = JSON.stringify({
    w: [state.window.start, state.window.end],
    c: chains,
    ...(state.tag === undefined ? {} : {t: state.tag}),
  });
  return PREFIX + Buffer.from(body).toString('base64url');
}

/**
 * Reads a composite cursor; anything that is not one this module wrote, whole, is an
 * {@link InvalidOptionError} naming `cursor`.
 */
export function decodePartitionCursor(cursor: string): PartitionState {
  if (!cursor.startsWith(PREFIX)) {
    const other = ANY_VERSION.exec(cursor)?.[0];
    throw new InvalidOptionError(
      'cursor',
      other === undefined ? expected : `${expected}, of this version (\`${PREFIX}\`, not \`${other}\`)`,
      cursor,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString());
  } catch {
    throw new InvalidOptionError('cursor', expected, cursor);
  }
  const {w, c, t} = (typeof body === 'object' && body !== null ? body : {}) as {
    w?: unknown;
    c?: unknown;
    t?: unknown;
  };
  if (!isSpan(w) || !Array.isArray(c) || (t !== undefined && typeof t !== 'string')) {
    throw new InvalidOptionError('cursor', expected, cursor);
  }
  const [start, end] = w as [number, number];
  // Chains are written in window order and never overlap: each starts at or after the previous stop.
  let after = start;
  const chains = c.map((entry: unknown) => {
    const [from, to, stop, inner] = (Array.isArray(entry) ? entry : []) as [number, number, number, unknown];
    const inside = isSpan([after, from, stop, to, end]) && from < stop && (entry as unknown[]).length === 4;
    after = stop;
    if (!inside || (inner !== null && (typeof inner !== 'string' || inner === ''))) {
      throw new InvalidOptionError('cursor', expected, cursor);
    }
    return {start: from, end: to, stop, cursor: inner ?? undefined};
  });
  return {window: {start, end}, chains, ...(t === undefined ? {} : {tag: t as string})};
}

/** Non-negative safe integers in non-decreasing order, at least two, the first below the last. */
function isSpan(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length < 2) {
    return false;
  }
  for (const [index, item] of value.entries()) {
    if (!Number.isSafeInteger(item) || item < 0 || (index > 0 && item < value[index - 1])) {
      return false;
    }
  }
  return value[0] < value[value.length - 1];
}

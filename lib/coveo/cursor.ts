import {InvalidOptionError} from '../core/errors.js';

/**
 * Where a rows export stands: in which job (sub-window and export id), which file of its zip, and how
 * many of that file's rows were delivered. Every earlier sub-window, file and row was delivered.
 */
export type RowsPosition = {
  /** The fingerprint of the export's options: a cursor of another export is refused. */
  readonly query: string;
  /** The export is complete: nothing is left to read. */
  readonly done: boolean;
  /** The start of the sub-window being read (epoch ms); `null` when streaming an existing export. */
  readonly from: number | null;
  /** Its end, once the window was split there; `null` when not yet planned (or an existing export). */
  readonly to: number | null;
  /** The job of that sub-window, once created. */
  readonly exportId: string | null;
  /** The index of the file being read in the zip's central directory. */
  readonly file: number;
  /** That file's name, checked when the zip is read again. */
  readonly fileName: string;
  /** The data rows of that file delivered (the header row not counted). */
  readonly rows: number;
};

/** The cursor format's version: a cursor of another version is refused, not misread. */
const version = 1;

type Wire = {
  v: number;
  q: string;
  d?: 1;
  s: number | null;
  e: number | null;
  x: string | null;
  f: number;
  n: string;
  r: number;
};

/** Encodes a position as an opaque cursor: base64url JSON. */
export function encodeCursor(position: RowsPosition): string {
  const wire: Wire = {
    v: version,
    q: position.query,
    s: position.from,
    e: position.to,
    x: position.exportId,
    f: position.file,
    n: position.fileName,
    r: position.rows,
  };
  if (position.done) {
    wire.d = 1;
  }
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; anything else is an {@link InvalidOptionError}. */
export function decodeCursor(cursor: string): RowsPosition {
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    wire = undefined;
  }
  const position = typeof wire === 'object' && wire !== null ? fromWire(wire as Partial<Wire>) : undefined;
  if (position === undefined) {
    throw new InvalidOptionError('cursor', 'a cursor made by a Coveo rows export', cursor);
  }
  return position;
}

function fromWire(wire: Partial<Wire>): RowsPosition | undefined {
  const {q, s, e, x, f, n, r} = wire;
  const valid =
    wire.v === version &&
    typeof q === 'string' &&
    (wire.d === undefined || wire.d === 1) &&
    (s === null || isCount(s)) &&
    (e === null || (isCount(e) && s !== null && e > s)) &&
    (x === null || (typeof x === 'string' && x !== '')) &&
    isCount(f) &&
    typeof n === 'string' &&
    isCount(r);
  if (!valid) {
    return undefined;
  }
  return {query: q, done: wire.d === 1, from: s, to: e, exportId: x, file: f, fileName: n, rows: r};
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

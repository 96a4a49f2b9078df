import {createHash} from 'node:crypto';

/**
 * The cursors one stream has requested, each kept as a 16-byte hash (bounded memory per page,
 * whatever the cursor's length), so that a server returning any earlier cursor, in a cycle of any
 * length, is caught before the stream follows it forever.
 */
export class CursorHistory {
  readonly #seen = new Set<string>();

  /** Records a requested cursor. */
  add(cursor: string | undefined): void {
    this.#seen.add(digest(cursor));
  }

  /** True when `cursor` was requested before in this stream. */
  has(cursor: string | undefined): boolean {
    return this.#seen.has(digest(cursor));
  }
}

function digest(cursor: string | undefined): string {
  // The start of the export (no cursor) can never be returned, but an empty string can.
  return cursor === undefined ? '' : createHash('sha256').update(cursor).digest('base64').slice(0, 22);
}

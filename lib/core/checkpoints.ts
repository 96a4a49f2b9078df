import type {Checkpoint} from './types.js';

type Boundary = {readonly at: number; readonly cursor: string | undefined};

/**
 * The stream's checkpoint bookkeeping: where each page ended (after how many delivered items, and
 * the cursor that resumes after it), released as checkpoints only once the consumer has read that
 * far. A checkpoint therefore never covers an item the consumer has not finished with.
 */
export class Checkpoints {
  readonly #boundaries: Boundary[] = [];
  #current: Checkpoint;

  constructor(cursor: string | undefined) {
    this.#current = Object.freeze({cursor, items: 0, pages: 0});
  }

  /** The latest released checkpoint. */
  get current(): Checkpoint {
    return this.#current;
  }

  /** Records that a page ended once `at` items were delivered; `cursor` resumes after it. */
  mark(at: number, cursor: string | undefined): void {
    this.#boundaries.push({at, cursor});
  }

  /** The cursor of the newest boundary, released or not: where a page without a cursor resumes. */
  get lastCursor(): string | undefined {
    return this.#boundaries.at(-1)?.cursor ?? this.#current.cursor;
  }

  /** Releases every boundary the consumer has read past (`consumed` items), oldest first. */
  release(consumed: number, emit: (checkpoint: Checkpoint) => void): void {
    while (this.#boundaries.length > 0 && this.#boundaries[0]!.at <= consumed) {
      const boundary = this.#boundaries.shift()!;
      this.#current = Object.freeze({
        cursor: boundary.cursor,
        items: boundary.at,
        pages: this.#current.pages + 1,
      });
      emit(this.#current);
    }
  }
}

import type {CrashHook} from './crash-hook.js';
import type {FileError, FileOutput, Output} from './output.js';
import {type ExportIdentity, writeState} from './state-file.js';

/** A point of the export: the cursor after it, the output's length there, and the counts so far. */
export type Mark = {
  readonly cursor: string | undefined;
  readonly bytes: number;
  readonly items: number;
  readonly pages: number;
};

/**
 * The checkpoints of one run. At each page boundary the run {@link Checkpoints.reach}es a mark;
 * committing it (before the next item is written, or when the run ends) flushes the output, and
 * with a state file first makes the output durable (fsync) and then replaces the state with the
 * mark and the fingerprint of the output's tail.
 */
export class Checkpoints {
  /** The last mark whose bytes are durable: the output must never be cut shorter. */
  committed: Mark;
  /** The mark the state file on disk records; `undefined` while there is none. */
  recorded: Mark | undefined;
  #pending: Mark | undefined;
  readonly #base: Mark;
  readonly #output: Output;
  readonly #statePath: string | undefined;
  readonly #identity: ExportIdentity;
  readonly #crash: CrashHook;

  constructor(
    output: Output,
    statePath: string | undefined,
    identity: ExportIdentity,
    crash: CrashHook,
    base: Mark,
    saved: boolean,
  ) {
    this.#output = output;
    this.#statePath = statePath;
    this.#identity = identity;
    this.#crash = crash;
    this.#base = base;
    this.committed = base;
    this.recorded = saved ? base : undefined;
  }

  /** A page boundary: everything in the output so far belongs to it (`items`, `pages`: this run's). */
  reach(cursor: string | undefined, items: number, pages: number): void {
    this.#pending = {
      cursor,
      bytes: this.#output.length,
      items: this.#base.items + items,
      pages: this.#base.pages + pages,
    };
  }

  /** Commits the mark reached last, if it is not committed yet. */
  async commit(): Promise<void> {
    const mark = this.#pending;
    if (mark === undefined) {
      return;
    }
    this.#pending = undefined;
    const {cursor} = mark;
    if (this.#statePath === undefined || cursor === undefined) {
      await this.#output.flush();
      return;
    }
    await this.#output.sync();
    // From here the data is durable: whether or not the state below makes it to disk, the output
    // must never again be cut shorter than this (the new state may already be in place).
    this.committed = mark;
    const tailSha256 = await (this.#output as FileOutput).digest(mark.bytes);
    const state = {...this.#identity, version: 3 as const, ...mark, cursor, tailSha256};
    try {
      await writeState(this.#statePath, {...state, updatedAt: new Date().toISOString()}, this.#crash);
    } catch (error) {
      if ((error as FileError).replaced) {
        this.recorded = mark;
      }
      throw error;
    }
    this.recorded = mark;
  }

  /**
   * Where an output that failed is cut back to: the length the state file records, so that both
   * agree, or without a state file on disk the durable length.
   */
  get floor(): number {
    return (this.recorded ?? this.committed).bytes;
  }
}

/**
 * Turns items into text, one synchronous call at a time, so that a writer always knows exactly
 * which bytes belong to which items (what crash-safe checkpoints need).
 */
export type Encoder = {
  /** Text that opens the output (a CSV header row, a JSON `[`); `''` when appending to existing output. */
  header(): string;
  /** The text of one item. */
  item(item: unknown): string;
  /** Text that closes the output (a JSON `]`); not part of any checkpoint, since appending removes it. */
  footer(): string;
};

/** Where an encoder starts: a fresh output, or one that already holds `items` items. */
export type EncoderStart = {
  /**
   * The output is empty, so the header must be written.
   * @default true
   */
  readonly fresh?: boolean | undefined;
  /**
   * Items already in the output (JSON arrays need it to place commas).
   * @default 0
   */
  readonly items?: number | undefined;
};

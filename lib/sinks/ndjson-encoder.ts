import {type Column, project} from './columns.js';
import type {Encoder} from './encoder.js';

/** Options of {@link createNdjsonEncoder}. */
export type NdjsonOptions = {
  /** Write only these columns, keyed by label. @default undefined (items verbatim) */
  readonly columns?: readonly Column[] | undefined;
};

/**
 * Newline-delimited JSON: one item per line, verbatim unless `columns` picks and renames fields.
 * There is no header or footer, so appending is plain concatenation.
 *
 * @example
 * ```ts
 * createNdjsonEncoder().item({id: 1}); // '{"id":1}\n'
 * ```
 */
export function createNdjsonEncoder(options: NdjsonOptions = {}): Encoder {
  const {columns} = options;
  return {
    header: () => '',
    item: (item) => `${JSON.stringify(columns === undefined ? item : project(item, columns))}\n`,
    footer: () => '',
  };
}

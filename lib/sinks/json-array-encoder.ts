import {type Column, project} from './columns.js';
import type {Encoder, EncoderStart} from './encoder.js';

/** Options of {@link createJsonArrayEncoder}. */
export type JsonArrayOptions = EncoderStart & {
  /** Write only these columns, keyed by label. @default undefined (items verbatim) */
  readonly columns?: readonly Column[] | undefined;
};

/**
 * A JSON array, one item per line, produced item by item (never built whole in memory):
 * `[` + `\n{...}` + `,\n{...}`... + `\n]\n`, or `[]\n` when empty. The closing bracket is the
 * footer: an append truncates it away, continues with `,\n{...}`, and writes it again at the end.
 *
 * @example
 * ```ts
 * const json = createJsonArrayEncoder();
 * json.header() + json.item(1) + json.item(2) + json.footer(); // '[\n1,\n2\n]\n'
 * ```
 */
export function createJsonArrayEncoder(options: JsonArrayOptions = {}): Encoder {
  const {columns, fresh = true} = options;
  let count = options.items ?? 0;
  return {
    header: () => (fresh ? '[' : ''),
    item: (item) => {
      const text = JSON.stringify(columns === undefined ? item : project(item, columns));
      return `${count++ === 0 ? '\n' : ',\n'}${text}`;
    },
    footer: () => (count === 0 ? ']\n' : '\n]\n'),
  };
}

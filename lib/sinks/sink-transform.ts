import {Transform} from 'node:stream';
import type {Encoder} from './encoder.js';

/**
 * Wraps an {@link Encoder} as a Transform from items (object mode) to text, for `pipeline()`:
 * the header comes before the first item (or alone, for an empty export), the footer at the end.
 *
 * @example
 * ```ts
 * await pipeline(api.exportEvents(), createSinkTransform(createNdjsonEncoder()), createWriteStream('events.ndjson'));
 * ```
 */
export function createSinkTransform(encoder: Encoder): Transform {
  let started = false;
  const header = () => {
    started = true;
    return encoder.header();
  };
  return new Transform({
    writableObjectMode: true,
    transform(item: unknown, _encoding, callback) {
      callback(null, (started ? '' : header()) + encoder.item(item));
    },
    flush(callback) {
      callback(null, (started ? '' : header()) + encoder.footer());
    },
  });
}

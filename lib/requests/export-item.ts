import {createWriteStream} from 'node:fs';
import {mkdir, rm, stat} from 'node:fs/promises';
import {Transform} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {commitFile, temporaryPath} from './atomic-file.js';
import {contentTypeOf, fileNameFor, itemLabel} from './file-names.js';
import {formatTransforms} from './format-sink.js';
import {openItem, resourceShape} from './item-source.js';
import type {ExportRequest, Window} from './types.js';

/** Options of {@link exportItem}. */
export type ExportItemOptions = {
  /** Where the file goes (created when missing). */
  readonly outDir: string;
  /** Where the provider credentials come from (`CROCT_API_KEY`, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborting it stops the export: the temporary file is removed, no file appears. */
  readonly signal?: AbortSignal | undefined;
  /** Called with the rows written so far, after each row. */
  readonly onProgress?: ((rows: number) => void) | undefined;
};

/** One item's file for one window, complete and in place. */
export type ItemResult = {
  /** The item's index in `request.items`. */
  readonly item: number;
  /** How summaries and notifications name it (its `label`, else its file name part). */
  readonly label: string;
  /** The file's full path. */
  readonly path: string;
  readonly fileName: string;
  readonly rows: number;
  readonly bytes: number;
  /** Its media type, e.g. `text/csv; charset=utf-8`. */
  readonly contentType: string;
};

/**
 * Exports one item of a request over one window into `outDir`: the provider's stream, through the
 * format's sink, into a temporary file (`.<name>.<pid>-<random>.tmp`), fsynced, then renamed to
 * {@link fileNameFor}'s name, replacing any earlier file of that window. A file of that name exists
 * only complete; on an error or an abort the temporary file is removed and the call rejects.
 *
 * @example
 * ```ts
 * const result = await exportItem(request, window, 0, {outDir: 'exports', env: process.env});
 * ```
 */
export async function exportItem(
  request: ExportRequest,
  window: Window,
  itemIndex: number,
  options: ExportItemOptions,
): Promise<ItemResult> {
  const {outDir, env, signal, onProgress} = options;
  const item = request.items[itemIndex];
  if (item === undefined) {
    throw new RangeError(
      `Expected \`itemIndex\` to be an index of request.items (0 to ${request.items.length - 1}), got ${itemIndex}`,
    );
  }
  signal?.throwIfAborted();
  const label = itemLabel(request, itemIndex);
  const fileName = fileNameFor(request, window, itemIndex);
  const shape = resourceShape(item);
  // Built before any file exists: a bad credential or option fails with nothing to clean up.
  const source = openItem(item, window, env, signal);
  const sinks = formatTransforms({request, label, shape, window});
  let rows = 0;
  const counter = new Transform({
    objectMode: true,
    transform(row: unknown, _encoding, callback) {
      rows++;
      onProgress?.(rows);
      callback(null, row);
    },
  });
  await mkdir(outDir, {recursive: true});
  const temporary = temporaryPath(outDir, fileName);
  try {
    await pipeline([source, counter, ...sinks, createWriteStream(temporary, {flags: 'wx'})], {
      ...(signal === undefined ? {} : {signal}),
    });
    signal?.throwIfAborted();
    await commitFile(temporary, outDir, fileName);
  } catch (error) {
    source.destroy();
    await rm(temporary, {force: true});
    throw signal?.aborted === true ? signal.reason : error;
  }
  const path = `${outDir.replace(/\/+$/, '')}/${fileName}`;
  return {
    item: itemIndex,
    label,
    path,
    fileName,
    rows,
    bytes: (await stat(path)).size,
    contentType: contentTypeOf(request.format.extension),
  };
}

import type {ExportStreamOptions} from './export-stream.js';

/**
 * The names of the options every export method hands to its {@link ExportStream}, declared once:
 * providers accept them beside their own query options and pass them on with
 * {@link pickStreamOptions}, so that a new stream option cannot be validated and then dropped.
 */
export const STREAM_OPTION_NAMES = Object.freeze([
  'cursor',
  'limit',
  'prefetch',
  'highWaterMark',
  'signal',
] as const satisfies readonly (keyof ExportStreamOptions)[]);

/** Picks the options the stream itself handles out of an export method's options. */
export function pickStreamOptions(options: ExportStreamOptions): ExportStreamOptions {
  const picked: Record<string, unknown> = {};
  for (const name of STREAM_OPTION_NAMES) {
    picked[name] = options[name];
  }
  return picked as ExportStreamOptions;
}

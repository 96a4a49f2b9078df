import type {Delivery} from '../notify/index.js';
import {type ExportItemOptions, exportItem, type ItemResult} from './export-item.js';
import {notifyOutcome} from './notify-outcome.js';
import type {ExportRequest, Window} from './types.js';

/** Options of {@link runWindow}. */
export type RunWindowOptions = Omit<ExportItemOptions, 'onProgress'> & {
  /** Called with the item being exported and the rows written to its file so far. */
  readonly onProgress?: ((item: number, rows: number) => void) | undefined;
};

/** What one window gave: its files, the notifications sent, and the error when it failed. */
export type WindowResult = {
  readonly window: Window;
  readonly status: 'success' | 'failure';
  /** The files written, in item order (on failure, those written before it). */
  readonly results: readonly ItemResult[];
  /** Rows over every file. */
  readonly rows: number;
  readonly deliveries: readonly Delivery[];
  /** Why it failed (`status: 'failure'`). */
  readonly error?: unknown;
};

/**
 * Exports every item of a request over one window (one after the other, each file complete and in
 * place before the next starts), then sends the notifications. A failed item ends the window:
 * the `onFailure` messages are sent and the result says `failure` (the files already written stay:
 * exporting the window again replaces them). An abort rejects with the signal's reason and sends
 * nothing: the window was abandoned, not failed.
 */
export async function runWindow(
  request: ExportRequest,
  window: Window,
  options: RunWindowOptions,
): Promise<WindowResult> {
  const {onProgress, ...rest} = options;
  const results: ItemResult[] = [];
  let error: unknown;
  for (const [index] of request.items.entries()) {
    try {
      results.push(
        await exportItem(request, window, index, {
          ...rest,
          ...(onProgress === undefined ? {} : {onProgress: (rows: number) => onProgress(index, rows)}),
        }),
      );
    } catch (failure) {
      if (options.signal?.aborted === true) {
        throw options.signal.reason;
      }
      error = failure;
      break;
    }
  }
  const outcome = error === undefined ? {window, results} : {window, results, error};
  const deliveries = await notifyOutcome(request, outcome, {env: options.env, signal: options.signal});
  return {
    ...outcome,
    status: error === undefined ? 'success' : 'failure',
    rows: results.reduce((sum, result) => sum + result.rows, 0),
    deliveries,
  };
}

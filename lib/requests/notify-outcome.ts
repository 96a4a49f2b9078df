import {type Delivery, sendNotifications, type TemplateVars} from '../notify/index.js';
import type {ItemResult} from './export-item.js';
import {localTime, windowText} from './format-sink.js';
import type {ExportRequest, Window} from './types.js';

/** What happened in one window, for {@link notifyOutcome}. */
export type WindowOutcome = {
  readonly window: Window;
  /** The files written (all of them on success; those done before the failure otherwise). */
  readonly results: readonly ItemResult[];
  /** Why the window failed; absent when it succeeded. */
  readonly error?: unknown;
};

/** Options of {@link notifyOutcome}. */
export type NotifyOutcomeOptions = {
  /** Where the mediums' settings come from (`EXPORT_SMTP_URL`, `SLACK_WEBHOOK_URL`, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal | undefined;
};

/**
 * The template variables of a window's outcome: `{{name}}`, `{{window.start}}` and `{{window.end}}`
 * (ISO 8601 in the request's zone), `{{files}}` (the file names), `{{rows}}` (over every file),
 * `{{error}}` (the error's message), `{{status}}`, plus `{{window.text}}` (the window as a sentence)
 * and `{{timezone}}`.
 */
export function outcomeVars(request: ExportRequest, outcome: WindowOutcome): TemplateVars {
  const {window, results, error} = outcome;
  const zone = request.format.timezone;
  return {
    name: request.name,
    // `key` and `text` besides the contract's start and end: templates may name them too.
    window: {
      start: localTime(window.start, zone),
      end: localTime(window.end, zone),
      key: window.key,
      text: windowText(window, zone),
    } as TemplateVars['window'],
    files: results.map((result) => result.fileName),
    rows: results.reduce((sum, result) => sum + result.rows, 0),
    status: error === undefined ? 'success' : 'failure',
    timezone: zone,
    ...(error === undefined ? {} : {error: error instanceof Error ? error.message : String(error)}),
  };
}

/**
 * Sends the request's notifications for a window's outcome: the `onSuccess` messages after a
 * success, the `onFailure` ones after a failure. Call it once the files are in place. Delivery is
 * at least once: a run that crashes after sending and before recording the window sends again when
 * the window is exported again. Never rejects for a delivery failure (see each {@link Delivery}).
 */
export async function notifyOutcome(
  request: ExportRequest,
  outcome: WindowOutcome,
  options: NotifyOutcomeOptions,
): Promise<Delivery[]> {
  const messages = request.notification?.messages ?? [];
  if (messages.length === 0) {
    return [];
  }
  return sendNotifications(messages, outcomeVars(request, outcome), {
    env: options.env,
    ...(options.signal === undefined ? {} : {signal: options.signal}),
  });
}

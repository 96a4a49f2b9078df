import {type ErrorContext, RequestError} from '../core/errors.js';
import {withDeadline} from '../core/http.js';
import {withRetry} from '../core/retry.js';
import type {AttemptCounter, DeliverySettings} from './delivery-settings.js';

/** A rendered e-mail. */
export type EmailMessage = {
  /** The recipient address(es), comma-separated. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
};

/** Where it goes through: the SMTP URL (`EXPORT_SMTP_URL`) and the sender (`EXPORT_SMTP_FROM`). */
export type SmtpEndpoint = {readonly url: URL; readonly from: string};

/** Failures another attempt may fix: the connection, a timeout, a DNS lookup. */
const transientCodes: ReadonlySet<unknown> = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ETIMEDOUT']);

/**
 * Sends one plain-text e-mail through nodemailer's SMTP transport, each attempt under
 * `settings.timeout` and abortable, retried on connection failures, timeouts and temporary SMTP
 * replies (4xx, e.g. 421 or 451 greylisting); never on a permanent reply (5xx: a bad login, an
 * unknown recipient).
 */
export async function sendEmail(
  message: EmailMessage,
  smtp: SmtpEndpoint,
  settings: DeliverySettings,
  attempts: AttemptCounter,
): Promise<void> {
  const {timeout} = settings;
  // Loaded on the first e-mail: most runs send none, and nodemailer is a hundred modules.
  const {createTransport} = await import('nodemailer');
  const transport = createTransport({
    url: smtp.url.href,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // A template must never make the mailer read a local file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const context: ErrorContext = {method: 'email', path: `${smtp.url.protocol}//${smtp.url.host}`};
  try {
    await withRetry(
      async () => {
        attempts.count += 1;
        await withDeadline({requestTimeout: timeout}, settings.signal, context, async (signal) => {
          try {
            // nodemailer 10 takes a per-message signal; @types/nodemailer does not declare it yet.
            await transport.sendMail({from: smtp.from, ...message, signal} as Parameters<
              typeof transport.sendMail
            >[0]);
          } catch (error) {
            throw classifySmtp(error, signal, context);
          }
        });
      },
      settings.policy,
      settings.signal,
      () => {},
    );
  } finally {
    transport.close();
  }
}

/** Maps nodemailer's errors onto the core's transient family, or a plain permanent error. */
function classifySmtp(error: unknown, signal: AbortSignal, context: ErrorContext): unknown {
  if (signal.aborted) {
    return signal.reason;
  }
  const {code, responseCode, message} = error as {code?: unknown; responseCode?: unknown; message?: unknown};
  const reason = String(message);
  const temporary = typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500;
  if (temporary || transientCodes.has(code)) {
    // ERR_EXPORT_NETWORK rather than a new code: the core's retry predicate already retries it.
    return new RequestError('ERR_EXPORT_NETWORK', context, reason, error);
  }
  return new Error(`${context.method} ${context.path} failed: ${reason}`, {cause: error});
}

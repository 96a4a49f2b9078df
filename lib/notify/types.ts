/** The mediums a notification message can use. */
export const NOTIFICATION_MEDIUMS = Object.freeze(['email', 'slack', 'discord', 'telegram'] as const);

/** When a message is sent: after a window's export succeeded, or after it failed. */
export const NOTIFICATION_POLICIES = Object.freeze(['onSuccess', 'onFailure'] as const);

/** One of {@link NOTIFICATION_MEDIUMS}. */
export type NotificationMedium = (typeof NOTIFICATION_MEDIUMS)[number];

/** One of {@link NOTIFICATION_POLICIES}. */
export type NotificationPolicy = (typeof NOTIFICATION_POLICIES)[number];

/**
 * One message of an export request's `notification.messages` (Connhex's shape). `title` and `text`
 * are templates (see {@link renderTemplate}).
 */
export type NotificationMessage = {
  /** `onSuccess`: sent when the window's export succeeded; `onFailure`: when it failed. */
  readonly policy: NotificationPolicy;
  readonly medium: NotificationMedium;
  /**
   * Whom to tell: the address(es) for `email` (comma-separated), the chat id for `telegram`, and for
   * `slack`/`discord` the incoming webhook URL (when absent or not an http(s) URL, the environment's
   * `SLACK_WEBHOOK_URL` / `DISCORD_WEBHOOK_URL` is used).
   */
  readonly target?: string | undefined;
  /** The e-mail subject, or the first (bold) line of a chat message. */
  readonly title?: string | undefined;
  readonly text: string;
};

/**
 * What a template can name: the request's name, the window, the files written, the rows, the error
 * and the status. Extra fields may be added and named by dotted path (`{{request.owner}}`).
 */
export type TemplateVars = {
  /** The export request's name. */
  readonly name: string;
  /** The window exported, as ISO 8601 strings. */
  readonly window: {readonly start: string; readonly end: string};
  /** The names of the files written. */
  readonly files: readonly string[];
  /** The rows written, over every file. */
  readonly rows: number;
  /** What went wrong, when the export failed (already free of secrets). */
  readonly error?: string | undefined;
  readonly status: 'success' | 'failure';
  readonly [extra: string]: unknown;
};

/** What happened to one message. */
export type Delivery = {
  readonly policy: NotificationPolicy;
  readonly medium: NotificationMedium;
  /**
   * Where it went, redacted: a webhook URL keeps its origin and leading non-secret segments
   * (`https://hooks.slack.com/services/…`), a chat id or e-mail address stays as it is.
   */
  readonly target: string;
  /** The receiver accepted the message. */
  readonly ok: boolean;
  /** The attempts made: 0 when the message could not be sent at all (e.g. a missing variable). */
  readonly attempts: number;
  /** Why it was not delivered, readable and free of secrets; absent when `ok`. */
  readonly error?: string;
};

/** Options of {@link sendNotifications}. */
export type SendNotificationsOptions = {
  /**
   * Where the credentials and endpoints come from: `EXPORT_SMTP_URL`, `EXPORT_SMTP_FROM`,
   * `SLACK_WEBHOOK_URL`, `DISCORD_WEBHOOK_URL`, `TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_URL`.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborting it stops every send in flight; the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The longest one attempt of one message may take, in milliseconds.
   * @default 10000
   */
  readonly timeout?: number | undefined;
  /**
   * Retries after the first attempt of one message, for transient failures only (network errors,
   * timeouts, 408, 429, 500, 502, 503, 504, SMTP 4xx replies).
   * @default 3
   */
  readonly retries?: number | undefined;
};

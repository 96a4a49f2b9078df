import {InvalidOptionError} from '../core/errors.js';
import {redact} from '../core/redact.js';
import {integerOption, objectOption, signalOption} from '../core/validate.js';
import {planChatMessage} from './chat-mediums.js';
import {
  type AttemptCounter,
  DEFAULT_NOTIFICATION_TIMEOUT,
  type DeliverySettings,
  notificationRetryPolicy,
} from './delivery-settings.js';
import {sendEmail} from './email.js';
import {isEnvNeed, type NotificationEnv, smtpEndpoint} from './notification-env.js';
import {postJson} from './post-json.js';
import {urlSecrets} from './redact-url.js';
import {renderTemplate} from './template.js';
import {
  type Delivery,
  NOTIFICATION_MEDIUMS,
  NOTIFICATION_POLICIES,
  type NotificationMessage,
  type SendNotificationsOptions,
  type TemplateVars,
} from './types.js';

/** Variables whose values are secrets wherever they appear. */
const secretVariables = ['SLACK_WEBHOOK_URL', 'DISCORD_WEBHOOK_URL', 'TELEGRAM_BOT_TOKEN', 'EXPORT_SMTP_URL'];

/**
 * Sends the messages whose policy matches `outcome.status` (`success` → `onSuccess`, `failure` →
 * `onFailure`), their `title` and `text` rendered over `outcome`, all at once, and resolves with one
 * {@link Delivery} per message sent, in the order given. A delivery failure never rejects: it is a
 * Delivery with `ok: false` and a readable `error` free of secrets. Aborting `signal` rejects with its
 * reason (what was sent may be sent again by a re-run: at least once). Bad arguments throw
 * {@link InvalidOptionError} at the call.
 *
 * @example
 * ```ts
 * const deliveries = await sendNotifications(request.notification.messages, {
 *   name: 'daily-orders', window: {start, end}, files: ['orders.xlsx'], rows: 1204, status: 'success',
 * }, {env: process.env});
 * for (const d of deliveries) if (!d.ok) console.error(`${d.medium} ${d.target}: ${d.error}`);
 * ```
 */
export function sendNotifications(
  messages: readonly NotificationMessage[],
  outcome: TemplateVars,
  options: SendNotificationsOptions,
): Promise<Delivery[]> {
  checkMessages(messages);
  const status = objectOption('outcome', outcome).status;
  if (status !== 'success' && status !== 'failure') {
    throw new InvalidOptionError('outcome.status', "'success' or 'failure'", status);
  }
  const {env, settings} = resolveOptions(options);
  const policy = status === 'success' ? 'onSuccess' : 'onFailure';
  const secrets = envSecrets(env);
  const chosen = messages.filter((message) => message.policy === policy);
  return Promise.all(chosen.map((message) => deliver(message, outcome, env, settings, secrets)));
}

async function deliver(
  message: NotificationMessage,
  outcome: TemplateVars,
  env: NotificationEnv,
  settings: DeliverySettings,
  secrets: readonly string[],
): Promise<Delivery> {
  const {policy, medium} = message;
  const title = message.title === undefined ? '' : renderTemplate(message.title, outcome);
  const text = renderTemplate(message.text, outcome);
  const attempts: AttemptCounter = {count: 0};
  const plan = planDelivery(message, title, text, outcome, env);
  const shown = {policy, medium, target: plan.shownTarget};
  if ('problem' in plan) {
    return {...shown, ok: false, attempts: 0, error: `${medium}: ${plan.problem}`};
  }
  try {
    await plan.send(settings, attempts);
    return {...shown, ok: true, attempts: attempts.count};
  } catch (error) {
    if (settings.signal.aborted) {
      throw settings.signal.reason;
    }
    // Always an Error: p-retry turns anything else thrown into a TypeError.
    const said = (error as Error).message;
    return {
      ...shown,
      ok: false,
      attempts: attempts.count,
      error: redact(said, [...plan.secrets, ...secrets]),
    };
  }
}

type Plan = {readonly shownTarget: string} & (
  | {readonly problem: string}
  | {
      readonly secrets: readonly string[];
      readonly send: (settings: DeliverySettings, attempts: AttemptCounter) => Promise<void>;
    }
);

function planDelivery(
  message: NotificationMessage,
  title: string,
  text: string,
  outcome: TemplateVars,
  env: NotificationEnv,
): Plan {
  if (message.medium !== 'email') {
    const chat = planChatMessage({medium: message.medium, target: message.target, title, text}, env);
    if ('problem' in chat) {
      return chat;
    }
    const {post} = chat;
    return {shownTarget: chat.shownTarget, secrets: post.secrets, send: (...args) => postJson(post, ...args)};
  }
  const to = message.target?.trim() ?? '';
  const smtp = smtpEndpoint(env);
  if (isEnvNeed(smtp)) {
    return {shownTarget: to, problem: smtp.problem};
  }
  if (to === '') {
    return {shownTarget: to, problem: 'the target (the recipient address) is missing'};
  }
  const verb = outcome.status === 'success' ? 'succeeded' : 'failed';
  const subject = title === '' ? `${outcome.name}: export ${verb}` : title;
  return {
    shownTarget: to,
    secrets: urlSecrets(smtp.url),
    send: (...args) => sendEmail({to, subject, text}, smtp, ...args),
  };
}

function resolveOptions(options: SendNotificationsOptions): {
  env: NotificationEnv;
  settings: DeliverySettings;
} {
  objectOption('options', options);
  const env = objectOption('options.env', options.env) as NotificationEnv;
  const timeout =
    options.timeout === undefined
      ? DEFAULT_NOTIFICATION_TIMEOUT
      : integerOption('options.timeout', options.timeout, 1, 2 ** 31 - 1);
  const retries =
    options.retries === undefined
      ? notificationRetryPolicy.retries
      : integerOption('options.retries', options.retries, 0, 10);
  const signal =
    options.signal === undefined
      ? new AbortController().signal
      : signalOption('options.signal', options.signal);
  return {env, settings: {signal, timeout, policy: {...notificationRetryPolicy, retries}}};
}

function checkMessages(messages: readonly NotificationMessage[]): void {
  if (!Array.isArray(messages)) {
    throw new InvalidOptionError('messages', 'an array of notification messages', messages);
  }
  messages.forEach((message: NotificationMessage, index) => {
    const name = `messages[${index}]`;
    objectOption(name, message);
    if (!NOTIFICATION_POLICIES.includes(message.policy)) {
      throw new InvalidOptionError(
        `${name}.policy`,
        `one of ${NOTIFICATION_POLICIES.join(', ')}`,
        message.policy,
      );
    }
    if (!NOTIFICATION_MEDIUMS.includes(message.medium)) {
      throw new InvalidOptionError(
        `${name}.medium`,
        `one of ${NOTIFICATION_MEDIUMS.join(', ')}`,
        message.medium,
      );
    }
    for (const field of ['text', 'title', 'target'] as const) {
      const value = message[field];
      if (typeof value !== 'string' && (field === 'text' || value !== undefined)) {
        throw new InvalidOptionError(`${name}.${field}`, 'a string', value);
      }
    }
  });
}

function envSecrets(env: NotificationEnv): string[] {
  return secretVariables.flatMap((variable) => {
    const value = env[variable];
    if (value === undefined || value === '') {
      return [];
    }
    return URL.canParse(value) ? [value, ...urlSecrets(new URL(value))] : [value];
  });
}

import type {NotificationMedium, NotificationMessage} from './types.js';

/** The environment the mediums read, as `process.env` gives it. */
export type NotificationEnv = Readonly<Record<string, string | undefined>>;

/** A variable a message needs that is missing or malformed, named without its value. */
export type NotificationEnvProblem = {
  /** The message's index in the list given. */
  readonly index: number;
  readonly medium: NotificationMedium;
  /** The environment variable, e.g. `SLACK_WEBHOOK_URL`. */
  readonly variable: string;
  /** One line for the user, e.g. "notification.messages[1] (slack): SLACK_WEBHOOK_URL is not set…". */
  readonly message: string;
};

/** What keeps a medium from sending: the variable and what is wrong with it (never its value). */
export type EnvNeed = {readonly variable: string; readonly problem: string};

/** The sender when `EXPORT_SMTP_FROM` is not set. */
export const DEFAULT_SMTP_FROM = 'export-stream@localhost';

/** The Bot API when `TELEGRAM_API_URL` is not set. */
export const DEFAULT_TELEGRAM_API_URL = 'https://api.telegram.org';

const webhookVariables = Object.freeze({slack: 'SLACK_WEBHOOK_URL', discord: 'DISCORD_WEBHOOK_URL'});
const httpProtocols = ['http:', 'https:'];
/** A bot token as BotFather issues it; anything else could also rewrite the request's path. */
const botToken = /^\d+:[\w-]+$/;

/** True when `value` is an {@link EnvNeed} rather than a resolved endpoint. */
export function isEnvNeed(value: object): value is EnvNeed {
  return 'problem' in value;
}

/**
 * The incoming webhook of a Slack or Discord message: its `target` when that is an http(s) URL,
 * else `SLACK_WEBHOOK_URL` / `DISCORD_WEBHOOK_URL`.
 */
export function webhookEndpoint(
  medium: 'slack' | 'discord',
  target: string | undefined,
  env: NotificationEnv,
): URL | EnvNeed {
  const fromTarget = parseUrl(target?.trim(), httpProtocols);
  if (fromTarget !== undefined) {
    return fromTarget;
  }
  const variable = webhookVariables[medium];
  return urlVariable(env, variable, httpProtocols, 'and the target is not a webhook URL');
}

/** The SMTP server (`EXPORT_SMTP_URL`, smtp: or smtps:) and the sender (`EXPORT_SMTP_FROM`). */
export function smtpEndpoint(env: NotificationEnv): {url: URL; from: string} | EnvNeed {
  const url = urlVariable(env, 'EXPORT_SMTP_URL', ['smtp:', 'smtps:']);
  if (isEnvNeed(url)) {
    return url;
  }
  const from = env.EXPORT_SMTP_FROM;
  return {url, from: from === undefined || from === '' ? DEFAULT_SMTP_FROM : from};
}

/** The Bot API base (`TELEGRAM_API_URL`, default the public one) and the token (`TELEGRAM_BOT_TOKEN`). */
export function telegramEndpoint(env: NotificationEnv): {base: URL; token: string} | EnvNeed {
  const token = env.TELEGRAM_BOT_TOKEN;
  if (token === undefined || token === '') {
    return {variable: 'TELEGRAM_BOT_TOKEN', problem: 'TELEGRAM_BOT_TOKEN is not set'};
  }
  if (!botToken.test(token)) {
    return {
      variable: 'TELEGRAM_BOT_TOKEN',
      problem: 'TELEGRAM_BOT_TOKEN is not a bot token (digits, a colon, then letters, digits, _ or -)',
    };
  }
  const api = env.TELEGRAM_API_URL;
  const base =
    api === undefined || api === ''
      ? new URL(DEFAULT_TELEGRAM_API_URL)
      : urlVariable(env, 'TELEGRAM_API_URL', httpProtocols);
  return isEnvNeed(base) ? base : {base, token};
}

/**
 * Says, for each message, which environment variable its medium needs and lacks (or holds in a
 * form that cannot work), naming the variable and never its value: for `export-stream validate`
 * to warn before the first window closes. An empty list means every medium can be tried.
 *
 * @example
 * ```ts
 * validateNotificationEnv([{policy: 'onFailure', medium: 'slack', text: '{{error}}'}], {});
 * // [{index: 0, medium: 'slack', variable: 'SLACK_WEBHOOK_URL',
 * //   message: 'notification.messages[0] (slack): SLACK_WEBHOOK_URL is not set and the target is not a webhook URL'}]
 * ```
 */
export function validateNotificationEnv(
  messages: readonly NotificationMessage[],
  env: NotificationEnv,
): NotificationEnvProblem[] {
  const problems: NotificationEnvProblem[] = [];
  messages.forEach((message, index) => {
    const resolved = endpointOf(message, env);
    if (isEnvNeed(resolved)) {
      const {medium} = message;
      const text = `notification.messages[${index}] (${medium}): ${resolved.problem}`;
      problems.push({index, medium, variable: resolved.variable, message: text});
    }
  });
  return problems;
}

function endpointOf(message: NotificationMessage, env: NotificationEnv): object {
  switch (message.medium) {
    case 'email':
      return smtpEndpoint(env);
    case 'telegram':
      return telegramEndpoint(env);
    default:
      return webhookEndpoint(message.medium, message.target, env);
  }
}

function urlVariable(
  env: NotificationEnv,
  variable: string,
  protocols: readonly string[],
  whenUnset = '',
): URL | EnvNeed {
  const value = env[variable];
  if (value === undefined || value === '') {
    return {variable, problem: `${variable} is not set${whenUnset === '' ? '' : ` ${whenUnset}`}`};
  }
  return (
    parseUrl(value, protocols) ?? {
      variable,
      problem: `${variable} is not a ${protocols.map((protocol) => protocol.slice(0, -1)).join(' or ')} URL`,
    }
  );
}

function parseUrl(text: string | undefined, protocols: readonly string[]): URL | undefined {
  if (text === undefined || !URL.canParse(text)) {
    return undefined;
  }
  const url = new URL(text);
  return protocols.includes(url.protocol) ? url : undefined;
}

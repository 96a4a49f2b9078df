import {describeProblem, type Problem} from '../core/errors.js';
import {isEnvNeed, type NotificationEnv, telegramEndpoint, webhookEndpoint} from './notification-env.js';
import type {JsonPost} from './post-json.js';
import {secondsToWait} from './post-json.js';
import {passwordSecrets, redactUrl, urlSecrets} from './redact-url.js';
import {MESSAGE_LIMITS, truncateText} from './truncate.js';

/** A rendered message on its way to a chat service. */
export type ChatMessage = {
  readonly medium: 'slack' | 'discord' | 'telegram';
  readonly target: string | undefined;
  /** Rendered; empty for none. */
  readonly title: string;
  /** Rendered. */
  readonly text: string;
};

/** A post ready to send, or why it cannot be sent (with the target shown safely either way). */
export type ChatPlan = {readonly shownTarget: string} & (
  | {readonly post: JsonPost}
  | {readonly problem: string}
);

/**
 * Builds the request of a Slack, Discord or Telegram message:
 * - Slack incoming webhook: `{text}`, the title in bold on its own line (`*title*\ntext`), `&`, `<`
 *   and `>` escaped as Slack asks (so that no text becomes a mention or a link), cut to 40,000.
 * - Discord webhook: `{content, allowed_mentions: {parse: []}}` with `**title**\ntext`, cut to 2,000;
 *   no `@everyone` in an error message pings anyone.
 * - Telegram `sendMessage`: `{chat_id: target, text}` with the title on the first line, plain text
 *   (no `parse_mode`), cut to 4,096.
 */
export function planChatMessage(message: ChatMessage, env: NotificationEnv): ChatPlan {
  if (message.medium === 'telegram') {
    return planTelegram(message, env);
  }
  const endpoint = webhookEndpoint(message.medium, message.target, env);
  if (isEnvNeed(endpoint)) {
    return {shownTarget: shownTarget(message.target), problem: endpoint.problem};
  }
  const shownUrl = redactUrl(endpoint);
  const base = {url: endpoint, shownUrl, secrets: urlSecrets(endpoint)};
  if (message.medium === 'slack') {
    const text = joinTitle(`*${escapeSlack(message.title)}*`, message.title, escapeSlack(message.text));
    return {shownTarget: shownUrl, post: {...base, service: 'slack', body: {text: fit(text, 'slack')}}};
  }
  const content = fit(joinTitle(`**${message.title}**`, message.title, message.text), 'discord');
  const post: JsonPost = {
    ...base,
    service: 'discord',
    body: {content, allowed_mentions: {parse: []}},
    waitOf: (problem) => secondsToWait(problem.retry_after),
  };
  return {shownTarget: shownUrl, post};
}

function planTelegram(message: ChatMessage, env: NotificationEnv): ChatPlan {
  const chat = message.target ?? '';
  const endpoint = telegramEndpoint(env);
  if (isEnvNeed(endpoint)) {
    return {shownTarget: chat, problem: endpoint.problem};
  }
  if (chat === '') {
    return {shownTarget: chat, problem: 'the target (the chat id) is missing'};
  }
  const {base, token} = endpoint;
  // './': a token holds a colon, and `bot123:abc/…` alone would parse as a URL scheme.
  const url = new URL(`./bot${token}/sendMessage`, base.href.endsWith('/') ? base : `${base.href}/`);
  const text = fit(joinTitle(message.title, message.title, message.text), 'telegram');
  const post: JsonPost = {
    service: 'telegram',
    url,
    shownUrl: `${redactUrl(base)}/bot…/sendMessage`,
    body: {chat_id: chat, text},
    secrets: [token, ...passwordSecrets(base)],
    waitOf: (problem) =>
      secondsToWait((problem.parameters as {retry_after?: unknown} | undefined)?.retry_after),
    describe: describeTelegram,
  };
  return {shownTarget: chat, post};
}

/** Telegram's error body is `{ok: false, error_code, description}`. */
function describeTelegram(problem: Problem): string {
  return typeof problem.description === 'string' ? problem.description : describeProblem(problem);
}

/** A target that is no usable webhook is still hidden when it looks like one (a URL, or a path). */
function shownTarget(target: string | undefined): string {
  const trimmed = target?.trim() ?? '';
  if (URL.canParse(trimmed)) {
    return redactUrl(new URL(trimmed));
  }
  return trimmed.includes('/') ? '…' : trimmed;
}

function joinTitle(shownTitle: string, title: string, text: string): string {
  return title === '' ? text : `${shownTitle}\n${text}`;
}

/** https://api.slack.com/reference/surfaces/formatting#escaping */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function fit(text: string, service: keyof typeof MESSAGE_LIMITS): string {
  return truncateText(text, MESSAGE_LIMITS[service]);
}

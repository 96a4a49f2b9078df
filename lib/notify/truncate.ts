/** What a shortened message ends with. */
export const ELLIPSIS = '…';

/**
 * Each service's length limit for one message, in UTF-16 code units (JavaScript's `length`). A code
 * point above U+FFFF counts 2 here, so the text always fits whether the service counts code points
 * or UTF-16 units (Telegram counts UTF-16 units).
 * - Slack: `text` is cut by Slack itself after 40,000 characters
 *   (https://api.slack.com/methods/chat.postMessage#truncating).
 * - Discord: a message's `content` holds at most 2,000 characters
 *   (https://discord.com/developers/docs/resources/message#create-message).
 * - Telegram: `sendMessage` takes 1 to 4,096 characters of text
 *   (https://core.telegram.org/bots/api#sendmessage).
 */
export const MESSAGE_LIMITS = Object.freeze({slack: 40_000, discord: 2_000, telegram: 4_096});

/**
 * Returns `text` unchanged when it fits in `limit` UTF-16 code units; otherwise its start, cut on a
 * code point boundary (never between the two halves of an emoji's surrogate pair), plus `…`, the
 * whole at most `limit` units long.
 *
 * @example
 * ```ts
 * truncateText('abcdef', 4); // 'abc…'
 * ```
 */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) {
    return text;
  }
  let end = limit - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    // A high surrogate whose low half would be cut off: drop the whole code point.
    end -= 1;
  }
  return text.slice(0, end) + ELLIPSIS;
}

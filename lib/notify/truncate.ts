import {integerOption} from '../core/validate.js';

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

/** Grapheme clusters: an emoji sequence or a letter with its combining marks is one unit to the reader. */
const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/**
 * Returns `text` unchanged when it fits in `limit` UTF-16 code units; otherwise its start plus `…`,
 * the whole at most `limit` units long, cut before the grapheme cluster that would not fit whole: never
 * between the two halves of an emoji's surrogate pair, inside a ZWJ emoji sequence (👨‍👩‍👧), or
 * between a letter and its combining accent (`é` written `e` + U+0301). A single cluster longer than
 * the room left is cut on a code point boundary instead. `limit` is an integer of at least 1
 * ({@link InvalidOptionError} otherwise).
 *
 * @example
 * ```ts
 * truncateText('abcdef', 4); // 'abc…'
 * ```
 */
export function truncateText(text: string, limit: number): string {
  integerOption('limit', limit, ELLIPSIS.length);
  if (text.length <= limit) {
    return text;
  }
  let end = limit - ELLIPSIS.length;
  // Never undefined: `end` is inside the text, which is longer than `limit`.
  const cluster = graphemes.segment(text).containing(end) as Intl.SegmentData;
  if (cluster.index > 0) {
    end = cluster.index;
  } else if (isHighSurrogate(text.charCodeAt(end - 1))) {
    // One cluster fills all the room: keep its whole code points, never half a surrogate pair.
    end -= 1;
  }
  return text.slice(0, end) + ELLIPSIS;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

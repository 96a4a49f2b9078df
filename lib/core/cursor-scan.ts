import type {PageEnvelope} from './incremental-parser.js';

/** What a scan of a raw page body found among the members of its top-level object. */
export type ScannedEnvelope = {
  /** The cursor member: a string, `null`, or `undefined` when the key is absent. */
  readonly nextCursor: string | null | undefined;
  /** The items member is an array holding at least one element. */
  readonly hasItems: boolean;
};

const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN_ARRAY = 91;
const BACKSLASH = 92;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/**
 * Finds a page's cursor (and whether it has items) in the raw JSON text, without building the
 * page: the next request can go out before `JSON.parse` has turned the whole body into objects.
 * Only members of the top-level object count, whatever their order; the same key inside an item or
 * inside a string is skipped over by tracking strings and nesting. A key given twice counts by its
 * last value, as with `JSON.parse`. Returns `undefined` when the text is not a complete object or
 * the cursor is neither a string nor `null`: the caller then relies on the parse alone. The scan
 * does not validate what it skips (numbers, literals, bracket pairs); the parse still does.
 *
 * @example
 * ```ts
 * scanEnvelope('{"items":[{"nextCursor":"no"}],"nextCursor":"c2"}', {items: 'items', cursor: 'nextCursor'});
 * // → {nextCursor: 'c2', hasItems: true}
 * ```
 */
export function scanEnvelope(text: string, envelope: PageEnvelope): ScannedEnvelope | undefined {
  let index = skipWhitespace(text, 0);
  if (text.charCodeAt(index) !== OPEN_OBJECT) {
    return undefined;
  }
  let cursorToken: string | undefined;
  let hasItems = false;
  index = skipWhitespace(text, index + 1);
  let next = text.charCodeAt(index);
  while (next !== CLOSE_OBJECT) {
    const keyEnd = next === QUOTE ? stringEnd(text, index) : -1;
    if (keyEnd === -1) {
      return undefined;
    }
    const key = decodeKey(text.slice(index, keyEnd));
    index = skipWhitespace(text, keyEnd);
    if (key === undefined || text.charCodeAt(index) !== COLON) {
      return undefined;
    }
    const valueStart = skipWhitespace(text, index + 1);
    const valueEnd = valueAt(text, valueStart);
    if (valueEnd === -1) {
      return undefined;
    }
    if (key === envelope.cursor) {
      cursorToken = text.slice(valueStart, valueEnd);
    } else if (key === envelope.items) {
      // Non-empty when something other than whitespace stands between the brackets.
      hasItems =
        text.charCodeAt(valueStart) === OPEN_ARRAY && skipWhitespace(text, valueStart + 1) < valueEnd - 1;
    }
    index = skipWhitespace(text, valueEnd);
    next = text.charCodeAt(index);
    if (next === COMMA) {
      index = skipWhitespace(text, index + 1);
      next = text.charCodeAt(index);
      // A trailing comma is not JSON.
      if (next === CLOSE_OBJECT) {
        return undefined;
      }
    } else if (next !== CLOSE_OBJECT) {
      return undefined;
    }
  }
  if (skipWhitespace(text, index + 1) !== text.length) {
    return undefined;
  }
  const nextCursor = cursorToken === undefined ? undefined : cursorValue(cursorToken);
  return nextCursor === false ? undefined : {nextCursor, hasItems};
}

/** The cursor member's value, or false when it is neither a string nor null. */
function cursorValue(token: string): string | null | false {
  if (token === 'null') {
    return null;
  }
  if (token.charCodeAt(0) !== QUOTE) {
    return false;
  }
  // JSON.parse of the one token applies JSON's escapes exactly (\uXXXX, surrogate pairs, \/...).
  return parseString(token) ?? false;
}

/** A key as JSON.parse would read it; undefined when its escapes are invalid. */
function decodeKey(raw: string): string | undefined {
  return raw.includes('\\') ? parseString(raw) : raw.slice(1, -1);
}

function parseString(token: string): string | undefined {
  try {
    return JSON.parse(token) as string;
  } catch {
    return undefined;
  }
}

function skipWhitespace(text: string, start: number): number {
  let index = start;
  for (;;) {
    const code = text.charCodeAt(index);
    if (code !== SPACE && code !== LINE_FEED && code !== CARRIAGE_RETURN && code !== TAB) {
      return index;
    }
    index++;
  }
}

/** The index just after the string whose opening quote is at `start`, or -1 when it never ends. */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    // The quote ends the string unless an odd run of backslashes escapes it.
    let before = quote - 1;
    while (text.charCodeAt(before) === BACKSLASH) {
      before--;
    }
    if ((quote - before) % 2 === 1) {
      return quote + 1;
    }
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

/** The index just after the value starting at `start`, or -1 when there is none or it never ends. */
function valueAt(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) {
    return stringEnd(text, start);
  }
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    return containerEnd(text, start);
  }
  // A number or a literal: up to the next delimiter.
  let index = start;
  for (;;) {
    const code = text.charCodeAt(index);
    if (
      Number.isNaN(code) ||
      code === COMMA ||
      code === CLOSE_OBJECT ||
      code === CLOSE_ARRAY ||
      code === SPACE ||
      code === LINE_FEED ||
      code === CARRIAGE_RETURN ||
      code === TAB
    ) {
      return index === start ? -1 : index;
    }
    index++;
  }
}

/** The index just after the object or array opening at `start`; strings are skipped whole. */
function containerEnd(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      if (end === -1) {
        return -1;
      }
      index = end - 1;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth++;
    } else if ((code === CLOSE_OBJECT || code === CLOSE_ARRAY) && --depth === 0) {
      return index + 1;
    }
  }
  return -1;
}

/**
 * Building blocks of the request schema. Each leaf carries `x-expected`, the form its error messages
 * name ("expected a dotted path such as ..."): JSON Schema keeps unknown keywords as annotations,
 * so editors ignore it and the schema stays standard.
 */

/** A JSON Schema node as this package writes them. */
export type SchemaNode = Readonly<Record<string, unknown>>;

/** A name safe in file names and job ids: letters, digits, `.`, `_`, `-`, not starting with `.` or `-`. */
export const safeName = (what: string): SchemaNode => ({
  type: 'string',
  pattern: '^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$',
  description: what,
  'x-expected':
    'a name of 1 to 100 letters, digits, ".", "_" or "-" that does not start with "." or "-", such as "daily-orders"',
});

/** An ISO 8601 duration such as `PT15M`, `P1D`, `P1M` or `P1Y2M` (no fractions, no negative sign). */
export const duration = (what: string): SchemaNode => ({
  type: 'string',
  pattern: '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$',
  description: what,
  'x-expected': 'an ISO 8601 duration such as "PT15M", "PT1H", "P1D", "P1W", "P1M" or "P1Y2M"',
});

/** An ISO 8601 date or date-time (offset optional: without one it is read in `format.timezone`), or Unix seconds. */
export const time = (what: string): SchemaNode => ({
  type: ['string', 'integer'],
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?$',
  minimum: 0,
  description: what,
  'x-expected':
    'an ISO 8601 date-time such as "2026-11-01T00:00:00" (offset optional) or a number of Unix seconds',
});

/** A string of at least one character. */
export const text = (what: string, maxLength = 1000): SchemaNode => ({
  type: 'string',
  minLength: 1,
  maxLength,
  description: what,
  'x-expected': `a string of 1 to ${maxLength} characters`,
});

/** One of a few strings. */
export const choice = (values: readonly string[], what: string): SchemaNode => ({
  enum: [...values],
  description: what,
  'x-expected': `one of ${values.map((value) => JSON.stringify(value)).join(', ')}`,
});

/** A non-empty list of distinct `item`s. */
export const list = (item: SchemaNode, what: string, expected: string): SchemaNode => ({
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: item,
  description: what,
  'x-expected': expected,
});

/** An object with exactly these properties (unknown ones are errors). */
export const object = (
  properties: Readonly<Record<string, SchemaNode>>,
  required: readonly string[],
  what: string,
  extra: SchemaNode = {},
): SchemaNode => ({
  type: 'object',
  ...(required.length === 0 ? {} : {required: [...required]}),
  properties,
  additionalProperties: false,
  description: what,
  'x-expected': 'an object',
  ...extra,
});

/** An http(s) URL. */
export const url = (what: string): SchemaNode => ({
  type: 'string',
  pattern: '^https?://[^\\s/?#]+[^\\s]*$',
  maxLength: 2000,
  description: what,
  'x-expected': 'an http(s) URL such as "https://api.example.com"',
});

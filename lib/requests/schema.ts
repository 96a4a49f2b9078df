import {NOTIFICATION_MEDIUMS, NOTIFICATION_POLICIES} from '../notify/index.js';
import {ITEM_SCHEMA} from './schema-items.js';
import {choice, duration, object, type SchemaNode, safeName, text, time} from './schema-parts.js';

const column = object(
  {
    id: {
      type: 'string',
      pattern: '^[^.|]+(\\.[^.|]+)*(\\|[^.|]+(\\.[^.|]+)*)*$',
      description: 'The field to read, e.g. "payload.order.total"; alternatives separated by "|".',
      'x-expected': 'a dotted path such as "payload.order.total" (alternatives separated by "|")',
    },
    label: text('The header cell (or JSON key); default: the id.', 200),
  },
  ['id'],
  'One output column.',
);

const format = object(
  {
    extension: choice(['csv', 'json', 'ndjson', 'xlsx', 'xls', 'pdf'], 'The file format ("xls" means xlsx).'),
    timezone: text(
      'The IANA time zone of the windows and timestamps, e.g. "Europe/Rome"; default: UTC.',
      100,
    ),
    columns: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: column,
      description: 'The columns, in order: select and rename by dotted path.',
      'x-expected': 'a list of 1 to 500 columns',
    },
    csvDelimiter: {
      type: 'string',
      pattern: '^[^"\\r\\n]$',
      description: 'CSV only: the field delimiter; default: ",".',
      'x-expected': 'one character other than a quote or a line break, such as ";" or "\\t"',
    },
    bom: {
      type: 'boolean',
      description: 'CSV only: start with a UTF-8 byte order mark (for Excel).',
      'x-expected': 'a boolean',
    },
    filename: safeName('The first part of the file names; default: the request name.'),
  },
  ['extension'],
  'How each window is written.',
);

const message = (policy: boolean) =>
  object(
    {
      ...(policy ? {policy: choice(NOTIFICATION_POLICIES, 'When it is sent.')} : {}),
      medium: choice(NOTIFICATION_MEDIUMS, 'How it is sent.'),
      target: text('The address, chat id or webhook URL.', 2000),
      title: text('A template: the subject or first line.', 1000),
      text: text('A template: the message.', 10_000),
    },
    policy ? ['policy', 'medium', 'text'] : ['medium', 'text'],
    policy ? 'One notification.' : 'One notification, sent on success (the short form).',
  );

const notification = {
  type: 'object',
  if: {required: ['messages']},
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a promise
  then: object(
    {
      messages: {
        type: 'array',
        maxItems: 50,
        items: message(true),
        description: 'The notifications.',
        'x-expected': 'a list of up to 50 messages',
      },
    },
    ['messages'],
    'The notifications.',
  ),
  else: message(false),
  description: 'Whom to tell: {messages: [...]}, or one message {medium, title, text} sent on success.',
  'x-expected': 'an object',
};

/**
 * The JSON Schema (draft-07) of an export request file, also shipped as
 * `export-stream/request.schema.json` so that editors complete and check request files (point a
 * file's `$schema` at it). `parseRequest` validates with it, then checks what a schema cannot
 * (time zones, the window's bounds, distinct labels and file names).
 */
export const REQUEST_SCHEMA: SchemaNode = Object.freeze({
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'export-stream export request',
  ...object(
    {
      $schema: {type: 'string', description: 'This schema, for editors.', 'x-expected': 'a string'},
      name: safeName('The request name: names the files and the state.'),
      type: choice(['oneTime', 'recurring'], 'One window (from/to or period), or one every periodicity.'),
      periodicity: duration('Recurring: the length of each window.'),
      periodStart: time('Recurring: the start of the first window; default: aligned to the first run.'),
      delay: duration('How long after a window closes it is exported, for late data; default: PT0S.'),
      from: time('One-time: the start of the window.'),
      to: time('One-time: the end of the window; default: the first run.'),
      period: duration('One-time: a window this long that ends at the first run.'),
      format,
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: ITEM_SCHEMA,
        description: 'What to export: one file per item and window.',
        'x-expected': 'a list of 1 to 100 items',
      },
      notification,
    },
    ['name', 'type', 'format', 'items'],
    'An export request: what to export, when, in which format, and whom to tell.',
  ),
});

import {COVEO_TABLES} from '../coveo/index.js';
import {OPENPANEL_FILTER_OPERATORS} from '../openpanel/index.js';
import {choice, list, object, type SchemaNode, safeName, text, url} from './schema-parts.js';

/** The properties every item has, whatever its provider. */
const common = (provider: string, resources: readonly string[], maxPageSize: number) => ({
  provider: choice([provider], 'The provider.'),
  resource: choice(resources, "The provider's resource."),
  filename: safeName("The middle part of this item's file names; default: <provider>-<resource>."),
  label: text('How summaries and notifications name this item; default: its filename.', 200),
  baseUrl: url("The API's base URL (self-hosted, or a simulator); default: the provider's."),
  pageSize: {
    type: 'integer',
    minimum: 1,
    maximum: maxPageSize,
    description: 'Items per API request.',
    'x-expected': `an integer from 1 to ${maxPageSize}`,
  },
});

const eventType = {
  type: 'string',
  pattern: '^[A-Za-z][A-Za-z0-9]*$',
  'x-expected': 'an event type such as "orderPlaced"',
};

const croct = object(
  {
    ...common('croct', ['events', 'sessions', 'users'], 1000),
    events: list(
      eventType,
      'Events only: only these event types.',
      'a non-empty list of distinct event types',
    ),
  },
  ['provider', 'resource'],
  'Croct events, sessions or users; the API key comes from CROCT_API_KEY.',
);

const filterValue = {
  type: ['string', 'number', 'boolean', 'null'],
  'x-expected': 'a string, number, boolean or null',
};

const openPanelFilter = object(
  {
    name: text('The property, e.g. "path" or "properties.plan".', 200),
    operator: choice(OPENPANEL_FILTER_OPERATORS, 'How the property is compared.'),
    value: {type: 'array', items: filterValue, 'x-expected': 'a list of values'},
    type: choice(['string', 'number', 'date', 'datetime', 'boolean'], 'How the values are cast.'),
  },
  ['name', 'operator', 'value'],
  'One property filter.',
);

const names = (what: string) => list(text('A name.', 200), what, 'a non-empty list of distinct names');

const openpanel = object(
  {
    ...common('openpanel', ['events'], 1000),
    events: names('Only events with these names.'),
    includes: names('Optional fields to add, e.g. ["properties", "profile"].'),
    profileId: text("Only this profile's events.", 200),
    projectId: text("The project; default: the client's own.", 200),
    filters: {
      type: 'array',
      items: openPanelFilter,
      description: 'Property filters.',
      'x-expected': 'a list of filters',
    },
  },
  ['provider', 'resource'],
  'OpenPanel events; credentials from OPENPANEL_CLIENT_ID and OPENPANEL_CLIENT_SECRET.',
);

const coveoFilters = list(
  text('A filter in the Read filter syntax.'),
  'Filters.',
  'a non-empty list of filters',
);

const coveo = object(
  {
    ...common('coveo', ['rows'], 100_000),
    tables: list(choice(COVEO_TABLES, 'A table.'), 'The tables; default: all.', 'a non-empty list of tables'),
    dimensions: names('Dimension API names to include; default: all.'),
    filters: object(
      {common: coveoFilters, searches: coveoFilters, customEvents: coveoFilters},
      [],
      'Filters: common (f), searches (fs), customEvents (fc).',
    ),
  },
  ['provider', 'resource'],
  'Coveo Usage Analytics rows; the token comes from COVEO_ACCESS_TOKEN.',
);

const byProvider: Readonly<Record<string, SchemaNode>> = {croct, openpanel, coveo};

/**
 * An item: `provider` picks the schema of the rest (`if`/`then`, which editors follow and whose
 * errors point inside the right branch, unlike `oneOf`).
 */
export const ITEM_SCHEMA: SchemaNode = {
  type: 'object',
  required: ['provider', 'resource'],
  properties: {
    provider: choice(Object.keys(byProvider), 'The provider.'),
    resource: {
      type: 'string',
      description: "The provider's resource.",
      'x-expected': 'a resource such as "events"',
    },
  },
  allOf: Object.entries(byProvider).map(([provider, schema]) => ({
    if: {properties: {provider: {const: provider}}, required: ['provider']},
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a promise
    then: schema,
  })),
  description: "What to export in each window: a provider's resource and its filters.",
  'x-expected': 'an object',
};

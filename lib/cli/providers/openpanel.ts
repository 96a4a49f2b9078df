import {
  OPENPANEL_PAGE_SIZE,
  OPENPANEL_RESOURCE_FIELDS,
  OpenPanelApi,
  type OpenPanelEventsOptions,
  openPanelPartitionWindow,
} from '../../openpanel/index.js';
import {type Flags, received, stringFlag} from '../arguments.js';
import {UsageError} from '../usage-error.js';
import type {Provider, Resource} from './provider.js';

const FLAGS = Object.freeze({
  types: {type: 'string', value: 'LIST', description: 'comma-separated event names, e.g. screen_view,click'},
  includes: {
    type: 'string',
    value: 'LIST',
    description: 'optional fields to add, e.g. properties,profile,meta',
  },
  'profile-id': {
    type: 'string',
    value: 'ID',
    description: "only this profile's events (with its anonymous ones)",
  },
  'project-id': {
    type: 'string',
    value: 'ID',
    description: "the project to export; default: the client's own",
  },
  filters: {
    type: 'string',
    value: 'JSON',
    description: 'property filters, e.g. [{"name":"path","operator":"startsWith","value":["/blog"]}]',
  },
} as const);

/** `--types a,b` as `['a', 'b']`; an empty name is a usage error, the rest is the library's to check. */
function listFlag(flags: Flags, name: string, example: string): string[] | undefined {
  const text = stringFlag(flags.values, name);
  if (text === undefined) {
    return undefined;
  }
  const list = [...new Set(text.split(',').map((item) => item.trim()))];
  if (list.includes('')) {
    throw new UsageError(
      `Expected \`--${name}\` to be a comma-separated list such as ${example}, got ${received(flags, text)}`,
      flags.command,
    );
  }
  return list;
}

function jsonFlag(flags: Flags, name: string, example: string): unknown {
  const text = stringFlag(flags.values, name);
  if (text === undefined) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(
      `Expected \`--${name}\` to be JSON such as ${example}, got ${received(flags, text)}`,
      flags.command,
    );
  }
}

const events: Resource<OpenPanelApi> = {
  name: 'events',
  summary:
    'Export events (windowed by createdAt, newest first, each exactly once) as NDJSON, CSV or a JSON array.',
  flags: FLAGS,
  optionFlags: {
    events: 'types',
    includes: 'includes',
    profileId: 'profile-id',
    projectId: 'project-id',
    filters: 'filters',
  },
  // The library declares them (the export requests read them there too).
  ...OPENPANEL_RESOURCE_FIELDS.events,
  examples: [
    '--start 2026-11-01 --end 2026-11-24 --types screen_view --includes properties -o views.ndjson',
    `--filters '[{"name":"path","operator":"startsWith","value":["/blog"]}]' --format csv -o blog.csv`,
  ],
  filters: (flags) => {
    const filters: Record<string, unknown> = {
      // The server reads the names as a set: sorted, so that their order does not change the export.
      events: listFlag(flags, 'types', 'screen_view,click')?.sort(),
      includes: listFlag(flags, 'includes', 'properties,profile'),
      profileId: stringFlag(flags.values, 'profile-id'),
      projectId: stringFlag(flags.values, 'project-id'),
      filters: jsonFlag(flags, 'filters', '[{"name":"path","operator":"is","value":["/"]}]'),
    };
    return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
  },
  partitioned: true,
  // Newest first, as the export lists them, and cut at UTC midnights: the server filters whole days.
  shards: {cut: openPanelPartitionWindow, unit: 'whole UTC days'},
  open: (api, {window, pageSize, filters, cursor, limit, prefetch, partitions, ordered, signal}) =>
    api.exportEvents({
      ...(filters as OpenPanelEventsOptions),
      ...window,
      pageSize,
      cursor,
      limit,
      prefetch,
      partitions,
      ordered,
      signal,
    }),
};

/** OpenPanel's Export API: `export-stream openpanel events`. */
export const openpanel: Provider<OpenPanelApi> = {
  name: 'openpanel',
  title: 'OpenPanel',
  credentials: [
    {
      option: 'clientId',
      label: 'client id',
      article: 'a',
      form: 'a UUID',
      env: 'OPENPANEL_CLIENT_ID',
      flag: 'client-id',
      secret: false,
    },
    {
      option: 'clientSecret',
      label: 'client secret',
      article: 'a',
      env: 'OPENPANEL_CLIENT_SECRET',
      file: 'client-secret-file',
      secret: true,
    },
  ],
  baseUrl: 'https://api.openpanel.dev',
  pageSize: OPENPANEL_PAGE_SIZE,
  resources: [events],
  createApi: (credentials, baseUrl) =>
    new OpenPanelApi({
      clientId: credentials.clientId as string,
      clientSecret: credentials.clientSecret as string,
      baseUrl,
    }),
};

import {Configuration, CROCT_PAGE_SIZE, CROCT_RESOURCE_FIELDS, ExportApi} from '../../index.js';
import {type Flags, received, stringFlag} from '../arguments.js';
import {UsageError} from '../usage-error.js';
import type {Provider, Resource} from './provider.js';

const TYPES_FLAG = Object.freeze({
  types: {type: 'string', value: 'LIST', description: 'events only: comma-separated event types'},
} as const);

function resource(
  name: 'events' | 'sessions' | 'users',
  windowed: string,
  examples: readonly string[],
): Resource<ExportApi> {
  return {
    name,
    summary: `Export ${name} (windowed by ${windowed}) as NDJSON, CSV or a JSON array.`,
    flags: TYPES_FLAG,
    optionFlags: {events: 'types'},
    // The library declares them (the export requests read them there too).
    columns: CROCT_RESOURCE_FIELDS[name].columns,
    timestampFields: CROCT_RESOURCE_FIELDS[name].timestampFields,
    examples,
    filters: (flags) => typesFilter(flags, name),
    partitioned: true,
    open: (api, {window, pageSize, filters, cursor, limit, prefetch, partitions, ordered, signal}) => {
      const options = {...window, pageSize, cursor, limit, prefetch, partitions, ordered, signal};
      if (name === 'events') {
        return api.exportEvents({...options, events: filters.events as string[] | undefined});
      }
      return name === 'sessions' ? api.exportSessions(options) : api.exportUsers(options);
    },
  };
}

/** `--types` as the `events` filter: sorted, without repeats; other resources refuse it. */
function typesFilter(flags: Flags, name: string): Readonly<Record<string, unknown>> {
  const text = stringFlag(flags.values, 'types');
  if (text === undefined) {
    return {};
  }
  if (name !== 'events') {
    throw new UsageError(`\`--types\` filters events only; ${name} have no event types`, flags.command);
  }
  const types = [...new Set(text.split(',').map((type) => type.trim()))];
  if (types.some((type) => !/^[A-Za-z][A-Za-z0-9]*$/.test(type))) {
    throw new UsageError(
      `Expected \`--types\` to be a comma-separated list of event types such as orderPlaced,cartViewed, got ${received(flags, text)}`,
      flags.command,
    );
  }
  return {events: types.sort()};
}

/** Croct's Export API: `export-stream croct events|sessions|users` (and the `events|sessions|users` shorthands). */
export const croct: Provider<ExportApi> = {
  name: 'croct',
  title: 'Croct',
  credentials: [
    {
      option: 'apiKey',
      label: 'API key',
      article: 'an',
      form: 'a UUID',
      env: 'CROCT_API_KEY',
      file: 'api-key-file',
      flag: 'api-key',
      secret: true,
    },
  ],
  baseUrl: 'https://api.croct.io/export',
  pageSize: CROCT_PAGE_SIZE,
  resources: [
    resource('events', 'event time', ['--types orderPlaced,cartViewed --format json -o orders.json']),
    resource('sessions', 'close time', []),
    resource('users', 'last-modified time', []),
  ],
  createApi: (credentials, baseUrl) =>
    new ExportApi(new Configuration({apiKey: credentials.apiKey as string, baseUrl})),
};

import {Configuration, CROCT_PAGE_SIZE, ExportApi} from '../../index.js';
import {type Flags, received, stringFlag} from '../arguments.js';
import {UsageError} from '../usage-error.js';
import type {Provider, Resource} from './provider.js';

const TYPES_FLAG = Object.freeze({
  types: {type: 'string', value: 'LIST', description: 'events only: comma-separated event types'},
} as const);

/** Croct's time fields: epoch milliseconds. */
const timestampFields = Object.freeze({
  names: ['timestamp', 'systemTimestamp', 'closeTime', 'lastModifiedTime', 'birthDate'],
  paths: ['window.start', 'window.end'],
});

function resource(
  name: 'events' | 'sessions' | 'users',
  windowed: string,
  columns: string,
  examples: readonly string[],
): Resource<ExportApi> {
  return {
    name,
    summary: `Export ${name} (windowed by ${windowed}) as NDJSON, CSV or a JSON array.`,
    flags: TYPES_FLAG,
    optionFlags: {events: 'types'},
    columns,
    timestampFields,
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
    resource(
      'events',
      'event time',
      'id|eventId:id,timestamp,payload.@type|payload.type:type,sessionId,userId,context.url:url',
      ['--types orderPlaced,cartViewed --format json -o orders.json'],
    ),
    resource(
      'sessions',
      'close time',
      'sessionId,userId,externalUserId,window.start:start,window.end:end,closeTime,landingPageUrl,referrer,statistics.pageViews:pageViews,statistics.orders:orders',
      [],
    ),
    resource(
      'users',
      'last-modified time',
      'userId,externalUserId,firstName,lastName,email,lastModifiedTime,statistics.sessions:sessions,statistics.orders:orders',
      [],
    ),
  ],
  createApi: (credentials, baseUrl) =>
    new ExportApi(new Configuration({apiKey: credentials.apiKey as string, baseUrl})),
};

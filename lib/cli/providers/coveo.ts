import {COVEO_PAGE_SIZE, COVEO_RESOURCE_FIELDS, CoveoApi, type CoveoRowsOptions} from '../../coveo/index.js';
import {type Flags, integerFlag, received, stringFlag} from '../arguments.js';
import {UsageError} from '../usage-error.js';
import type {Provider, Resource} from './provider.js';

const FLAGS = Object.freeze({
  from: {
    type: 'string',
    value: 'TIME',
    description: 'window start (same as --start): ISO 8601, or epoch seconds/ms',
  },
  to: {type: 'string', value: 'TIME', description: 'window end (same as --end)'},
  tables: {
    type: 'string',
    value: 'LIST',
    description: 'searches,clicks,custom_events,keywords,groups,all_events; default: all',
  },
  dimensions: {type: 'string', value: 'LIST', description: 'dimension API names to include; default: all'},
  filter: {type: 'string', value: 'FILTER', description: 'common filter, e.g. "originLevel1==\'Community\'"'},
  'search-filter': {type: 'string', value: 'FILTER', description: 'search and click filter'},
  'custom-event-filter': {type: 'string', value: 'FILTER', description: 'custom event filter'},
  'csv-dialect': {
    type: 'string',
    value: 'NAME',
    description: "the export's CSV: EXCEL or NO_NEWLINE; default: EXCEL",
  },
  'display-names': {type: 'boolean', description: 'name columns by display name rather than API name'},
  'export-id': {type: 'string', value: 'ID', description: 'stream an export that exists already (no window)'},
  'poll-interval': {
    type: 'string',
    value: 'MS',
    description: 'first wait between status polls; default: 1000',
  },
  'max-wait': {
    type: 'string',
    value: 'MS',
    description: 'fail when the job is still pending after MS; default: 3600000',
  },
} as const);

/** `--tables searches,clicks` as `['SEARCHES', 'CLICKS']`. */
function listFlag(flags: Flags, name: string, example: string, upper: boolean): string[] | undefined {
  const text = stringFlag(flags.values, name);
  if (text === undefined) {
    return undefined;
  }
  const list = [...new Set(text.split(',').map((item) => (upper ? item.trim().toUpperCase() : item.trim())))];
  if (list.includes('')) {
    throw new UsageError(
      `Expected \`--${name}\` to be a comma-separated list such as ${example}, got ${received(flags, text)}`,
      flags.command,
    );
  }
  return list;
}

/** Digits are epoch seconds or milliseconds, as `--start` reads them; the rest is the library's to check. */
function timeText(text: string | undefined): string | number | undefined {
  return text !== undefined && /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
}

function filters(flags: Flags): Readonly<Record<string, unknown>> {
  const {values, command} = flags;
  for (const [alias, flag] of [
    ['from', 'start'],
    ['to', 'end'],
  ] as const) {
    if (values[alias] !== undefined && values[flag] !== undefined) {
      throw new UsageError(`Pass \`--${alias}\` or \`--${flag}\`, not both`, command);
    }
  }
  const common = stringFlag(values, 'filter');
  const searches = stringFlag(values, 'search-filter');
  const customEvents = stringFlag(values, 'custom-event-filter');
  const given = Object.entries({common, searches, customEvents}).filter(([, value]) => value !== undefined);
  const chosen: Record<string, unknown> = {
    from: timeText(stringFlag(values, 'from')),
    to: timeText(stringFlag(values, 'to')),
    tables: listFlag(flags, 'tables', 'searches,clicks', true),
    dimensions: listFlag(flags, 'dimensions', 'originLevel1,queryExpression', false),
    filters: given.length === 0 ? undefined : Object.fromEntries(given.map(([key, value]) => [key, [value]])),
    format: stringFlag(values, 'csv-dialect')?.toUpperCase(),
    useDisplayNames: values['display-names'] === true ? true : undefined,
    exportId: stringFlag(values, 'export-id'),
    pollInterval: integerFlag(flags, 'poll-interval', 1),
    maxWait: integerFlag(flags, 'max-wait', 0),
  };
  return Object.fromEntries(Object.entries(chosen).filter(([, value]) => value !== undefined));
}

const rows: Resource<CoveoApi> = {
  name: 'rows',
  summary:
    'Export Usage Analytics rows (one export job per window, split under the row limit) as NDJSON, CSV or a JSON array.',
  flags: FLAGS,
  optionFlags: {
    from: 'from',
    to: 'to',
    tables: 'tables',
    dimensions: 'dimensions',
    filters: 'filter',
    format: 'csv-dialect',
    exportId: 'export-id',
    pollInterval: 'poll-interval',
    maxWait: 'max-wait',
  },
  // The library declares them (the export requests read them there too).
  ...COVEO_RESOURCE_FIELDS.rows,
  examples: [
    '--from 2026-11-01 --to 2026-11-24 --tables searches,clicks -o rows.ndjson',
    '--from 2026-11-01 --to 2026-11-02 --format csv -o rows.csv --state rows.state.json',
  ],
  filters,
  open: (api, {window, pageSize, filters: chosen, cursor, limit, prefetch, signal}) => {
    const {from, to, ...rest} = chosen as CoveoRowsOptions;
    // With `--export-id` a window is a mistake the library reports (naming `--from`/`--to`).
    return api.exportRows({
      ...rest,
      from: from ?? window.start,
      to: to ?? window.end,
      pageSize,
      cursor,
      limit,
      prefetch,
      signal,
    });
  },
};

/** Coveo's Usage Analytics Read API exports: `export-stream coveo rows`. */
export const coveo: Provider<CoveoApi> = {
  name: 'coveo',
  title: 'Coveo',
  credentials: [
    {
      option: 'accessToken',
      label: 'access token',
      article: 'an',
      form: 'an API key or OAuth2 token with the Analytics data exports privilege',
      env: 'COVEO_ACCESS_TOKEN',
      file: 'access-token-file',
      secret: true,
    },
  ],
  baseUrl: 'https://analytics.cloud.coveo.com/rest/ua',
  pageSize: COVEO_PAGE_SIZE,
  resources: [rows],
  createApi: (credentials, baseUrl) =>
    new CoveoApi({accessToken: credentials.accessToken as string, baseUrl}),
};

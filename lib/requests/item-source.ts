import type {Readable} from 'node:stream';
import {InvalidOptionError} from '../core/errors.js';
import {COVEO_RESOURCE_FIELDS, CoveoApi, type CoveoTable} from '../coveo/index.js';
import {Configuration, CROCT_RESOURCE_FIELDS, ExportApi, type ResourceFields} from '../index.js';
import {OPENPANEL_RESOURCE_FIELDS, OpenPanelApi} from '../openpanel/index.js';
import {type Column, parseColumns, type TimestampFields} from '../sinks/index.js';
import type {ExportItem, Window} from './types.js';

/** What the sinks need to know about an item's resource: its time fields and its default columns. */
export type ResourceShape = {
  readonly timestampFields: TimestampFields;
  /** The columns csv, xlsx and pdf use without `format.columns`. */
  readonly columns: readonly Column[];
};

/** Each provider's declarations of its resources, by provider and resource name as items name them. */
const FIELDS: Readonly<Record<ExportItem['provider'], Readonly<Record<string, ResourceFields>>>> = {
  croct: CROCT_RESOURCE_FIELDS,
  openpanel: OPENPANEL_RESOURCE_FIELDS,
  coveo: COVEO_RESOURCE_FIELDS,
};

/**
 * The shape of an item's resource, as its provider's library declares it (the one declaration of
 * its time fields and default columns, shared with `export-stream <provider> <resource>`).
 */
export function resourceShape(item: ExportItem): ResourceShape {
  // The schema admits only providers and resources the libraries declare.
  const resource = FIELDS[item.provider][item.resource]!;
  return {timestampFields: resource.timestampFields, columns: parseColumns(resource.columns)};
}

/** The environment variable an item's credential comes from; a missing one is an error naming it. */
function credential(env: Readonly<Record<string, string | undefined>>, name: string, what: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new InvalidOptionError(
      name,
      `set in the environment (${what}; never in the request file)`,
      undefined,
    );
  }
  return value;
}

/**
 * Opens the provider's export of one item over one window, through the provider's public library
 * API, with the credentials from `env`. The window is half-open, as the providers' `start`/`end`.
 * Lazy: nothing is requested until the stream is read.
 */
export function openItem(
  item: ExportItem,
  window: Window,
  env: Readonly<Record<string, string | undefined>>,
  signal: AbortSignal | undefined,
): Readable {
  // Every option passed as is: the libraries read `undefined` as their default.
  const {baseUrl, pageSize} = item;
  const common = {start: window.start, end: window.end, pageSize, signal};
  if (item.provider === 'croct') {
    const apiKey = credential(env, 'CROCT_API_KEY', 'the API key of the Croct items');
    const api = new ExportApi(new Configuration({apiKey, baseUrl}));
    if (item.resource === 'events') {
      return api.exportEvents({...common, events: item.events});
    }
    return item.resource === 'sessions' ? api.exportSessions(common) : api.exportUsers(common);
  }
  if (item.provider === 'openpanel') {
    const api = new OpenPanelApi({
      clientId: credential(env, 'OPENPANEL_CLIENT_ID', 'the client id of the OpenPanel items'),
      clientSecret: credential(env, 'OPENPANEL_CLIENT_SECRET', 'the client secret of the OpenPanel items'),
      baseUrl,
    });
    const {events, includes, profileId, projectId, filters} = item;
    return api.exportEvents({...common, events, includes, profileId, projectId, filters: filters as never});
  }
  const api = new CoveoApi({
    accessToken: credential(env, 'COVEO_ACCESS_TOKEN', 'the access token of the Coveo items'),
    // An empty variable is an unset one (a common shell idiom).
    organizationId: env.COVEO_ORGANIZATION_ID || undefined,
    baseUrl,
  });
  const {tables, dimensions, filters} = item;
  return api.exportRows({
    from: window.start,
    to: window.end,
    tables: tables as CoveoTable[] | undefined,
    dimensions,
    filters,
    pageSize,
    signal,
  });
}

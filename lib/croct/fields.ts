import type {ResourceFields} from '../core/resource-fields.js';

/** Croct's time fields, the same in every resource: epoch milliseconds. */
const timestampFields = Object.freeze({
  names: Object.freeze(['timestamp', 'systemTimestamp', 'closeTime', 'lastModifiedTime', 'birthDate']),
  paths: Object.freeze(['window.start', 'window.end']),
});

/**
 * The time fields and default columns of each Croct export (`exportEvents`, `exportSessions`,
 * `exportUsers`), e.g. for the sinks' `timestampFields` and `parseColumns`.
 *
 * @example
 * ```ts
 * const csv = createCsvEncoder({
 *   columns: parseColumns(CROCT_RESOURCE_FIELDS.events.columns),
 *   timestampFields: CROCT_RESOURCE_FIELDS.events.timestampFields,
 *   timeZone: 'Europe/Paris',
 * });
 * ```
 */
export const CROCT_RESOURCE_FIELDS: Readonly<Record<'events' | 'sessions' | 'users', ResourceFields>> =
  Object.freeze({
    events: Object.freeze({
      timestampFields,
      columns: 'id|eventId:id,timestamp,payload.@type|payload.type:type,sessionId,userId,context.url:url',
    }),
    sessions: Object.freeze({
      timestampFields,
      columns:
        'sessionId,userId,externalUserId,window.start:start,window.end:end,closeTime,landingPageUrl,referrer,statistics.pageViews:pageViews,statistics.orders:orders',
    }),
    users: Object.freeze({
      timestampFields,
      columns:
        'userId,externalUserId,firstName,lastName,email,lastModifiedTime,statistics.sessions:sessions,statistics.orders:orders',
    }),
  });

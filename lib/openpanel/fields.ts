import type {ResourceFields} from '../core/resource-fields.js';

/**
 * The time fields (ISO 8601 strings) and default columns of OpenPanel's export (`exportEvents`),
 * e.g. for the sinks' `timestampFields` and `parseColumns`.
 *
 * @example
 * ```ts
 * const {columns, timestampFields} = OPENPANEL_RESOURCE_FIELDS.events;
 * const csv = createCsvEncoder({columns: parseColumns(columns), timestampFields, timeZone: 'UTC'});
 * ```
 */
export const OPENPANEL_RESOURCE_FIELDS: Readonly<Record<'events', ResourceFields>> = Object.freeze({
  events: Object.freeze({
    timestampFields: Object.freeze({names: Object.freeze(['createdAt', 'updatedAt', 'lastSeenAt'])}),
    columns: 'id,createdAt,name,path,country,city,os,browser,profileId,sessionId',
  }),
});

import type {ResourceFields} from '../core/resource-fields.js';

/**
 * The time field (`datetime`, ISO 8601) and default columns of Coveo's row export (`exportRows`,
 * every table in one list), e.g. for the sinks' `timestampFields` and `parseColumns`.
 *
 * @example
 * ```ts
 * const {columns, timestampFields} = COVEO_RESOURCE_FIELDS.rows;
 * const csv = createCsvEncoder({columns: parseColumns(columns), timestampFields, timeZone: 'UTC'});
 * ```
 */
export const COVEO_RESOURCE_FIELDS: Readonly<Record<'rows', ResourceFields>> = Object.freeze({
  rows: Object.freeze({
    timestampFields: Object.freeze({names: Object.freeze(['datetime'])}),
    columns:
      'table,datetime,searchId,clickId,customEventId,lastSearchId,visitId,visitorId,userId,username,queryExpression,originLevel1,originLevel2,numberOfResults,clickRank,documentUri,eventType,eventValue,keyword,userGroup',
  }),
});

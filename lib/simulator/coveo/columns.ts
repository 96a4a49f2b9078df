import type {CoveoHeaderStyle, CoveoTable} from './options.js';

/** A column's names: camelCase API name, snake_case database name, display name. */
type ColumnNames = readonly [camel: string, snake: string, display: string];

const ID = {
  search: ['searchId', 'search_id', 'Search ID'],
  datetime: ['datetime', 'datetime', 'Date/Time (GMT)'],
  visit: ['visitId', 'visit_id', 'Visit ID'],
  visitor: ['visitorId', 'visitor_id', 'Visitor ID'],
  user: ['userId', 'user_id', 'User ID'],
  username: ['username', 'user_name', 'User Name'],
  origin1: ['originLevel1', 'origin_level_1', 'Origin 1 (Page/Hub)'],
  customData: ['customData', 'custom_datas', 'Custom Data'],
} as const satisfies Record<string, ColumnNames>;

/**
 * Every table's columns, in CSV order. The names follow what Coveo documents (API names, the snake_case
 * database columns) and what real exports were seen to hold, e.g. `userName` in custom events where
 * the other tables say `username`. Row values come in the same order (see `generate-row.ts`).
 */
const COLUMNS: Readonly<Record<CoveoTable, readonly ColumnNames[]>> = {
  searches: [
    ID.search,
    ID.datetime,
    ID.visit,
    ID.visitor,
    ID.user,
    ID.username,
    ['queryExpression', 'query_expression', 'Query'],
    ID.origin1,
    ['originLevel2', 'origin_level_2', 'Origin 2 (Tab)'],
    ['queryPipeline', 'query_pipeline', 'Query Pipeline'],
    ['numberOfResults', 'number_of_results', 'Number of Results'],
    ['responseTimeMs', 'response_time_ms', 'Response Time (ms)'],
    ['deviceCategory', 'device_category', 'Device Category'],
    ['originCountry', 'origin_country', 'Country'],
    ['language', 'language', 'Language'],
    ID.customData,
  ],
  clicks: [
    ID.search,
    ['clickId', 'click_id', 'Click ID'],
    ID.datetime,
    ID.visit,
    ID.visitor,
    ID.user,
    ID.username,
    ['clickRank', 'click_rank', 'Click Rank'],
    ['clickCause', 'click_cause', 'Click Cause'],
    ['documentTitle', 'document_title', 'Document Title'],
    ['documentUri', 'document_uri', 'Document URI'],
    ['sourceName', 'source_name', 'Source Name'],
    ID.origin1,
    ID.customData,
  ],
  custom_events: [
    ['customEventId', 'custom_event_id', 'Custom Event ID'],
    ['lastSearchId', 'last_search_id', 'Last Search ID'],
    ID.datetime,
    ID.visit,
    ID.visitor,
    ID.user,
    ['userName', 'user_name', 'User Name'],
    ['eventType', 'event_type', 'Event Type'],
    ['eventValue', 'event_value', 'Event Value'],
    ID.origin1,
    ID.customData,
  ],
  groups: [ID.search, ID.datetime, ['userGroup', 'user_group', 'User Group']],
  keywords: [ID.search, ID.datetime, ['keyword', 'keyword', 'Keyword']],
};

/** Every camelCase column name: the dimensions an export request may name. */
const DIMENSIONS: ReadonlySet<string> = new Set(
  Object.values(COLUMNS).flatMap((columns) => columns.map(([camel]) => camel)),
);

const STYLE_INDEX: Readonly<Record<CoveoHeaderStyle, 0 | 1 | 2>> = {camel: 0, snake: 1, display: 2};

/**
 * The positions of the columns a table's CSV holds: all of them, or (when `dimensions` is not empty)
 * the table's first column and `datetime` plus the named dimensions it has.
 */
function selectColumns(table: CoveoTable, dimensions: readonly string[]): number[] {
  const columns = COLUMNS[table];
  const wanted = new Set(dimensions);
  return columns
    .map((names, index) => ({names, index}))
    .filter(
      ({names, index}) => wanted.size === 0 || index === 0 || names[0] === 'datetime' || wanted.has(names[0]),
    )
    .map(({index}) => index);
}

/** The header cells of a table's selected columns in a header style. */
function headerCells(table: CoveoTable, selected: readonly number[], style: CoveoHeaderStyle): string[] {
  const columns = COLUMNS[table];
  return selected.map((index) => (columns[index] as ColumnNames)[STYLE_INDEX[style]]);
}

export type {ColumnNames};
export {COLUMNS, DIMENSIONS, headerCells, selectColumns};

import {InvalidOptionError} from '../core/errors.js';
import {booleanOption, knownKeys, objectOption, stringOption} from '../core/validate.js';
import {filtersOption} from './export-options.js';
import type {OpenPanelChartQuery} from './types.js';

/**
 * The checks of `exportChart`'s query (OpenPanel's `chartSchemeFull`, wire protocol section 7), made
 * synchronously at the call: a misspelt key or an unknown enum value would otherwise be stripped or
 * refused by the server only after a request.
 *
 * @module
 */

const queryKeys = [
  'series',
  'interval',
  'range',
  'breakdowns',
  'previous',
  'startDate',
  'endDate',
  'projectId',
];

/** OpenPanel's `interval` enum. */
const intervals = ['minute', 'hour', 'day', 'week', 'month'];

/** OpenPanel's `range` enum. */
const ranges = [
  '30min',
  'lastHour',
  'last24h',
  'today',
  'yesterday',
  '7d',
  '30d',
  '3m',
  '6m',
  '12m',
  'monthToDate',
  'lastMonth',
  'yearToDate',
  'lastYear',
  'custom',
];

/** OpenPanel's `segment` enum. */
const segments = [
  'event',
  'user',
  'session',
  'group',
  'user_average',
  'one_event_per_user',
  'property_sum',
  'property_average',
  'property_max',
  'property_min',
];

/** Validates an `exportChart` query; every failure is an {@link InvalidOptionError} naming the field. */
export function resolveChartQuery(query: unknown): OpenPanelChartQuery {
  const given = objectOption('query', query);
  knownKeys('query', given, queryKeys);
  if (!Array.isArray(given.series) || given.series.length === 0) {
    throw new InvalidOptionError(
      'query.series',
      'a non-empty array of series such as {name: "screen_view"}',
      given.series,
    );
  }
  for (const [index, item] of given.series.entries()) {
    seriesOption(`query.series[${index}]`, item);
  }
  oneOf('query.interval', given.interval, intervals);
  oneOf('query.range', given.range, ranges);
  if (given.breakdowns !== undefined) {
    breakdownsOption(given.breakdowns);
  }
  if (given.previous !== undefined) {
    booleanOption('query.previous', given.previous);
  }
  for (const name of ['startDate', 'endDate', 'projectId'] as const) {
    if (given[name] !== undefined) {
      stringOption(`query.${name}`, given[name]);
    }
  }
  return given as OpenPanelChartQuery;
}

function seriesOption(name: string, value: unknown): void {
  const series = objectOption(name, value);
  stringOption(`${name}.name`, series.name);
  if (series.filters !== undefined) {
    filtersOption(series.filters, `${name}.filters`);
  }
  oneOf(`${name}.segment`, series.segment, segments);
  if (series.property !== undefined) {
    stringOption(`${name}.property`, series.property);
  }
}

function breakdownsOption(value: unknown): void {
  if (!Array.isArray(value)) {
    throw new InvalidOptionError(
      'query.breakdowns',
      'an array of breakdowns such as {name: "country"}',
      value,
    );
  }
  for (const [index, item] of value.entries()) {
    stringOption(`query.breakdowns[${index}].name`, objectOption(`query.breakdowns[${index}]`, item).name);
  }
}

/** An optional value that must be one of `values` when given. */
function oneOf(name: string, value: unknown, values: readonly string[]): void {
  if (value !== undefined && !values.includes(value as string)) {
    throw new InvalidOptionError(name, `one of ${values.join(', ')}`, value);
  }
}

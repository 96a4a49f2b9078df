import type {EventFilter} from './events-query.js';
import type {EventRow} from './generate-event.js';

/** The value of a filter's field: a column (camelCase or snake_case) or `properties.<key>`. */
function fieldOf(event: EventRow, name: string): string {
  if (name.startsWith('properties.')) {
    return event.properties[name.slice('properties.'.length)] ?? '';
  }
  const column = name.replace(/_([a-z])/g, (_whole, letter: string) => letter.toUpperCase());
  const value = (event as unknown as Record<string, unknown>)[column];
  return value === undefined || value === null ? '' : String(value);
}

function anyOf(values: EventFilter['value'], test: (value: string) => boolean): boolean {
  return values.some((value) => test(String(value)));
}

function compare(
  field: string,
  values: EventFilter['value'],
  test: (a: number, b: number) => boolean,
): boolean {
  const bound = Number(values[0]);
  return field !== '' && !Number.isNaN(bound) && test(Number(field), bound);
}

/** Tells whether an event passes one filter, as OpenPanel's SQL would (no cohorts exist here). */
function passes(event: EventRow, filter: EventFilter): boolean {
  const field = fieldOf(event, filter.name);
  const {value} = filter;
  switch (filter.operator) {
    case 'is':
      return value.length === 0 || anyOf(value, (v) => v === field);
    case 'isNot':
      return !anyOf(value, (v) => v === field);
    case 'contains':
      return anyOf(value, (v) => field.includes(v));
    case 'doesNotContain':
      return !anyOf(value, (v) => field.includes(v));
    case 'startsWith':
      return anyOf(value, (v) => field.startsWith(v));
    case 'endsWith':
      return anyOf(value, (v) => field.endsWith(v));
    case 'regex':
      return anyOf(value, (v) => new RegExp(v).test(field));
    case 'isNull':
      return field === '';
    case 'isNotNull':
      return field !== '';
    case 'gt':
      return compare(field, value, (a, b) => a > b);
    case 'lt':
      return compare(field, value, (a, b) => a < b);
    case 'gte':
      return compare(field, value, (a, b) => a >= b);
    case 'lte':
      return compare(field, value, (a, b) => a <= b);
    case 'inCohort':
      return false;
    default:
      // notInCohort: no event is in a cohort.
      return true;
  }
}

/** Tells whether an event passes every filter. */
function passesAll(event: EventRow, filters: readonly EventFilter[]): boolean {
  return filters.every((filter) => passes(event, filter));
}

export {passesAll};

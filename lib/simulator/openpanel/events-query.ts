import {OPENPANEL_FILTER_OPERATORS} from '../../openpanel/types.js';
import type {QueryValue} from './query-string.js';

/** The filter operators OpenPanel knows (the client's list: one declaration of OpenPanel's constant). */
const OPERATORS = OPENPANEL_FILTER_OPERATORS;

/** One element of the `filters` parameter. */
type EventFilter = {
  name: string;
  operator: (typeof OPERATORS)[number];
  value: Array<string | number | boolean | null>;
};

/** The parameters of `GET /export/events` once validated (before clamping and defaults of paging). */
type EventsQuery = {
  projectId: string | undefined;
  profileId: string | undefined;
  events: string[];
  start: string | undefined;
  end: string | undefined;
  page: number;
  limit: number;
  includes: string[];
  filters: EventFilter[];
};

/** A validation failure: Fastify answers 400 with this message. */
class QueryError extends Error {}

function kind(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

function fail(path: string, message: string): never {
  throw new QueryError(`querystring/${path} ${message}`);
}

function string(path: string, value: QueryValue): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    fail(path, `Expected string, received ${kind(value)}`);
  }
  return value;
}

/** Zod's `z.coerce.number()`: `Number(value)`, refusing NaN. */
function coerceNumber(path: string, value: QueryValue, fallback: number): number {
  const number = value === undefined ? fallback : Number(value);
  if (Number.isNaN(number)) {
    fail(path, 'Expected number, received nan');
  }
  return number;
}

function strings(path: string, value: QueryValue): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => string(`${path}/${index}`, item) as string);
}

function filters(value: QueryValue): EventFilter[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    fail('filters', `Expected array, received ${kind(value)}`);
  }
  return value.map((item: unknown, index) => {
    const path = `filters/${index}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail(path, `Expected object, received ${kind(item)}`);
    }
    const {name, operator, value: values} = item as Record<string, unknown>;
    if (!(OPERATORS as readonly unknown[]).includes(operator)) {
      fail(`${path}/operator`, `Invalid enum value. Expected ${OPERATORS.map((o) => `'${o}'`).join(' | ')}`);
    }
    if (!Array.isArray(values) || values.some((v) => v !== null && typeof v === 'object')) {
      fail(`${path}/value`, 'Expected array of strings, numbers, booleans or nulls');
    }
    if (typeof name !== 'string') {
      fail(`${path}/name`, name === undefined ? 'Required' : `Expected string, received ${kind(name)}`);
    }
    return {name, operator, value: values} as EventFilter;
  });
}

/**
 * Validates the parsed query of `GET /export/events` as OpenPanel's schema does; unknown keys are
 * dropped. Throws a {@link QueryError} naming the first bad parameter.
 */
function validateEventsQuery(query: Record<string, QueryValue>): EventsQuery {
  const event = query.event;
  if (
    event !== undefined &&
    typeof event !== 'string' &&
    !(Array.isArray(event) && event.every((e) => typeof e === 'string'))
  ) {
    fail('event', 'Invalid input');
  }
  const projectId = string('projectId', query.projectId);
  const projectIdSnake = string('project_id', query.project_id);
  const includes =
    query.includes === undefined
      ? []
      : strings('includes', query.includes).flatMap((item) => item.split(',').map((key) => key.trim()));
  return {
    projectId: projectId || projectIdSnake || undefined,
    profileId: string('profileId', query.profileId),
    events: event === undefined ? [] : [event].flat(),
    start: query.start === undefined ? undefined : String(query.start),
    end: query.end === undefined ? undefined : String(query.end),
    page: coerceNumber('page', query.page, 1),
    limit: coerceNumber('limit', query.limit, 50),
    includes,
    filters: filters(query.filters),
  };
}

export type {EventFilter, EventsQuery};
export {OPERATORS, QueryError, validateEventsQuery};

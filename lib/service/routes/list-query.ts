import {ApiError} from '../http/api-error.js';
import {JOB_STATUSES, type JobStatus} from '../types.js';

/** The sort keys of `GET /exports`; `-` sorts descending. */
export const SORTS = Object.freeze([
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'name',
  '-name',
] as const);

/** The largest `pageSize`. */
export const MAX_PAGE_SIZE = 100;

/** `GET /exports`'s query, checked. */
export type ListQuery = {
  status: JobStatus[];
  type: 'oneTime' | 'recurring' | undefined;
  from: string | undefined;
  to: string | undefined;
  page: number;
  pageSize: number;
  sort: (typeof SORTS)[number];
};

const KNOWN = new Set(['status', 'status[]', 'type', 'from', 'to', 'page', 'pageSize', 'sort']);

/** Reads the query; a bad or unknown parameter is a 400 naming it. */
export function listQuery(params: URLSearchParams): ListQuery {
  for (const name of params.keys()) {
    if (!KNOWN.has(name)) {
      throw invalid(name, `a known parameter (${[...KNOWN].join(', ')})`, name);
    }
  }
  const status = [...params.getAll('status'), ...params.getAll('status[]')].flatMap((value) =>
    value.split(','),
  );
  for (const value of status) {
    if (!(JOB_STATUSES as readonly string[]).includes(value)) {
      throw invalid('status', `one of ${JOB_STATUSES.join(', ')}`, value);
    }
  }
  const type = params.get('type') ?? undefined;
  if (type !== undefined && type !== 'oneTime' && type !== 'recurring') {
    throw invalid('type', 'oneTime or recurring', type);
  }
  const sort = params.get('sort') ?? '-createdAt';
  if (!(SORTS as readonly string[]).includes(sort)) {
    throw invalid('sort', `one of ${SORTS.join(', ')}`, sort);
  }
  return {
    status: status as JobStatus[],
    type,
    from: instant(params, 'from'),
    to: instant(params, 'to'),
    page: integer(params, 'page', 1, Number.MAX_SAFE_INTEGER) ?? 1,
    pageSize: integer(params, 'pageSize', 1, MAX_PAGE_SIZE) ?? 20,
    sort: sort as ListQuery['sort'],
  };
}

function integer(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const text = params.get(name);
  if (text === null) {
    return undefined;
  }
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw invalid(name, `an integer from ${min} to ${max}`, text);
  }
  return value;
}

function instant(params: URLSearchParams, name: string): string | undefined {
  const text = params.get(name);
  if (text === null) {
    return undefined;
  }
  const time = /^\d{4}-\d\d-\d\dT/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalid(name, 'an ISO 8601 date-time such as 2026-11-01T00:00:00Z', text);
  }
  return new Date(time).toISOString();
}

function invalid(name: string, expected: string, value: string): ApiError {
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return new ApiError('ERR_INVALID_QUERY', `Expected \`${name}\` to be ${expected}, got ${shown}`, {
    path: name,
  });
}

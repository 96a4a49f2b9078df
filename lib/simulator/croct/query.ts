import type {CursorCodec, CursorScope} from './cursor.js';
import {eventTypesOf} from './event-types.js';
import type {SchemaVersion, TimeUnit} from './options.js';

/** A list request's parameters once checked: the scope, where to resume, or every violation found. */
type ListQuery = {scope: CursorScope; position: number | undefined} | {violations: string[]};

const DEFAULT_PAGE_SIZE = 100;

const MAX_PAGE_SIZE = 1000;

function single(params: URLSearchParams, name: string, violations: string[]): string | undefined {
  const values = params.getAll(name);

  if (values.length > 1) {
    violations.push(`${name} must be specified once`);

    return undefined;
  }

  return values[0];
}

function timestamp(
  params: URLSearchParams,
  name: string,
  unit: TimeUnit,
  violations: string[],
): number | undefined {
  const value = single(params, name, violations);

  if (value === undefined) {
    return undefined;
  }

  const scale = unit === 'seconds' ? 1000 : 1;
  const parsed = /^\d{1,16}$/.test(value) ? Number(value) * scale : Number.NaN;

  if (!Number.isSafeInteger(parsed)) {
    violations.push(`${name} must be an unix timestamp`);

    return undefined;
  }

  return parsed;
}

function pageSize(params: URLSearchParams, violations: string[]): number {
  const value = single(params, 'pageSize', violations);

  if (value === undefined) {
    return DEFAULT_PAGE_SIZE;
  }

  if (!/^[+-]?\d{1,10}$/.test(value)) {
    violations.push('pageSize must be an integer');

    return DEFAULT_PAGE_SIZE;
  }

  const size = Number(value);

  if (size < 1 || size > MAX_PAGE_SIZE) {
    violations.push(`pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
  }

  return size;
}

function eventTypes(
  params: URLSearchParams,
  scope: {resource: string; path: string; version: SchemaVersion},
  violations: string[],
): string[] | undefined {
  const {resource, path} = scope;
  const types = params.getAll('events');

  if (types.length === 0) {
    return undefined;
  }

  if (resource !== 'events') {
    violations.push(`events is not supported by ${path}`);

    return undefined;
  }

  const known: readonly string[] = eventTypesOf(scope.version);

  for (const type of types) {
    if (!known.includes(type)) {
      violations.push(`events contains an unknown event type: ${type}`);
    }
  }

  return [...new Set(types)].sort();
}

/**
 * Checks the query of a list request (`start`, `end`, `pageSize`, `cursor`, `events`), collecting every
 * violation rather than stopping at the first. `events` accepts only the types of the schema `version`. Unknown parameters are ignored, like most HTTP APIs do.
 */
function parseListQuery(input: {
  params: URLSearchParams;
  resource: string;
  path: string;
  unit: TimeUnit;
  version: SchemaVersion;
  cursors: CursorCodec;
}): ListQuery {
  const {params, resource, path, unit, version} = input;
  const violations: string[] = [];
  const start = timestamp(params, 'start', unit, violations);
  const end = timestamp(params, 'end', unit, violations);
  const size = pageSize(params, violations);
  const cursor = single(params, 'cursor', violations);
  const scope: CursorScope = {
    resource,
    start,
    end,
    pageSize: size,
    events: eventTypes(params, {resource, path, version}, violations),
  };

  if (start !== undefined && end !== undefined && end <= start) {
    violations.push('end must be greater than start');
  }

  if (violations.length > 0) {
    return {violations};
  }

  if (cursor === undefined || cursor === '') {
    return {scope, position: undefined};
  }

  const read = input.cursors.decode(cursor, scope);

  return 'violation' in read ? {violations: [read.violation]} : {scope, position: read.position};
}

export type {ListQuery};
export {DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseListQuery};

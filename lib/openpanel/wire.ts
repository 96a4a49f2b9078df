import type {PagingState} from './cursor.js';
import type {EventsQuery} from './export-options.js';
import {dayRange} from './offset-paging.js';
import type {OpenPanelChartQuery} from './types.js';

/**
 * How values travel in OpenPanel's query strings (wire protocol section 4). Since April 2026 the
 * server rewrites every value before validation: a numeric-looking string becomes a number, `true`
 * and `false` booleans, anything else that parses as JSON its parsed value. A string that would change
 * is sent JSON-quoted (`profileId=%2212345%22`), which parses back to the same string.
 *
 * @module
 */

const numberPattern = /^-?[0-9]+(\.[0-9]+)?$/;

/** The form of a string that the server reads back as that same string. */
export function wireString(value: string): string {
  return numberPattern.test(value) || parsesAsJson(value) ? JSON.stringify(value) : value;
}

/**
 * The URL of the events page at `state.offset`: both `start` and `end` always (the server ignores a
 * lone one and then pages inconsistently), as the whole UTC days that cover the window.
 */
export function eventsUrl(base: URL, query: EventsQuery, state: PagingState): URL {
  const url = endpoint(base, '/export/events');
  const params = url.searchParams;
  if (query.projectId !== undefined) params.set('projectId', wireString(query.projectId));
  if (query.profileId !== undefined) params.set('profileId', wireString(query.profileId));
  for (const name of query.events ?? []) params.append('event', wireString(name));
  const days = dayRange(state);
  params.set('start', days.start);
  params.set('end', days.end);
  params.set('page', String(Math.floor(state.offset / query.pageSize) + 1));
  params.set('limit', String(query.pageSize));
  for (const name of query.includes ?? []) params.append('includes', wireString(name));
  if (query.filters !== undefined) params.set('filters', JSON.stringify(query.filters));
  return url;
}

/** The URL of `GET /export/charts`: `series` and `breakdowns` as JSON, the rest as plain values. */
export function chartUrl(base: URL, query: OpenPanelChartQuery, projectId: string | undefined): URL {
  const url = endpoint(base, '/export/charts');
  const params = url.searchParams;
  if (projectId !== undefined) params.set('projectId', wireString(projectId));
  params.set('series', JSON.stringify(query.series));
  for (const name of ['interval', 'range', 'startDate', 'endDate'] as const) {
    const value = query[name];
    if (value !== undefined) params.set(name, wireString(value));
  }
  if (query.breakdowns !== undefined) params.set('breakdowns', JSON.stringify(query.breakdowns));
  if (query.previous !== undefined) params.set('previous', String(query.previous));
  return url;
}

/** Appends an endpoint's path; a base ending in `/export`, as OpenPanel's docs write it, is accepted too. */
function endpoint(base: URL, path: string): URL {
  const url = new URL(base);
  url.pathname = url.pathname.replace(/\/$/, '').replace(/\/export$/, '') + path;
  return url;
}

function parsesAsJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

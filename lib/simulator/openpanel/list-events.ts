import {encodeId} from '../core/random.js';
import type {EventsQuery} from './events-query.js';
import {passesAll} from './filters.js';
import type {Population} from './generate-event.js';
import {generateEvent, identityAt, nameAt, OpStream, profileOfId} from './generate-event.js';
import type {Selection} from './table.js';
import {EventTable} from './table.js';

const DAY = 86_400_000;

/** The lookback of page 1 without both `start` and `end`: half a day, doubled up to five years. */
const LOOKBACK = {firstDays: 0.5, maxDays: 5 * 365};

/** An export page: the envelope's `meta` and the rows to render. */
type ListResult = {
  meta: {count: number; totalCount: number; pages: number; current: number};
  rows: ReturnType<EventTable['list']>;
};

/** Thrown for what the real server answers with a 500 (an invalid date, a fractional LIMIT or OFFSET). */
class ServerFault extends Error {}

function predicate(
  population: Population,
  query: EventsQuery,
  projectId: string,
  mode: 'list' | 'count',
): Selection['match'] {
  const tests: Array<(index: number) => boolean> = [];
  if (query.events.length > 0) {
    const names = new Set(query.events);
    tests.push((index) => names.has(nameAt(population.seed, index)));
  }
  const {profileId} = query;
  if (profileId !== undefined) {
    const profile = profileOfId(population, profileId);
    // The list also finds the profile's anonymous events from its devices; the count does not.
    const device =
      mode === 'list' && profile !== undefined
        ? encodeId(population.seed, OpStream.device, profile)
        : undefined;
    tests.push((index) => {
      const identity = identityAt(population, index);
      return identity.profileId === profileId || (device !== undefined && identity.profileId === device);
    });
  }
  if (query.filters.length > 0) {
    tests.push((index) => passesAll(generateEvent(population, index, 0, projectId), query.filters));
  }
  return tests.length === 0 ? undefined : (index) => tests.every((test) => test(index));
}

function dayOf(text: string): number {
  const time = new Date(text).getTime();
  if (Number.isNaN(time)) {
    throw new ServerFault(`Invalid time value: ${text}`);
  }
  return Math.floor(time / DAY) * DAY;
}

/** One page of `GET /export/events` over `table`, as OpenPanel computes it (quirks included). */
function listEvents(
  table: EventTable,
  population: Population,
  query: EventsQuery,
  projectId: string,
  now: number,
): ListResult {
  const page = Math.max(query.page, 1);
  const take = Math.max(Math.min(query.limit, 1000), 1);
  if (!Number.isInteger(page) || !Number.isInteger(take)) {
    throw new ServerFault('LIMIT and OFFSET must be integers');
  }
  const both = Boolean(query.start) && Boolean(query.end);
  const from = both ? dayOf(query.start as string) : Number.NEGATIVE_INFINITY;
  const to = both ? Math.max(from, dayOf(query.end as string) + DAY) : Number.POSITIVE_INFINITY;
  const key = JSON.stringify([query.events, query.profileId, query.filters]);
  const count: Selection = {
    from,
    to,
    match: predicate(population, query, projectId, 'count'),
    key: `count${key}`,
  };
  const list: Selection =
    query.profileId === undefined
      ? count
      : {...count, match: predicate(population, query, projectId, 'list'), key: `list${key}`};
  let rows: ListResult['rows'] = [];
  if (page > 1 || both) {
    rows = table.list(list, (page - 1) * take, take);
  } else {
    // getEventList's page-1 lookback: only rows from the last half day, doubled while none is found.
    for (let days = LOOKBACK.firstDays; ; days *= 2) {
      rows = table.list({...list, from: now - days * DAY, key: `${list.key}@${days}`}, 0, take);
      if (rows.length > 0 || days >= LOOKBACK.maxDays) {
        break;
      }
    }
  }
  const totalCount = table.count(count);
  return {meta: {count: rows.length, totalCount, pages: Math.ceil(totalCount / take), current: page}, rows};
}

export type {ListResult};
export {EventTable, listEvents};

import {decodeId, Stream} from '../core/random.js';
import type {CursorCodec, CursorScope} from './cursor.js';
import type {DataSet} from './data-set.js';
import {eventTypeAt, generateEvent} from './generate-event.js';
import {generateSession} from './generate-session.js';
import {generateUser} from './generate-user.js';
import {lowerBound} from './timeline.js';

/** A listable collection whose items are made from their index, in non-decreasing time order. */
type Resource = {
  /** The name cursors are bound to. */
  name: 'events' | 'sessions' | 'users';
  /** How many items exist now. */
  count(): number;
  /** The time the window filters on: `timestamp`, `closeTime` or `lastModifiedTime`. */
  timeOf(index: number): number;
  /** The event type of item `index` (events only). */
  typeOf?(index: number): string;
  /** Generates item `index`. */
  item(index: number): unknown;
  /** The index of the item with this id, if it exists now. */
  indexOf(id: string): number | undefined;
};

/** The three resources of a data set. */
function createResources(data: DataSet): {events: Resource; sessions: Resource; users: Resource} {
  const {seed, timeline} = data;
  const lookup = (stream: number, count: () => number) => (id: string) => {
    const index = decodeId(seed, stream, id);

    return index !== undefined && index < count() ? index : undefined;
  };
  const eventCount = () => timeline.eventCount();
  const sessionCount = () => data.sessions;
  const userCount = () => data.users;

  return {
    events: {
      name: 'events',
      count: eventCount,
      timeOf: (index) => timeline.eventTime(index),
      typeOf: (index) => eventTypeAt(data, index),
      item: (index) => generateEvent(data, index),
      indexOf: lookup(Stream.event, eventCount),
    },
    sessions: {
      name: 'sessions',
      count: sessionCount,
      timeOf: (index) => timeline.sessionCloseTime(index),
      item: (index) => generateSession(data, index),
      indexOf: lookup(Stream.session, sessionCount),
    },
    users: {
      name: 'users',
      count: userCount,
      timeOf: (index) => timeline.userModifiedTime(index),
      item: (index) => generateUser(data, index),
      indexOf: lookup(Stream.user, userCount),
    },
  };
}

/**
 * One page of a resource: scans from the cursor's position (or the window's start) to the window's end,
 * keeping items whose type passes the filter, until the page is full. The next cursor points just after
 * the last scanned item, so the final, empty page's cursor later resumes with whatever was added.
 */
function listPage(
  resource: Resource,
  scope: CursorScope,
  position: number | undefined,
  cursors: CursorCodec,
): {items: unknown[]; nextCursor: string} {
  const count = resource.count();
  const timeOf = (index: number) => resource.timeOf(index);
  const low = scope.start === undefined ? 0 : lowerBound(0, count, scope.start, timeOf);
  const high = scope.end === undefined ? count : lowerBound(low, count, scope.end, timeOf);
  const types = scope.events === undefined ? undefined : new Set(scope.events);
  const items: unknown[] = [];
  let index = Math.max(low, position ?? 0);

  while (index < high && items.length < scope.pageSize) {
    if (types === undefined || types.has(resource.typeOf?.(index) as string)) {
      items.push(resource.item(index));
    }

    index += 1;
  }

  return {items, nextCursor: cursors.encode(scope, index)};
}

export type {Resource};
export {createResources, listPage};

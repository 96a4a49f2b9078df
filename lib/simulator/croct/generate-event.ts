import type {Event, EventType, WebContext} from '../../croct/types.js';
import {encodeId, hash, Random, Stream} from '../core/random.js';
import {CATALOG} from './catalog.js';
import type {DataSet} from './data-set.js';
import {eventTypesOf} from './event-types.js';
import {payloadFields} from './generate-payload.js';
import {generateSession} from './generate-session.js';
import {externalUserIdOf} from './generate-user.js';

/** Relative frequencies: page views and product views dominate, orders and merges are rare. */
const WEIGHTS: Record<EventType, number> = {
  pageOpened: 180,
  pageLoaded: 170,
  productViewed: 120,
  tabVisibilityChanged: 60,
  userScrolled: 60,
  userClicked: 60,
  nothingChanged: 40,
  tabOpened: 30,
  tabUrlChanged: 25,
  cartModified: 25,
  slotPersonalized: 25,
  cartViewed: 20,
  locationDetected: 15,
  clientDetected: 15,
  sessionStarted: 15,
  eventOccurred: 15,
  sessionClosed: 12,
  audienceMatched: 12,
  goalCompleted: 10,
  campaignDetected: 10,
  linkOpened: 10,
  postViewed: 10,
  checkoutStarted: 8,
  interestShown: 8,
  productOrdered: 6,
  userSignedIn: 6,
  orderPlaced: 5,
  sessionAttributesChanged: 5,
  userProfileChanged: 5,
  leadGenerated: 4,
  userSignedUp: 3,
  cartAbandoned: 3,
  productAbandoned: 3,
  userSignedOut: 2,
  sessionMerged: 2,
};

/** The types of one schema version with their cumulative weights, to draw a type from a ticket. */
type TypeTable = {types: readonly EventType[]; cumulative: readonly number[]; total: number};

function typeTable(types: readonly EventType[]): TypeTable {
  const cumulative = types.reduce<number[]>((sums, type) => {
    sums.push((sums.at(-1) ?? 0) + WEIGHTS[type]);

    return sums;
  }, []);

  return {types, cumulative, total: cumulative.at(-1) as number};
}

const TABLES = {v7: typeTable(eventTypesOf('0.7.1')), v8: typeTable(eventTypesOf('0.8.0'))};

/** Every fifth of the first events cycles through all types of the version, so small data sets show each. */
const SHOWCASE_STRIDE = 5;

/**
 * The type of event `index`, drawn without generating the event (cheap enough to filter by); only
 * types of the data set's schema version are drawn.
 */
function eventTypeAt(data: Pick<DataSet, 'seed' | 'v8'>, index: number): EventType {
  const {types, cumulative, total} = data.v8 ? TABLES.v8 : TABLES.v7;
  const showcase = index / SHOWCASE_STRIDE;

  if (Number.isInteger(showcase) && showcase < types.length) {
    return types[showcase] as EventType;
  }

  const ticket = hash(data.seed, Stream.eventType, index) % total;

  return types[cumulative.findIndex((sum) => ticket < sum)] as EventType;
}

/** The session of event `index`: appended events join an existing session picked by their index. */
function sessionOfEventAt(data: DataSet, index: number): number {
  if (data.timeline.isAppended(index)) {
    return hash(data.seed, Stream.liveSession, index) % data.sessions;
  }

  return data.timeline.sessionOfEvent(index);
}

/** Event `index`, in the spelling of the data set's schema version. */
function generateEvent(data: DataSet, index: number): Event {
  const random = new Random(hash(data.seed, Stream.event, index));
  const type = eventTypeAt(data, index);
  const timestamp = data.timeline.eventTime(index);
  const session = sessionOfEventAt(data, index);
  const user = data.timeline.userOfSession(session);
  const tabId = new Random(hash(data.seed, Stream.tab, session)).uuid();
  const draw = {random, time: timestamp, v8: data.v8};
  const fields = payloadFields(type, draw, {
    tabId,
    externalUserId: externalUserIdOf(data, user) ?? `customer-${user + 1}`,
    session: () => generateSession(data, session),
    previousSession: () => generateSession(data, Math.max(0, session - 1)),
  });
  const context: WebContext | null = random.chance(0.04)
    ? null
    : {
        type: 'web',
        tabId,
        url: CATALOG.origin + random.pick(CATALOG.pages).path,
        ...(random.chance(0.3) ? {metadata: {release: '2024.04'}} : {}),
      };
  const id = encodeId(data.seed, Stream.event, index);
  const sessionId = encodeId(data.seed, Stream.session, session);
  const userId = encodeId(data.seed, Stream.user, user);

  if (data.v8) {
    return {
      eventId: id,
      sessionId,
      userId,
      timestamp,
      systemTimestamp: timestamp + random.int(15, 900),
      context,
      payload: {type, ...fields},
    };
  }

  return {id, sessionId, userId, timestamp, context, payload: {'@type': type, ...fields}};
}

export {eventTypeAt, generateEvent};

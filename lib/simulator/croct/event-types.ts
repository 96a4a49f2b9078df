import type {EventType} from '../../croct/types.js';
import {KNOWN_EVENT_TYPES} from '../../croct/types.js';
import type {SchemaVersion} from './options.js';

/** The ten event types API 0.8.0 added; 0.7.1 neither sends nor accepts them. */
const ADDED_IN_0_8_0: ReadonlySet<EventType> = new Set([
  'sessionMerged',
  'sessionClosed',
  'sessionStarted',
  'postViewed',
  'userProfileChanged',
  'campaignDetected',
  'sessionAttributesChanged',
  'productOrdered',
  'interestShown',
  'linkOpened',
]);

const BY_VERSION: Readonly<Record<SchemaVersion, readonly EventType[]>> = {
  '0.7.1': KNOWN_EVENT_TYPES.filter((type) => !ADDED_IN_0_8_0.has(type)),
  '0.8.0': KNOWN_EVENT_TYPES,
};

/** The event types a schema version sends and accepts in the `events` filter (25 in 0.7.1, 35 in 0.8.0). */
function eventTypesOf(version: SchemaVersion): readonly EventType[] {
  return BY_VERSION[version];
}

export {eventTypesOf};

import type {EventType} from '../../croct/types.js';
import {EVENT_TYPES_0_7_1, KNOWN_EVENT_TYPES} from '../../croct/types.js';
import type {SchemaVersion} from './options.js';

const BY_VERSION: Readonly<Record<SchemaVersion, readonly EventType[]>> = {
  '0.7.1': EVENT_TYPES_0_7_1,
  '0.8.0': KNOWN_EVENT_TYPES,
};

/** The event types a schema version sends and accepts in the `events` filter (25 in 0.7.1, 35 in 0.8.0). */
function eventTypesOf(version: SchemaVersion): readonly EventType[] {
  return BY_VERSION[version];
}

export {eventTypesOf};

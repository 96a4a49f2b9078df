import t from 'tap';
import {eventIdOf, eventTypeOf, isKnownEventType, KNOWN_EVENT_TYPES} from '../lib/croct/types.js';

t.test('eventTypeOf reads both spellings of the discriminator', async (t) => {
  t.equal(eventTypeOf({payload: {'@type': 'pageOpened'}}), 'pageOpened');
  t.equal(eventTypeOf({payload: {type: 'orderPlaced'}}), 'orderPlaced');
  t.equal(eventTypeOf({payload: {type: 'somethingNew'}}), 'somethingNew', 'unknown types pass through');
  t.equal(eventTypeOf({payload: null}), undefined);
  t.equal(eventTypeOf({payload: {type: 3}}), undefined);
  t.equal(eventTypeOf({}), undefined);
});

t.test('eventIdOf reads id or eventId', async (t) => {
  t.equal(eventIdOf({id: 'a'}), 'a');
  t.equal(eventIdOf({eventId: 'b'}), 'b');
  t.equal(eventIdOf({}), undefined);
  t.equal(eventIdOf({id: 5}), undefined);
});

t.test('the 35 known event types', async (t) => {
  t.equal(KNOWN_EVENT_TYPES.length, 35);
  t.equal(new Set(KNOWN_EVENT_TYPES).size, 35);
  t.ok(isKnownEventType('linkOpened'));
  t.notOk(isKnownEventType('testGroupAssigned'));
});

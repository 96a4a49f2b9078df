import t from 'tap';
import type {EventExportOptions} from '../lib/croct/export-options.js';
import type {
  AtomicPatch,
  AtomicPatchOperationsInner,
  Cart,
  Event,
  EventContext,
  EventOccurred,
  Location,
  Order,
  OrderPlaced,
  OrderSummary,
  SlotPersonalizedPersonalizationSlotVersion,
  WebContext,
} from '../lib/croct/types.js';
import {
  AddOperationTypeEnum,
  BrowserType,
  ClearOperationTypeEnum,
  CombineOperationTypeEnum,
  DecrementOperationTypeEnum,
  DeviceCategory,
  EventType,
  eventIdOf,
  eventTypeOf,
  IncrementOperationTypeEnum,
  isKnownEventType,
  KNOWN_EVENT_TYPES,
  LocationContinent,
  LocationSource,
  MergeOperationTypeEnum,
  OrderStatus,
  RemoveOperationTypeEnum,
  SetOperationTypeEnum,
  TabVisibility,
  UnsetOperationTypeEnum,
} from '../lib/croct/types.js';
import type * as Package from '../lib/index.js';

/** True when `A` and `B` are the same type (checked by `npm run typecheck`). */
type Equal<A, B> = (<V>() => V extends A ? 1 : 2) extends <V>() => V extends B ? 1 : 2 ? true : false;

/** Compiles only when its argument is `true`. */
function assertType<T extends true>(): T | undefined {
  return undefined;
}

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

t.test('EventType has the official constant name of every known type, in the same order', async (t) => {
  t.same(Object.values(EventType), KNOWN_EVENT_TYPES);
  for (const [name, value] of Object.entries(EventType)) {
    t.equal(name, value.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase(), `${name} spells ${value}`);
  }
  t.equal(EventType.ORDER_PLACED, 'orderPlaced');
  t.equal(EventType.LINK_OPENED, 'linkOpened');
  assertType<Equal<EventType, (typeof EventType)[keyof typeof EventType]>>();
  assertType<Equal<EventType, (typeof KNOWN_EVENT_TYPES)[number]>>();
});

t.test('the official enums are exported from the package with their values', async (t) => {
  t.same(Object.values(BrowserType), ['WEB', 'IN_APP', 'CRAWLER', 'OTHER', 'UNKNOWN']);
  t.same(Object.values(DeviceCategory), ['DESKTOP', 'TABLET', 'MOBILE', 'BOT', 'OTHER', 'UNKNOWN']);
  t.same(Object.values(LocationContinent), ['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA']);
  t.same(Object.values(LocationSource), ['UNKNOWN', 'IP', 'INPUT', 'BROWSER', 'GPS']);
  t.same(Object.values(OrderStatus), ['PLACED', 'PAID', 'COMPLETED']);
  t.same(
    TabVisibility,
    {VISIBLE: 'VISIBLE', HIDDEN: 'HIDDEN', HIDDLE: 'HIDDEN'},
    'with the official misspelling',
  );
  t.same(
    [
      AddOperationTypeEnum.ADD,
      ClearOperationTypeEnum.CLEAR,
      CombineOperationTypeEnum.COMBINE,
      DecrementOperationTypeEnum.DECREMENT,
      IncrementOperationTypeEnum.INCREMENT,
      MergeOperationTypeEnum.MERGE,
      RemoveOperationTypeEnum.REMOVE,
      SetOperationTypeEnum.SET,
      UnsetOperationTypeEnum.UNSET,
    ],
    ['add', 'clear', 'combine', 'decrement', 'increment', 'merge', 'remove', 'set', 'unset'],
  );
  assertType<Equal<typeof Package.EventType, typeof EventType>>();
  assertType<Equal<typeof Package.TabVisibility, typeof TabVisibility>>();
  assertType<Equal<typeof Package.UnsetOperationTypeEnum, typeof UnsetOperationTypeEnum>>();
  assertType<Equal<TabVisibility, 'VISIBLE' | 'HIDDEN'>>();
  assertType<Equal<OrderStatus, 'PLACED' | 'PAID' | 'COMPLETED'>>();
});

t.test('code written against the official enums compiles unchanged', async (t) => {
  const options: EventExportOptions = {events: [EventType.ORDER_PLACED, EventType.CART_VIEWED]};
  const operation: AtomicPatchOperationsInner = {
    type: SetOperationTypeEnum.SET,
    path: 'custom.plan',
    value: 1,
  };
  const patch: AtomicPatch = {
    operations: [operation, {type: ClearOperationTypeEnum.CLEAR, path: 'interests'}],
  };
  const payload: OrderPlaced = {
    '@type': EventType.ORDER_PLACED,
    order: {...order(), status: OrderStatus.PAID},
  };
  t.same(options.events, ['orderPlaced', 'cartViewed']);
  t.equal(patch.operations.length, 2);
  t.equal(eventTypeOf({payload}), 'orderPlaced');
});

// The official client declares its models as interfaces, which (unlike type literals) have no implicit
// index signature: a value typed with one fits only a field typed loosely enough. These mirror the
// official shapes that did not fit before.

/** The official `EventContext`: a metadata value may be `undefined`. */
interface OfficialEventContext {
  type: string;
  metadata?: {[key: string]: string | undefined};
}

/** The official `WebContext`. */
interface OfficialWebContext extends OfficialEventContext {
  tabId: string;
  url: string;
}

/** The official money fields of `Cart`, `Order` and `OrderSummary`. */
interface OfficialAmounts {
  taxes: object | null;
  costs: object | null;
}

/** The official 0.7.1 `Location` (required `timezone`, string `population`). */
interface OfficialLocation {
  continent: LocationContinent | null;
  country: string | null;
  region: {name: string | null; code: string | null};
  city: string | null;
  district: string | null;
  timezone: string | null;
  coordinates: {latitude: number; longitude: number} | null;
  population?: string | null;
  source: LocationSource | null;
}

/** The official 0.8.0 slot version (numbers). */
interface OfficialSlotVersion {
  majorVersion?: number;
  minorVersion?: number;
}

function amounts(): OfficialAmounts {
  const taxes: object = {vat: 1.5};

  return {taxes, costs: null};
}

function order(): Order {
  return {
    orderId: 'o-1',
    currency: 'USD',
    items: [],
    subtotal: null,
    shippingPrice: null,
    ...amounts(),
    discount: null,
    total: 10,
    coupon: null,
    paymentMethod: null,
    installments: null,
    status: null,
  };
}

t.test("our types hold the official client's shapes", async (t) => {
  const official: OfficialWebContext = {
    type: 'web',
    tabId: 't',
    url: 'https://x',
    metadata: {a: 'b', c: undefined},
  };
  const context: EventContext = official;
  const web: WebContext = {...official, type: 'web'};
  const cart: Cart = {
    currency: 'USD',
    items: [],
    subtotal: null,
    shippingPrice: null,
    ...amounts(),
    discount: null,
    total: 0,
    coupon: null,
    lastUpdateTime: 0,
  };
  const summary: OrderSummary = {orderId: 'o-1', currency: 'USD', quantity: 1, total: null, ...amounts()};
  const details: object = {answer: 'yes'};
  const occurred: EventOccurred = {type: EventType.EVENT_OCCURRED, name: 'pollAnswered', details};
  const where: OfficialLocation = {
    continent: LocationContinent.SA,
    country: 'BR',
    region: {name: null, code: null},
    city: null,
    district: null,
    timezone: 'America/Sao_Paulo',
    coordinates: null,
    population: '12000000',
    source: LocationSource.IP,
  };
  const location: Location = where;
  const version: OfficialSlotVersion = {majorVersion: 2};
  const slotVersion: SlotPersonalizedPersonalizationSlotVersion = version;
  const event: Event = {
    id: 'e-1',
    sessionId: 's',
    userId: 'u',
    timestamp: 0,
    context: official,
    payload: {'@type': 'orderPlaced', order: order()},
  };

  t.same(context.metadata, {a: 'b', c: undefined});
  t.equal(web.tabId, 't');
  t.same([cart.taxes, cart.costs, summary.taxes], [{vat: 1.5}, null, {vat: 1.5}]);
  t.same(occurred.details, {answer: 'yes'});
  t.equal(location.timezone, 'America/Sao_Paulo');
  t.equal(slotVersion.majorVersion, 2);
  t.equal(eventTypeOf(event), 'orderPlaced');
});

/**
 * The data model of the Croct Export API (wire protocol section 4), tolerant of every spelling the API
 * has used: the payload discriminator is `'@type'` (0.3.0 to 0.7.1) or `type` (0.1.0, 0.2.0, 0.8.0), the
 * event id is `id` (0.6.0 to 0.7.1) or `eventId` (0.8.0), and fields whose type changed between versions
 * are unions of both forms.
 *
 * @module
 */

/** Every event type the API is known to emit (0.7.1 has the first 25, 0.8.0 adds the last 10). */
const KNOWN_EVENT_TYPES = [
  'userSignedUp',
  'userSignedIn',
  'userSignedOut',
  'tabOpened',
  'tabUrlChanged',
  'tabVisibilityChanged',
  'locationDetected',
  'clientDetected',
  'pageOpened',
  'pageLoaded',
  'productAbandoned',
  'productViewed',
  'cartAbandoned',
  'cartViewed',
  'cartModified',
  'checkoutStarted',
  'orderPlaced',
  'nothingChanged',
  'goalCompleted',
  'eventOccurred',
  'slotPersonalized',
  'leadGenerated',
  'audienceMatched',
  'userClicked',
  'userScrolled',
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
] as const;

/** One of the 35 known event types: the value of the `events` filter and of the payload discriminator. */
type EventType = (typeof KNOWN_EVENT_TYPES)[number];

/** A point on a surface, in pixels. */
type Point = {x: number; y: number};

/** A width and height, in pixels. */
type Size = {width: number; height: number};

/** A product as tracked by the storefront. */
type ProductDetails = {
  productId: string;
  sku: string | null;
  name: string;
  category: string | null;
  brand: string | null;
  variant: string | null;
  displayPrice: number;
  originalPrice: number | null;
  currency?: string | null;
  url: string | null;
  imageUrl: string | null;
};

/** A line of a cart. */
type CartItem = {
  index: number;
  product: ProductDetails;
  quantity: number;
  total: number;
  discount: number | null;
  coupon: string | null;
};

/** A line of an order (same shape as a cart line). */
type OrderItem = CartItem;

/** Free-form map of cost or tax name to amount. */
type AmountMap = Record<string, number>;

/** A shopping cart. */
type Cart = {
  currency: string;
  items: CartItem[];
  subtotal: number | null;
  shippingPrice: number | null;
  taxes: AmountMap | null;
  costs: AmountMap | null;
  discount: number | null;
  total: number;
  coupon: string | null;
  lastUpdateTime: number;
};

/** The status of an order. */
type OrderStatus = 'PLACED' | 'PAID' | 'COMPLETED';

/** A placed order. */
type Order = {
  orderId: string;
  currency: string;
  items: OrderItem[];
  subtotal: number | null;
  shippingPrice: number | null;
  taxes: AmountMap | null;
  costs: AmountMap | null;
  discount: number | null;
  total: number;
  coupon: string | null;
  paymentMethod: string | null;
  installments: number | null;
  status: OrderStatus | null;
};

/** An order without its lines (0.8.0, in `productOrdered`). */
type OrderSummary = {
  orderId: string;
  currency: string;
  quantity: number;
  subtotal?: number | null;
  shippingPrice?: number | null;
  taxes: AmountMap | null;
  costs: AmountMap | null;
  discount?: number | null;
  total: number | null;
  coupon?: string | null;
  paymentMethod?: string | null;
  installments?: number | null;
  status?: OrderStatus | null;
};

/** UTM-style campaign attribution. */
type Campaign = {
  name?: string | null;
  source?: string | null;
  medium?: string | null;
  content?: string | null;
  term?: string | null;
};

/** The browser part of a web client. */
type Browser = {
  name: string | null;
  version: string | null;
  type: 'WEB' | 'IN_APP' | 'CRAWLER' | 'OTHER' | 'UNKNOWN';
};

/** The device part of a web client. */
type Device = {
  name: string | null;
  vendor: string | null;
  category: 'DESKTOP' | 'TABLET' | 'MOBILE' | 'BOT' | 'OTHER' | 'UNKNOWN';
  operatingSystem: {name: string | null; version: string | null};
};

/** The browser and device a session was tracked from. */
type WebClient = {browser: Browser; device: Device};

/** A geographic location. `timezone` was renamed `timeZone` and `population` became a number in 0.8.0. */
type Location = {
  continent: 'AF' | 'AN' | 'AS' | 'EU' | 'NA' | 'OC' | 'SA' | null;
  /** ISO 3166 alpha-2 code. */
  country: string | null;
  region: {name: string | null; code: string | null};
  city: string | null;
  district: string | null;
  /** 0.7.1 and before. */
  timezone?: string | null;
  /** 0.8.0. */
  timeZone?: string | null;
  coordinates: {latitude: number; longitude: number} | null;
  currency?: {name?: string | null; code?: string | null} | null;
  phoneCode?: string | null;
  population?: string | number | null;
  postalCode?: string | null;
  languages?: string[];
  tags?: string[];
  source: 'UNKNOWN' | 'IP' | 'INPUT' | 'BROWSER' | 'GPS' | null;
};

/** One operation of an atomic patch. */
type AtomicOperation =
  | {
      type: 'add' | 'set' | 'combine' | 'merge' | 'increment' | 'decrement' | 'remove';
      path: string;
      value: unknown;
    }
  | {type: 'clear' | 'unset'; path: string};

/** A list of changes applied to a profile or to session attributes (0.8.0). */
type AtomicPatch = {operations: AtomicOperation[]};

/** An audience reference; `id` is required from 0.8.0 on. */
type Audience = {id?: string; name?: string | null; customId?: string | null};

/** A blog post (0.8.0, in `postViewed`). */
type Post = {
  postId: string;
  url?: string | null;
  title: string;
  tags?: string[] | null;
  categories?: string[] | null;
  authors?: (string | null)[];
  publishTime: number;
  updateTime?: number | null;
};

/** A personalization decision for a slot. Slot versions were strings until 0.7.1, numbers in 0.8.0. */
type Personalization = {
  audienceId: string;
  slotId: string;
  experienceId: string;
  contentId: string;
  slotVersion?: {majorVersion?: string | number; minorVersion?: string | number} | null;
  assignedVariant: {experimentId?: string; variantId?: string} | null;
  locale?: string | null;
};

/** Human-readable names for the ids of a personalization. */
type PersonalizationMetadata = {
  audienceName: string | null;
  audienceCustomId: string | null;
  slotName: string | null;
  slotCustomId: string | null;
  experienceName: string | null;
  experimentName: string | null;
  variantName: string | null;
};

/** A session: every field is optional in the spec (section 4.2). */
type Session = {
  sessionId?: string;
  userId?: string;
  /** The session that superseded this one, e.g. after identification. */
  parentId?: string | null;
  /** `null` for anonymous users. */
  externalUserId?: string | null;
  /** Milliseconds of the first and last event. */
  window?: {start?: number; end?: number};
  /** Milliseconds; the `/session` time window filters on this. */
  closeTime?: number;
  referrer?: string | null;
  landingPageUrl?: string | null;
  campaign?: Campaign;
  location?: Location;
  client?: WebClient;
  attributes?: Record<string, unknown>;
  statistics?: {pageViews?: number; tabViews?: number; orders?: number};
};

/** A postal address of a user. */
type Address = {
  street?: string | null;
  district?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
  postalCode?: string | null;
};

/** A user profile: every field is optional in the spec (section 4.3). */
type User = {
  userId?: string;
  /** `null` for anonymous users. */
  externalUserId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** Milliseconds since epoch. */
  birthDate?: number | null;
  gender?: string | null;
  email?: string | null;
  alternateEmail?: string | null;
  phone?: string | null;
  alternatePhone?: string | null;
  address?: Address;
  avatar?: string | null;
  company?: string | null;
  companyUrl?: string | null;
  jobTitle?: string | null;
  activities?: string[] | string | null;
  interests?: string[] | string | null;
  customAttributes?: Record<string, unknown>;
  /** Milliseconds; the `/user` time window filters on this. */
  lastModifiedTime?: number;
  statistics?: {orders?: number; sessions?: number};
};

/**
 * A payload of event type `T` with fields `F`, in either discriminator spelling.
 *
 * @example
 * type Mine = PayloadOf<'linkOpened', {link?: string}>;
 */
type PayloadOf<T extends string, F> = ({'@type': T; type?: never} | {type: T; '@type'?: never}) & F;

/** `userSignedUp`: an anonymous user signed up. */
type UserSignedUpPayload = PayloadOf<'userSignedUp', {externalUserId: string; patch?: AtomicPatch}>;
/** `userSignedIn`: a user identified themselves. */
type UserSignedInPayload = PayloadOf<'userSignedIn', {externalUserId: string}>;
/** `userSignedOut`: a user signed out. */
type UserSignedOutPayload = PayloadOf<'userSignedOut', {externalUserId: string}>;
/** `tabOpened`: a browser tab was opened. */
type TabOpenedPayload = PayloadOf<'tabOpened', {tabId: string}>;
/** `tabUrlChanged`: a tab navigated without a page load. */
type TabUrlChangedPayload = PayloadOf<'tabUrlChanged', {tabId: string; url: string}>;
/** `tabVisibilityChanged`: a tab was shown or hidden. */
type TabVisibilityChangedPayload = PayloadOf<
  'tabVisibilityChanged',
  {tabId: string; visibility: 'VISIBLE' | 'HIDDEN'}
>;
/** `locationDetected`: the user's location was resolved. */
type LocationDetectedPayload = PayloadOf<'locationDetected', {location: Location}>;
/** `clientDetected`: the user's browser and device were resolved. */
type ClientDetectedPayload = PayloadOf<'clientDetected', {client: WebClient}>;
/** `pageOpened`: a page was requested. */
type PageOpenedPayload = PayloadOf<
  'pageOpened',
  {url: string; userAgent: string | null; preferredLanguages: string | null; referrer: string | null}
>;
/** `pageLoaded`: a page finished loading. */
type PageLoadedPayload = PayloadOf<'pageLoaded', {url: string; title: string; lastModifiedTime: number}>;
/** `productViewed`: a product page was viewed. */
type ProductViewedPayload = PayloadOf<'productViewed', {product: ProductDetails}>;
/** `productAbandoned`: a product was left in a cart. */
type ProductAbandonedPayload = PayloadOf<'productAbandoned', {cartItem: CartItem; cart: Cart}>;
/** `cartViewed`: the cart was viewed. */
type CartViewedPayload = PayloadOf<'cartViewed', {cart: Cart}>;
/** `cartModified`: the cart changed. */
type CartModifiedPayload = PayloadOf<'cartModified', {cart: Cart}>;
/** `cartAbandoned`: the cart was abandoned. */
type CartAbandonedPayload = PayloadOf<'cartAbandoned', {cart: Cart}>;
/** `checkoutStarted`: the checkout began. */
type CheckoutStartedPayload = PayloadOf<'checkoutStarted', {cart: Cart; orderId: string | null}>;
/** `orderPlaced`: an order was placed. */
type OrderPlacedPayload = PayloadOf<'orderPlaced', {order: Order}>;
/** `nothingChanged`: a heartbeat; `sinceTime` is the last observed activity in milliseconds. */
type NothingChangedPayload = PayloadOf<'nothingChanged', {sinceTime: number}>;
/** `goalCompleted`: a goal was reached; `value` is a string until 0.7.1, a number in 0.8.0. */
type GoalCompletedPayload = PayloadOf<
  'goalCompleted',
  {goalId: string; value: string | number | null; currency: string | null}
>;
/** `eventOccurred`: a custom event with up to 10 primitive details. */
type EventOccurredPayload = PayloadOf<
  'eventOccurred',
  {name: string; details: Record<string, string | number | boolean | null>}
>;
/** `slotPersonalized`: content was chosen for a slot. */
type SlotPersonalizedPayload = PayloadOf<
  'slotPersonalized',
  {personalization: Personalization; metadata: PersonalizationMetadata}
>;
/** `leadGenerated`: a lead was captured; `value` is a string until 0.7.1, a number in 0.8.0. */
type LeadGeneratedPayload = PayloadOf<
  'leadGenerated',
  {leadId?: string; currency?: string; value?: string | number; patch?: AtomicPatch}
>;
/** `audienceMatched`: the user matched audiences (`audienceIds` until 0.7.1, `audiences` in 0.8.0). */
type AudienceMatchedPayload = PayloadOf<
  'audienceMatched',
  {audienceIds?: Audience[]; audiences?: Audience[]}
>;
/** `userClicked`: a click on the page. */
type UserClickedPayload = PayloadOf<'userClicked', {point: Point; surfaceSize?: Size}>;
/** `userScrolled`: a scroll on the page. */
type UserScrolledPayload = PayloadOf<
  'userScrolled',
  {start?: Point; end: Point; surfaceSize?: Size; viewportSize?: Size}
>;
/** `sessionMerged` (0.8.0): sessions were merged, `mergedSessions` from oldest to newest. */
type SessionMergedPayload = PayloadOf<'sessionMerged', {session: Session; mergedSessions: Session[]}>;
/** `sessionClosed` (0.8.0): a session was closed. */
type SessionClosedPayload = PayloadOf<'sessionClosed', {session: Session}>;
/** `sessionStarted` (0.8.0): a session began. */
type SessionStartedPayload = PayloadOf<'sessionStarted', {session: Session}>;
/** `postViewed` (0.8.0): a blog post was viewed. */
type PostViewedPayload = PayloadOf<'postViewed', {post: Post}>;
/** `userProfileChanged` (0.8.0): the profile was patched. */
type UserProfileChangedPayload = PayloadOf<'userProfileChanged', {patch: AtomicPatch}>;
/** `campaignDetected` (0.8.0): campaign parameters were found. */
type CampaignDetectedPayload = PayloadOf<'campaignDetected', {campaign: Campaign}>;
/** `sessionAttributesChanged` (0.8.0): the session attributes were patched. */
type SessionAttributesChangedPayload = PayloadOf<'sessionAttributesChanged', {patch: AtomicPatch}>;
/** `productOrdered` (0.8.0): one line of an order. */
type ProductOrderedPayload = PayloadOf<'productOrdered', {order: OrderSummary; item: OrderItem}>;
/** `interestShown` (0.8.0): the user showed interests. */
type InterestShownPayload = PayloadOf<'interestShown', {interests: string[]}>;
/** `linkOpened` (0.8.0): a link was followed. */
type LinkOpenedPayload = PayloadOf<'linkOpened', {link?: string}>;

/** The payload of every known event type. */
type KnownEventPayload =
  | UserSignedUpPayload
  | UserSignedInPayload
  | UserSignedOutPayload
  | TabOpenedPayload
  | TabUrlChangedPayload
  | TabVisibilityChangedPayload
  | LocationDetectedPayload
  | ClientDetectedPayload
  | PageOpenedPayload
  | PageLoadedPayload
  | ProductViewedPayload
  | ProductAbandonedPayload
  | CartViewedPayload
  | CartModifiedPayload
  | CartAbandonedPayload
  | CheckoutStartedPayload
  | OrderPlacedPayload
  | NothingChangedPayload
  | GoalCompletedPayload
  | EventOccurredPayload
  | SlotPersonalizedPayload
  | LeadGeneratedPayload
  | AudienceMatchedPayload
  | UserClickedPayload
  | UserScrolledPayload
  | SessionMergedPayload
  | SessionClosedPayload
  | SessionStartedPayload
  | PostViewedPayload
  | UserProfileChangedPayload
  | CampaignDetectedPayload
  | SessionAttributesChangedPayload
  | ProductOrderedPayload
  | InterestShownPayload
  | LinkOpenedPayload;

/** The payload of an event type this version does not know; its fields pass through verbatim. */
type UnknownPayload = {'@type'?: string; type?: string; [field: string]: unknown};

/** Any event payload, known or not. */
type EventPayload = KnownEventPayload | UnknownPayload;

/** Where an event was tracked. `'web'` is the only type the API maps (see {@link WebContext}). */
type EventContext = {type: string; metadata?: Record<string, string>};

/** The context of an event tracked in a browser tab. */
type WebContext = EventContext & {type: 'web'; tabId: string; url: string};

/**
 * One tracked event. `id` (0.6.0 to 0.7.1) and `eventId` (0.8.0) are the same value under the two names
 * the API has used; read it with {@link eventIdOf}.
 */
type Event<P extends EventPayload = EventPayload> = {
  /** The event id (0.6.0 to 0.7.1). */
  id?: string;
  /** The event id (0.8.0). */
  eventId?: string;
  /** Ingestion time in milliseconds (0.8.0). */
  systemTimestamp?: number;
  sessionId: string;
  /** The internal user id (not the external one). */
  userId: string;
  /** When the event was tracked, in milliseconds; the `/events` time window filters on this. */
  timestamp: number;
  context: WebContext | EventContext | null;
  payload: P;
};

/** The organization, workspace and application an events response belongs to. */
type EventResponseMetadata = {
  organizationName: string;
  organizationSlug: string;
  workspaceName: string;
  workspaceSlug: string;
  applicationName: string;
  applicationSlug: string;
};

/** The body of `GET /events`. */
type EventResponse = {items: Event[]; metadata: EventResponseMetadata; nextCursor: string};

/** The body of `GET /session`. */
type SessionResponse = {items: Session[]; nextCursor: string};

/** The body of `GET /user`. */
type UserResponse = {items: User[]; nextCursor: string};

/** The body of `GET /events/{id}`. */
type SingleEventResponse = {metadata: EventResponseMetadata; event: Event};

/**
 * An RFC 9457 problem-details body. The spec spells the explanation `details`, the docs `detail`; 400
 * responses add `violations`.
 */
type ProblemDetails = {
  type: string;
  title: string;
  status?: number;
  detail?: string;
  details?: string;
  instance?: string;
  violations?: string[];
  [extension: string]: unknown;
};

/**
 * Reads the event type whatever the spelling of the discriminator.
 *
 * @example
 * eventTypeOf({payload: {'@type': 'pageOpened'}}); // 'pageOpened'
 * eventTypeOf({payload: {type: 'pageOpened'}}); // 'pageOpened'
 */
function eventTypeOf(event: {payload?: unknown}): string | undefined {
  const payload = event.payload as {'@type'?: unknown; type?: unknown} | null | undefined;
  const value = payload?.['@type'] ?? payload?.type;

  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the event id whatever its name (`id` until 0.7.1, `eventId` in 0.8.0).
 *
 * @example
 * eventIdOf({eventId: '6f1c2a7e-3b1d-4c55-9a0e-2d8b7c4e9f10'}); // '6f1c2a7e-…'
 */
function eventIdOf(event: {id?: unknown; eventId?: unknown}): string | undefined {
  const value = event.id ?? event.eventId;

  return typeof value === 'string' ? value : undefined;
}

/**
 * Tells whether a string is one of the {@link KNOWN_EVENT_TYPES}.
 *
 * @example
 * isKnownEventType('orderPlaced'); // true
 */
function isKnownEventType(value: string): value is EventType {
  return (KNOWN_EVENT_TYPES as readonly string[]).includes(value);
}

export type {
  Address,
  AmountMap,
  AtomicOperation,
  AtomicPatch,
  Audience,
  AudienceMatchedPayload,
  Browser,
  Campaign,
  CampaignDetectedPayload,
  Cart,
  CartAbandonedPayload,
  CartItem,
  CartModifiedPayload,
  CartViewedPayload,
  CheckoutStartedPayload,
  ClientDetectedPayload,
  Device,
  Event,
  EventContext,
  EventOccurredPayload,
  EventPayload,
  EventResponse,
  EventResponseMetadata,
  EventType,
  GoalCompletedPayload,
  InterestShownPayload,
  KnownEventPayload,
  LeadGeneratedPayload,
  LinkOpenedPayload,
  Location,
  LocationDetectedPayload,
  NothingChangedPayload,
  Order,
  OrderItem,
  OrderPlacedPayload,
  OrderStatus,
  OrderSummary,
  PageLoadedPayload,
  PageOpenedPayload,
  PayloadOf,
  Personalization,
  PersonalizationMetadata,
  Point,
  Post,
  PostViewedPayload,
  ProblemDetails,
  ProductAbandonedPayload,
  ProductDetails,
  ProductOrderedPayload,
  ProductViewedPayload,
  Session,
  SessionAttributesChangedPayload,
  SessionClosedPayload,
  SessionMergedPayload,
  SessionResponse,
  SessionStartedPayload,
  SingleEventResponse,
  Size,
  SlotPersonalizedPayload,
  TabOpenedPayload,
  TabUrlChangedPayload,
  TabVisibilityChangedPayload,
  UnknownPayload,
  User,
  UserClickedPayload,
  UserProfileChangedPayload,
  UserResponse,
  UserScrolledPayload,
  UserSignedInPayload,
  UserSignedOutPayload,
  UserSignedUpPayload,
  WebClient,
  WebContext,
};
export {eventIdOf, eventTypeOf, isKnownEventType, KNOWN_EVENT_TYPES};

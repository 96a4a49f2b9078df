/**
 * The data model of the Croct Export API (wire protocol section 4), tolerant of every spelling the API
 * has used: the payload discriminator is `'@type'` (0.3.0 to 0.7.1) or `type` (0.1.0, 0.2.0, 0.8.0), the
 * event id is `id` (0.6.0 to 0.7.1) or `eventId` (0.8.0), and fields whose type changed between versions
 * are unions of both forms.
 *
 * @module
 */

/** The 25 event types of API 0.7.1. */
const EVENT_TYPES_0_7_1 = [
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
] as const;

/** The ten event types API 0.8.0 added; 0.7.1 neither sends nor accepts them. */
const EVENT_TYPES_ADDED_IN_0_8_0 = [
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

/** Every event type the API is known to emit: 0.7.1's 25, then the 10 that 0.8.0 added. */
const KNOWN_EVENT_TYPES = [...EVENT_TYPES_0_7_1, ...EVENT_TYPES_ADDED_IN_0_8_0] as const;

/** One of the 35 known event types: the value of the `events` filter and of the payload discriminator. */
type EventType = (typeof KNOWN_EVENT_TYPES)[number];

/**
 * The known event types by the constant names of the official `@croct/export` client, so code written for it
 * compiles unchanged.
 *
 * @example
 * api.exportEvents({events: [EventType.ORDER_PLACED, EventType.CART_VIEWED]});
 */
const EventType = {
  USER_SIGNED_UP: 'userSignedUp',
  USER_SIGNED_IN: 'userSignedIn',
  USER_SIGNED_OUT: 'userSignedOut',
  TAB_OPENED: 'tabOpened',
  TAB_URL_CHANGED: 'tabUrlChanged',
  TAB_VISIBILITY_CHANGED: 'tabVisibilityChanged',
  LOCATION_DETECTED: 'locationDetected',
  CLIENT_DETECTED: 'clientDetected',
  PAGE_OPENED: 'pageOpened',
  PAGE_LOADED: 'pageLoaded',
  PRODUCT_ABANDONED: 'productAbandoned',
  PRODUCT_VIEWED: 'productViewed',
  CART_ABANDONED: 'cartAbandoned',
  CART_VIEWED: 'cartViewed',
  CART_MODIFIED: 'cartModified',
  CHECKOUT_STARTED: 'checkoutStarted',
  ORDER_PLACED: 'orderPlaced',
  NOTHING_CHANGED: 'nothingChanged',
  GOAL_COMPLETED: 'goalCompleted',
  EVENT_OCCURRED: 'eventOccurred',
  SLOT_PERSONALIZED: 'slotPersonalized',
  LEAD_GENERATED: 'leadGenerated',
  AUDIENCE_MATCHED: 'audienceMatched',
  USER_CLICKED: 'userClicked',
  USER_SCROLLED: 'userScrolled',
  SESSION_MERGED: 'sessionMerged',
  SESSION_CLOSED: 'sessionClosed',
  SESSION_STARTED: 'sessionStarted',
  POST_VIEWED: 'postViewed',
  USER_PROFILE_CHANGED: 'userProfileChanged',
  CAMPAIGN_DETECTED: 'campaignDetected',
  SESSION_ATTRIBUTES_CHANGED: 'sessionAttributesChanged',
  PRODUCT_ORDERED: 'productOrdered',
  INTEREST_SHOWN: 'interestShown',
  LINK_OPENED: 'linkOpened',
} as const satisfies Record<string, EventType>;

/** The kind of browser (the official client's `BrowserType`). */
const BrowserType = {
  WEB: 'WEB',
  IN_APP: 'IN_APP',
  CRAWLER: 'CRAWLER',
  OTHER: 'OTHER',
  UNKNOWN: 'UNKNOWN',
} as const;
/** One of the {@link BrowserType} values. */
type BrowserType = (typeof BrowserType)[keyof typeof BrowserType];

/** The kind of device (the official client's `DeviceCategory`). */
const DeviceCategory = {
  DESKTOP: 'DESKTOP',
  TABLET: 'TABLET',
  MOBILE: 'MOBILE',
  BOT: 'BOT',
  OTHER: 'OTHER',
  UNKNOWN: 'UNKNOWN',
} as const;
/** One of the {@link DeviceCategory} values. */
type DeviceCategory = (typeof DeviceCategory)[keyof typeof DeviceCategory];

/** The continent codes of a location (the official client's `LocationContinent`). */
const LocationContinent = {AF: 'AF', AN: 'AN', AS: 'AS', EU: 'EU', NA: 'NA', OC: 'OC', SA: 'SA'} as const;
/** One of the {@link LocationContinent} values. */
type LocationContinent = (typeof LocationContinent)[keyof typeof LocationContinent];

/** How a location was determined (the official client's `LocationSource`). */
const LocationSource = {
  UNKNOWN: 'UNKNOWN',
  IP: 'IP',
  INPUT: 'INPUT',
  BROWSER: 'BROWSER',
  GPS: 'GPS',
} as const;
/** One of the {@link LocationSource} values. */
type LocationSource = (typeof LocationSource)[keyof typeof LocationSource];

/** The status of an order (the official client's `OrderStatus`). */
const OrderStatus = {PLACED: 'PLACED', PAID: 'PAID', COMPLETED: 'COMPLETED'} as const;
/** One of the {@link OrderStatus} values. */
type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/**
 * The visibility of a tab (the official client's `TabVisibility`). The official client spells the hidden
 * constant `HIDDLE`; both spellings are here, with the same value.
 */
const TabVisibility = {
  VISIBLE: 'VISIBLE',
  HIDDEN: 'HIDDEN',
  /** @deprecated The official client's misspelling of {@link TabVisibility.HIDDEN}, kept so its code compiles. */
  HIDDLE: 'HIDDEN',
} as const;
/** One of the {@link TabVisibility} values. */
type TabVisibility = (typeof TabVisibility)[keyof typeof TabVisibility];

/** The operation types of an atomic patch (0.8.0), one constant per official `…OperationTypeEnum`. */
const AddOperationTypeEnum = {ADD: 'add'} as const;
/** See {@link AddOperationTypeEnum}. */
const ClearOperationTypeEnum = {CLEAR: 'clear'} as const;
/** See {@link AddOperationTypeEnum}. */
const CombineOperationTypeEnum = {COMBINE: 'combine'} as const;
/** See {@link AddOperationTypeEnum}. */
const DecrementOperationTypeEnum = {DECREMENT: 'decrement'} as const;
/** See {@link AddOperationTypeEnum}. */
const IncrementOperationTypeEnum = {INCREMENT: 'increment'} as const;
/** See {@link AddOperationTypeEnum}. */
const MergeOperationTypeEnum = {MERGE: 'merge'} as const;
/** See {@link AddOperationTypeEnum}. */
const RemoveOperationTypeEnum = {REMOVE: 'remove'} as const;
/** See {@link AddOperationTypeEnum}. */
const SetOperationTypeEnum = {SET: 'set'} as const;
/** See {@link AddOperationTypeEnum}. */
const UnsetOperationTypeEnum = {UNSET: 'unset'} as const;

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

/** Free-form map of cost or tax name to amount: what `taxes` and `costs` usually hold. */
type AmountMap = Record<string, number>;

/** A shopping cart. */
type Cart = {
  currency: string;
  items: CartItem[];
  subtotal: number | null;
  shippingPrice: number | null;
  /** Usually an {@link AmountMap}; typed `object` like the official client, which does not constrain it. */
  taxes: object | null;
  /** Usually an {@link AmountMap}; typed `object` like the official client, which does not constrain it. */
  costs: object | null;
  discount: number | null;
  total: number;
  coupon: string | null;
  lastUpdateTime: number;
};

/** A placed order. */
type Order = {
  orderId: string;
  currency: string;
  items: OrderItem[];
  subtotal: number | null;
  shippingPrice: number | null;
  /** Usually an {@link AmountMap}; typed `object` like the official client, which does not constrain it. */
  taxes: object | null;
  /** Usually an {@link AmountMap}; typed `object` like the official client, which does not constrain it. */
  costs: object | null;
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
  /** Usually an {@link AmountMap}; typed `object` like the official client, which does not constrain it. */
  taxes: object | null;
  /** Usually an {@link AmountMap}; typed `object` like the official client, which does not constrain it. */
  costs: object | null;
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
  type: BrowserType;
};

/** The operating system of a device. */
type OperatingSystem = {name: string | null; version: string | null};

/** The device part of a web client. */
type Device = {
  name: string | null;
  vendor: string | null;
  category: DeviceCategory;
  operatingSystem: OperatingSystem;
};

/** The browser and device a session was tracked from. */
type WebClient = {browser: Browser; device: Device};

/** A latitude and longitude. */
type GeoPoint = {latitude: number; longitude: number};

/** A subdivision of a country (state, province). */
type Region = {name: string | null; code: string | null};

/** The official currency of a location. */
type Currency = {name?: string | null; code?: string | null};

/** A geographic location. `timezone` was renamed `timeZone` and `population` became a number in 0.8.0. */
type Location = {
  continent: LocationContinent | null;
  /** ISO 3166 alpha-2 code. */
  country: string | null;
  region: Region;
  city: string | null;
  district: string | null;
  /** 0.7.1 and before. */
  timezone?: string | null;
  /** 0.8.0. */
  timeZone?: string | null;
  coordinates: GeoPoint | null;
  currency?: Currency | null;
  phoneCode?: string | null;
  population?: string | number | null;
  postalCode?: string | null;
  languages?: string[];
  tags?: string[];
  source: LocationSource | null;
};

/** An operation of an atomic patch that carries a value (any JSON value). */
type ValueOperation<T extends string> = {type: T; path: string; value: unknown};
/** Adds a value into an array, map or property. */
type AddOperation = ValueOperation<'add'>;
/** Sets a value. */
type SetOperation = ValueOperation<'set'>;
/** Combines arrays or maps. */
type CombineOperation = ValueOperation<'combine'>;
/** Merges arrays or maps. */
type MergeOperation = ValueOperation<'merge'>;
/** Increments a number. */
type IncrementOperation = ValueOperation<'increment'>;
/** Decrements a number. */
type DecrementOperation = ValueOperation<'decrement'>;
/** Removes a value from an array. */
type RemoveOperation = ValueOperation<'remove'>;
/** Clears an array, map or property. */
type ClearOperation = {type: 'clear'; path: string};
/** Unsets a value. */
type UnsetOperation = {type: 'unset'; path: string};

/** One operation of an atomic patch. */
type AtomicOperation =
  | AddOperation
  | SetOperation
  | CombineOperation
  | MergeOperation
  | IncrementOperation
  | DecrementOperation
  | RemoveOperation
  | ClearOperation
  | UnsetOperation;

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

/** The version of a slot: strings until 0.7.1, numbers in 0.8.0. */
type SlotVersion = {majorVersion?: string | number; minorVersion?: string | number};

/** The experiment variant a personalization assigned. */
type AssignedVariant = {experimentId?: string; variantId?: string};

/** A personalization decision for a slot. Slot versions were strings until 0.7.1, numbers in 0.8.0. */
type Personalization = {
  audienceId: string;
  slotId: string;
  experienceId: string;
  contentId: string;
  slotVersion?: SlotVersion | null;
  assignedVariant: AssignedVariant | null;
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

/** The first and last event of a session, in milliseconds. */
type SessionWindow = {start?: number; end?: number};

/** The aggregated statistics of a session. */
type SessionStatistics = {pageViews?: number; tabViews?: number; orders?: number};

/** A session: every field is optional in the spec (section 4.2). */
type Session = {
  sessionId?: string;
  userId?: string;
  /** The session that superseded this one, e.g. after identification. */
  parentId?: string | null;
  /** `null` for anonymous users. */
  externalUserId?: string | null;
  /** Milliseconds of the first and last event. */
  window?: SessionWindow;
  /** Milliseconds; the `/session` time window filters on this. */
  closeTime?: number;
  referrer?: string | null;
  landingPageUrl?: string | null;
  campaign?: Campaign;
  location?: Location;
  client?: WebClient;
  attributes?: Record<string, unknown>;
  statistics?: SessionStatistics;
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

/** The aggregated statistics of a user across the workspace. */
type UserStatistics = {orders?: number; sessions?: number};

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
  statistics?: UserStatistics;
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
  {tabId: string; visibility: TabVisibility}
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
/**
 * `eventOccurred`: a custom event. `details` usually maps up to 10 names to primitive values; it is typed
 * `object` like the official client, which does not constrain it.
 */
type EventOccurredPayload = PayloadOf<'eventOccurred', {name: string; details: object}>;
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

/**
 * Where an event was tracked. `'web'` is the only type the API maps (see {@link WebContext}). A `metadata`
 * value may be `undefined`, as in the official client.
 */
type EventContext = {type: string; metadata?: Record<string, string | undefined>};

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

// The official `@croct/export` client's names for the same shapes, so code written for it compiles unchanged.

/** The official client's name for {@link ProblemDetails}. */
type ApiProblem = ProblemDetails;
/** The official client's name for {@link Post}. */
type PostDetails = Post;
/** The official client's name for {@link Address}. */
type UserAddress = Address;
/** The official client's name for {@link PersonalizationMetadata}. */
type SlotPersonalizedMetadata = PersonalizationMetadata;
/** The official client's name for {@link Personalization}. */
type SlotPersonalizedPersonalization = Personalization;
/** The official client's name for {@link SlotVersion}. */
type SlotPersonalizedPersonalizationSlotVersion = SlotVersion;
/** The official client's name for {@link AssignedVariant}. */
type SlotPersonalizedPersonalizationAssignedVariant = AssignedVariant;
/** The official client's name for {@link AtomicOperation}. */
type AtomicPatchOperationsInner = AtomicOperation;
/** The official client's name for {@link UserSignedUpPayload}. */
type UserSignedUp = UserSignedUpPayload;
/** The official client's name for {@link UserSignedInPayload}. */
type UserSignedIn = UserSignedInPayload;
/** The official client's name for {@link UserSignedOutPayload}. */
type UserSignedOut = UserSignedOutPayload;
/** The official client's name for {@link TabOpenedPayload}. */
type TabOpened = TabOpenedPayload;
/** The official client's name for {@link TabUrlChangedPayload}. */
type TabUrlChanged = TabUrlChangedPayload;
/** The official client's name for {@link TabVisibilityChangedPayload}. */
type TabVisibilityChanged = TabVisibilityChangedPayload;
/** The official client's name for {@link LocationDetectedPayload}. */
type LocationDetected = LocationDetectedPayload;
/** The official client's name for {@link ClientDetectedPayload}. */
type ClientDetected = ClientDetectedPayload;
/** The official client's name for {@link PageOpenedPayload}. */
type PageOpened = PageOpenedPayload;
/** The official client's name for {@link PageLoadedPayload}. */
type PageLoaded = PageLoadedPayload;
/** The official client's name for {@link ProductViewedPayload}. */
type ProductViewed = ProductViewedPayload;
/** The official client's name for {@link ProductAbandonedPayload}. */
type ProductAbandoned = ProductAbandonedPayload;
/** The official client's name for {@link CartViewedPayload}. */
type CartViewed = CartViewedPayload;
/** The official client's name for {@link CartModifiedPayload}. */
type CartModified = CartModifiedPayload;
/** The official client's name for {@link CartAbandonedPayload}. */
type CartAbandoned = CartAbandonedPayload;
/** The official client's name for {@link CheckoutStartedPayload}. */
type CheckoutStarted = CheckoutStartedPayload;
/** The official client's name for {@link OrderPlacedPayload}. */
type OrderPlaced = OrderPlacedPayload;
/** The official client's name for {@link NothingChangedPayload}. */
type NothingChanged = NothingChangedPayload;
/** The official client's name for {@link GoalCompletedPayload}. */
type GoalCompleted = GoalCompletedPayload;
/** The official client's name for {@link EventOccurredPayload}. */
type EventOccurred = EventOccurredPayload;
/** The official client's name for {@link SlotPersonalizedPayload}. */
type SlotPersonalized = SlotPersonalizedPayload;
/** The official client's name for {@link LeadGeneratedPayload}. */
type LeadGenerated = LeadGeneratedPayload;
/** The official client's name for {@link AudienceMatchedPayload}. */
type AudienceMatched = AudienceMatchedPayload;
/** The official client's name for {@link UserClickedPayload}. */
type UserClicked = UserClickedPayload;
/** The official client's name for {@link UserScrolledPayload}. */
type UserScrolled = UserScrolledPayload;
/** The official client's name for {@link SessionMergedPayload}. */
type SessionMerged = SessionMergedPayload;
/** The official client's name for {@link SessionClosedPayload}. */
type SessionClosed = SessionClosedPayload;
/** The official client's name for {@link SessionStartedPayload}. */
type SessionStarted = SessionStartedPayload;
/** The official client's name for {@link PostViewedPayload}. */
type PostViewed = PostViewedPayload;
/** The official client's name for {@link UserProfileChangedPayload}. */
type UserProfileChanged = UserProfileChangedPayload;
/** The official client's name for {@link CampaignDetectedPayload}. */
type CampaignDetected = CampaignDetectedPayload;
/** The official client's name for {@link SessionAttributesChangedPayload}. */
type SessionAttributesChanged = SessionAttributesChangedPayload;
/** The official client's name for {@link ProductOrderedPayload}. */
type ProductOrdered = ProductOrderedPayload;
/** The official client's name for {@link InterestShownPayload}. */
type InterestShown = InterestShownPayload;
/** The official client's name for {@link LinkOpenedPayload}. */
type LinkOpened = LinkOpenedPayload;

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
  AddOperation,
  Address,
  AmountMap,
  ApiProblem,
  AssignedVariant,
  AtomicOperation,
  AtomicPatch,
  AtomicPatchOperationsInner,
  Audience,
  AudienceMatched,
  AudienceMatchedPayload,
  Browser,
  Campaign,
  CampaignDetected,
  CampaignDetectedPayload,
  Cart,
  CartAbandoned,
  CartAbandonedPayload,
  CartItem,
  CartModified,
  CartModifiedPayload,
  CartViewed,
  CartViewedPayload,
  CheckoutStarted,
  CheckoutStartedPayload,
  ClearOperation,
  ClientDetected,
  ClientDetectedPayload,
  CombineOperation,
  Currency,
  DecrementOperation,
  Device,
  Event,
  EventContext,
  EventOccurred,
  EventOccurredPayload,
  EventPayload,
  EventResponse,
  EventResponseMetadata,
  GeoPoint,
  GoalCompleted,
  GoalCompletedPayload,
  IncrementOperation,
  InterestShown,
  InterestShownPayload,
  KnownEventPayload,
  LeadGenerated,
  LeadGeneratedPayload,
  LinkOpened,
  LinkOpenedPayload,
  Location,
  LocationDetected,
  LocationDetectedPayload,
  MergeOperation,
  NothingChanged,
  NothingChangedPayload,
  OperatingSystem,
  Order,
  OrderItem,
  OrderPlaced,
  OrderPlacedPayload,
  OrderSummary,
  PageLoaded,
  PageLoadedPayload,
  PageOpened,
  PageOpenedPayload,
  PayloadOf,
  Personalization,
  PersonalizationMetadata,
  Point,
  Post,
  PostDetails,
  PostViewed,
  PostViewedPayload,
  ProblemDetails,
  ProductAbandoned,
  ProductAbandonedPayload,
  ProductDetails,
  ProductOrdered,
  ProductOrderedPayload,
  ProductViewed,
  ProductViewedPayload,
  Region,
  RemoveOperation,
  Session,
  SessionAttributesChanged,
  SessionAttributesChangedPayload,
  SessionClosed,
  SessionClosedPayload,
  SessionMerged,
  SessionMergedPayload,
  SessionResponse,
  SessionStarted,
  SessionStartedPayload,
  SessionStatistics,
  SessionWindow,
  SetOperation,
  SingleEventResponse,
  Size,
  SlotPersonalized,
  SlotPersonalizedMetadata,
  SlotPersonalizedPayload,
  SlotPersonalizedPersonalization,
  SlotPersonalizedPersonalizationAssignedVariant,
  SlotPersonalizedPersonalizationSlotVersion,
  SlotVersion,
  TabOpened,
  TabOpenedPayload,
  TabUrlChanged,
  TabUrlChangedPayload,
  TabVisibilityChanged,
  TabVisibilityChangedPayload,
  UnknownPayload,
  UnsetOperation,
  User,
  UserAddress,
  UserClicked,
  UserClickedPayload,
  UserProfileChanged,
  UserProfileChangedPayload,
  UserResponse,
  UserScrolled,
  UserScrolledPayload,
  UserSignedIn,
  UserSignedInPayload,
  UserSignedOut,
  UserSignedOutPayload,
  UserSignedUp,
  UserSignedUpPayload,
  UserStatistics,
  ValueOperation,
  WebClient,
  WebContext,
};
export {
  AddOperationTypeEnum,
  BrowserType,
  ClearOperationTypeEnum,
  CombineOperationTypeEnum,
  DecrementOperationTypeEnum,
  DeviceCategory,
  EVENT_TYPES_0_7_1,
  EVENT_TYPES_ADDED_IN_0_8_0,
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
};

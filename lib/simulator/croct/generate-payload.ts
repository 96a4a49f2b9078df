import type {EventType, Session} from '../../croct/types.js';
import {CATALOG} from './catalog.js';
import type {Draw} from './generate-parts.js';
import {
  campaign,
  cart,
  client,
  lines,
  location,
  order,
  page,
  patch,
  product,
  userAgent,
} from './generate-parts.js';

/** What a payload may refer to besides random draws: the ids of its event and the sessions involved. */
type PayloadRefs = {
  tabId: string;
  externalUserId: string;
  session: () => Session;
  previousSession: () => Session;
};

type Builder = (draw: Draw, refs: PayloadRefs) => Record<string, unknown>;

function point(draw: Draw, width: number, height: number): {x: number; y: number} {
  return {x: draw.random.int(0, width), y: draw.random.int(0, height)};
}

const BUILDERS: Record<EventType, Builder> = {
  userSignedUp: (draw, refs) => ({
    externalUserId: refs.externalUserId,
    ...(draw.v8 && draw.random.chance(0.5) ? {patch: patch(draw)} : {}),
  }),
  userSignedIn: (_, refs) => ({externalUserId: refs.externalUserId}),
  userSignedOut: (_, refs) => ({externalUserId: refs.externalUserId}),
  tabOpened: (_, refs) => ({tabId: refs.tabId}),
  tabUrlChanged: (draw, refs) => ({tabId: refs.tabId, url: page(draw).url}),
  tabVisibilityChanged: (draw, refs) => ({
    tabId: refs.tabId,
    visibility: draw.random.chance(0.5) ? 'VISIBLE' : 'HIDDEN',
  }),
  locationDetected: (draw) => ({location: location(draw)}),
  clientDetected: (draw) => ({client: client(draw)}),
  pageOpened: (draw) => ({
    url: page(draw).url,
    userAgent: draw.random.orNull(userAgent(draw), 0.05),
    preferredLanguages: draw.random.orNull(draw.random.pick(CATALOG.languages)),
    referrer: draw.random.chance(0.5) ? null : draw.random.pick(CATALOG.referrers),
  }),
  pageLoaded: (draw) => ({
    ...page(draw),
    lastModifiedTime: draw.time - draw.random.int(86_400_000, 864_000_000),
  }),
  productAbandoned: (draw) => {
    const full = cart(draw);

    return {cartItem: full.items[0], cart: full};
  },
  productViewed: (draw) => ({product: product(draw)}),
  cartAbandoned: (draw) => ({cart: cart(draw)}),
  cartViewed: (draw) => ({cart: cart(draw)}),
  cartModified: (draw) => ({cart: cart(draw)}),
  checkoutStarted: (draw) => ({
    cart: cart(draw),
    orderId: draw.random.chance(0.5) ? `ORD-${draw.random.int(100_000, 999_999)}` : null,
  }),
  orderPlaced: (draw) => ({order: order(draw)}),
  nothingChanged: (draw) => ({sinceTime: draw.time - draw.random.int(30_000, 900_000)}),
  goalCompleted: (draw) => {
    const value = draw.random.chance(0.6) ? draw.random.money(1, 100) : null;

    return {
      goalId: draw.random.pick(CATALOG.goals),
      value: value === null || draw.v8 ? value : String(value),
      currency: value === null ? null : 'USD',
    };
  },
  eventOccurred: (draw) => ({
    name: draw.random.pick(CATALOG.customEvents),
    details: {
      source: draw.random.pick(['header', 'footer', 'modal']),
      count: draw.random.int(1, 5),
      first: true,
    },
  }),
  slotPersonalized: (draw) => {
    const audience = draw.random.pick(CATALOG.audiences);
    const slot = draw.random.pick(CATALOG.slots);
    const tested = draw.random.chance(0.5);
    const major = draw.random.int(1, 4);

    return {
      personalization: {
        audienceId: draw.random.uuid(),
        slotId: draw.random.uuid(),
        experienceId: draw.random.uuid(),
        contentId: draw.random.uuid(),
        slotVersion: draw.random.chance(0.1)
          ? null
          : {majorVersion: draw.v8 ? major : String(major), minorVersion: draw.v8 ? 0 : '0'},
        assignedVariant: tested ? {experimentId: draw.random.uuid(), variantId: draw.random.uuid()} : null,
        locale: draw.random.orNull('en-us', 0.3),
      },
      metadata: {
        audienceName: audience.name,
        audienceCustomId: audience.customId,
        slotName: slot.name,
        slotCustomId: slot.customId,
        experienceName: 'Spring campaign',
        experimentName: tested ? 'Hero copy A/B' : null,
        variantName: tested ? draw.random.pick(['Control', 'Variant B']) : null,
      },
    };
  },
  leadGenerated: (draw) => {
    const value = draw.random.money(10, 500);

    return {
      leadId: `lead-${draw.random.int(1000, 9999)}`,
      currency: 'USD',
      value: draw.v8 ? value : String(value),
      ...(draw.v8 && draw.random.chance(0.5) ? {patch: patch(draw)} : {}),
    };
  },
  audienceMatched: (draw) => {
    const audiences = CATALOG.audiences
      .slice(0, draw.random.int(1, CATALOG.audiences.length))
      .map((entry) => ({
        id: draw.random.uuid(),
        name: entry.name,
        customId: draw.random.orNull(entry.customId),
      }));

    return draw.v8 ? {audiences} : {audienceIds: audiences};
  },
  userClicked: (draw) => ({point: point(draw, 1440, 4000), surfaceSize: {width: 1440, height: 4000}}),
  userScrolled: (draw) => ({
    start: point(draw, 0, 2000),
    end: point(draw, 0, 3100),
    surfaceSize: {width: 1440, height: 4000},
    viewportSize: {width: 1440, height: 900},
  }),
  sessionMerged: (_, refs) => ({session: refs.session(), mergedSessions: [refs.previousSession()]}),
  sessionClosed: (_, refs) => ({session: refs.session()}),
  sessionStarted: (_, refs) => ({session: refs.session()}),
  postViewed: (draw) => ({
    post: {
      postId: `post-${draw.random.int(1, 300)}`,
      url: `${CATALOG.origin}/blog/choosing-running-shoes`,
      title: 'Choosing running shoes',
      tags: draw.random.orNull(['running', 'guides'], 0.3),
      categories: ['Sports'],
      authors: [draw.random.pick(CATALOG.firstNames), null],
      publishTime: draw.time - draw.random.int(86_400_000, 8_640_000_000),
      updateTime: null,
    },
  }),
  userProfileChanged: (draw) => ({patch: patch(draw)}),
  campaignDetected: (draw) => ({campaign: campaign(draw)}),
  sessionAttributesChanged: (draw) => ({patch: patch(draw)}),
  productOrdered: (draw) => {
    const item = lines(draw)[0];
    const summary = order(draw);

    return {
      order: {
        orderId: summary.orderId,
        currency: summary.currency,
        quantity: summary.items.reduce((sum, line) => sum + line.quantity, 0),
        subtotal: summary.subtotal,
        taxes: summary.taxes,
        costs: summary.costs,
        total: summary.total,
        status: summary.status,
      },
      item,
    };
  },
  interestShown: (draw) => ({
    interests: [draw.random.pick(CATALOG.interests), draw.random.pick(CATALOG.interests)],
  }),
  linkOpened: (draw) => (draw.random.chance(0.9) ? {link: `${CATALOG.origin}/promo`} : {}),
};

/** The payload fields (without the discriminator) of an event of type `type`. */
function payloadFields(type: EventType, draw: Draw, refs: PayloadRefs): Record<string, unknown> {
  return BUILDERS[type](draw, refs);
}

export type {PayloadRefs};
export {payloadFields};

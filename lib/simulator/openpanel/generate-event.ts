import {encodeId, hash, Random} from '../core/random.js';
import {CLIENTS, EVENT_NAMES, ORIGIN, PAGES, PLACES, PRODUCTS, REFERRERS} from './catalog.js';

/** Random stream tags of the OpenPanel data, apart from the Croct ones (1 to 9). */
const OpStream = {event: 20, name: 21, session: 22, device: 23, identity: 24, profile: 25} as const;

/** Every column of an event as the simulator stores it (what `includes` may select from). */
type EventRow = {
  id: string;
  name: string;
  deviceId: string;
  profileId: string;
  projectId: string;
  sessionId: string;
  createdAt: string;
  path: string;
  origin: string;
  referrer: string;
  referrerName: string;
  referrerType: string;
  country: string;
  region: string;
  city: string;
  longitude: number | null;
  latitude: number | null;
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  device: string;
  brand: string;
  model: string;
  revenue: number;
  sdkName: string;
  sdkVersion: string;
  properties: Record<string, string>;
  groups: string[];
};

/** The shape of the generated data: how many events the base table holds, and its sessions and profiles. */
type Population = {seed: number; sessions: number; profiles: number};

const CUMULATIVE = EVENT_NAMES.reduce<number[]>((sums, [, weight]) => {
  sums.push((sums.at(-1) ?? 0) + weight);
  return sums;
}, []);

const TOTAL = CUMULATIVE.at(-1) as number;

/** The name of event `index`, without generating the event (cheap enough to filter by). */
function nameAt(seed: number, index: number): string {
  const ticket = hash(seed, OpStream.name, index) % TOTAL;
  return (EVENT_NAMES[CUMULATIVE.findIndex((sum) => ticket < sum)] as readonly [string, number])[0];
}

/** The profile and device of event `index`; anonymous events have `profileId === deviceId`. */
function identityAt(
  population: Population,
  index: number,
): {profile: number; deviceId: string; profileId: string} {
  const {seed} = population;
  const session = hash(seed, OpStream.session, Math.floor(index / 4)) % population.sessions;
  const profile = session % population.profiles;
  const deviceId = encodeId(seed, OpStream.device, profile);
  // Three profiles in five are identified; 15% of their events were tracked before they identified.
  const identified = profile % 5 < 3 && hash(seed, OpStream.identity, index) % 100 >= 15;
  return {profile, deviceId, profileId: identified ? profileIdOf(profile) : deviceId};
}

/** The id of an identified profile: numeric-looking, as many apps' user ids are. */
function profileIdOf(profile: number): string {
  return String(10_001 + profile);
}

/** The profile index an identified profile id names, if any. */
function profileOfId(population: Population, id: string): number | undefined {
  const profile = /^\d+$/.test(id) ? Number(id) - 10_001 : -1;
  return profile >= 0 && profile < population.profiles && profile % 5 < 3 ? profile : undefined;
}

function propertiesOf(name: string, random: Random, title: string): Record<string, string> {
  const product = random.pick(PRODUCTS);
  switch (name) {
    case 'screen_view':
      return {__title: title, 'screen.width': String(random.pick([390, 1280, 1440, 1920]))};
    case 'button_click':
      return {'button.label': random.pick(['Buy now', 'Learn more', 'Subscribe']), 'button.id': 'cta'};
    case 'search':
      return {'search.query': random.pick(['backpack', 'jacket', 'running shoes']), 'search.results': '12'};
    case 'add_to_cart':
    case 'checkout':
      return {'product.id': product[0], 'product.name': product[1], 'product.price': product[2]};
    case 'purchase':
      return {'order.id': `ORD-${random.int(100_000, 999_999)}`, 'order.total': product[2], currency: 'USD'};
    case 'link_out':
      return {href: 'https://github.com/acme'};
    default:
      return random.chance(0.5) ? {'utm.source': 'newsletter', 'utm.campaign': 'spring'} : {};
  }
}

/** Event `index` of a project, created at `createdAt` (ms); the same inputs give the same event. */
function generateEvent(
  population: Population,
  index: number,
  createdAt: number,
  projectId: string,
): EventRow {
  const {seed} = population;
  const random = new Random(hash(seed, OpStream.event, index));
  const name = nameAt(seed, index);
  const identity = identityAt(population, index);
  const [path, title] = random.pick(PAGES);
  const place = random.pick(PLACES);
  const client = random.pick(CLIENTS);
  const referrer = random.pick(REFERRERS);
  const located = random.chance(0.9);
  return {
    id: encodeId(seed, OpStream.event, index),
    name,
    deviceId: identity.deviceId,
    profileId: identity.profileId,
    projectId,
    sessionId: encodeId(seed, OpStream.session, Math.floor(index / 4)),
    createdAt: new Date(createdAt).toISOString(),
    path,
    origin: ORIGIN,
    referrer: referrer[0],
    referrerName: referrer[1],
    referrerType: referrer[2],
    country: located ? place[0] : '',
    region: located ? place[1] : '',
    city: located ? place[2] : '',
    latitude: located ? place[3] : null,
    longitude: located ? place[4] : null,
    os: client[0],
    osVersion: client[1],
    browser: client[2],
    browserVersion: client[3],
    device: client[4],
    brand: client[5],
    model: client[6],
    revenue: name === 'purchase' ? random.int(1000, 50_000) : 0,
    sdkName: 'web',
    sdkVersion: '1.0.4',
    properties: propertiesOf(name, random, title),
    groups: [],
  };
}

export type {EventRow, Population};
export {generateEvent, identityAt, nameAt, OpStream, profileIdOf, profileOfId};

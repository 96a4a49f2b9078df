import type {User} from '../../croct/types.js';
import {encodeId, hash, Random, Stream} from '../core/random.js';
import {CATALOG} from './catalog.js';
import type {DataSet} from './data-set.js';

/** The external id of user `index`, or `null` when that user is anonymous (about a third are). */
function externalUserIdOf(data: DataSet, index: number): string | null {
  return hash(data.seed, Stream.user, index, 1) % 3 === 0 ? null : `customer-${index + 1}`;
}

/** User `index`: identified users have a full profile, anonymous ones mostly nulls. */
function generateUser(data: DataSet, index: number): User {
  const random = new Random(hash(data.seed, Stream.user, index));
  const externalUserId = externalUserIdOf(data, index);
  const {first, last} = data.timeline.sessionsOfUser(index);
  const lastModifiedTime = data.timeline.userModifiedTime(index);
  const userId = encodeId(data.seed, Stream.user, index);

  if (externalUserId === null) {
    return {
      userId,
      externalUserId,
      firstName: null,
      lastName: null,
      birthDate: null,
      email: null,
      phone: null,
      interests: random.chance(0.3) ? [random.pick(CATALOG.interests)] : [],
      customAttributes: {},
      lastModifiedTime,
      statistics: {orders: 0, sessions: last - first + 1},
    };
  }

  const firstName = random.pick(CATALOG.firstNames);
  const lastName = random.pick(CATALOG.lastNames);
  const city = random.pick(CATALOG.cities);
  const email = `${firstName}.${lastName}${index}@example.com`.toLowerCase();

  return {
    userId,
    externalUserId,
    firstName,
    lastName,
    birthDate: random.chance(0.7)
      ? Date.UTC(random.int(1950, 2006), random.int(0, 11), random.int(1, 28))
      : null,
    gender: random.pick(['FEMALE', 'MALE', 'NEUTRAL', 'UNKNOWN']),
    email,
    alternateEmail: null,
    phone: random.orNull(`${city.phoneCode} ${random.int(100, 999)} ${random.int(1000, 9999)}`, 0.4),
    alternatePhone: null,
    address: {
      street: random.orNull(`${random.int(1, 2000)} Main St`, 0.3),
      district: city.district,
      city: city.city,
      region: city.regionCode,
      country: city.country,
      postalCode: city.postalCode,
    },
    avatar: random.orNull(`https://img.example.com/avatars/${index}.png`, 0.7),
    company: random.orNull('Acme', 0.6),
    companyUrl: null,
    jobTitle: random.orNull(random.pick(['Buyer', 'Engineer', 'Designer', 'Manager']), 0.5),
    activities: random.chance(0.5) ? [random.pick(['running', 'cooking', 'reading'])] : [],
    interests: [random.pick(CATALOG.interests)],
    customAttributes: {
      loyaltyTier: random.pick(['bronze', 'silver', 'gold']),
      newsletter: random.chance(0.5),
    },
    lastModifiedTime,
    statistics: {orders: random.int(0, 12), sessions: last - first + 1},
  };
}

export {externalUserIdOf, generateUser};

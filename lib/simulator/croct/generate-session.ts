import type {Session} from '../../croct/types.js';
import {encodeId, hash, Random, Stream} from '../core/random.js';
import {CATALOG} from './catalog.js';
import type {DataSet} from './data-set.js';
import {campaign, client, location} from './generate-parts.js';
import {externalUserIdOf} from './generate-user.js';
import {SESSION_TIMEOUT} from './timeline.js';

/** Session `index`: its window spans its events, it closes 30 minutes after the last one. */
function generateSession(data: DataSet, index: number): Session {
  const random = new Random(hash(data.seed, Stream.session, index));
  const {first, last} = data.timeline.eventsOfSession(index);
  const start = data.timeline.eventTime(first);
  const end = data.timeline.eventTime(last);
  const user = data.timeline.userOfSession(index);
  const draw = {random, time: start, v8: data.v8};
  const events = last - first + 1;
  const superseded = index + 1 < data.sessions && random.chance(0.05);
  const fromCampaign = random.chance(0.3);
  const landing = fromCampaign ? '/?utm_source=newsletter4' : random.pick(CATALOG.pages).path;

  return {
    sessionId: encodeId(data.seed, Stream.session, index),
    userId: encodeId(data.seed, Stream.user, user),
    parentId: superseded ? encodeId(data.seed, Stream.session, index + 1) : null,
    externalUserId: externalUserIdOf(data, user),
    window: {start, end},
    closeTime: end + SESSION_TIMEOUT,
    referrer: random.chance(0.4) ? null : random.pick(CATALOG.referrers),
    landingPageUrl: random.orNull(CATALOG.origin + landing, 0.05),
    ...(fromCampaign ? {campaign: campaign(draw)} : {}),
    location: location(draw),
    client: client(draw),
    attributes: random.chance(0.5) ? {plan: random.pick(['trial', 'pro']), abTest: null} : {},
    statistics: {
      pageViews: Math.ceil(events / 3),
      tabViews: Math.ceil(events / 3) + random.int(0, 2),
      orders: random.chance(0.1) ? 1 : 0,
    },
  };
}

export {generateSession};

import {FIRST_NAMES, LAST_NAMES} from './catalog.js';
import type {EventRow, Population} from './generate-event.js';
import {generateEvent, profileOfId} from './generate-event.js';
import type {Row} from './table.js';

/** The columns every event carries (`groups` too, as `[]`). */
const DEFAULT_KEYS = [
  'id',
  'name',
  'deviceId',
  'profileId',
  'projectId',
  'sessionId',
  'createdAt',
  'path',
  'city',
  'country',
  'os',
  'browser',
] as const;

/** The columns `includes` may add. Any other key (`geo`, `device` as a group...) is ignored. */
const OPTIONAL_KEYS = new Set<string>([
  'properties',
  'region',
  'longitude',
  'latitude',
  'osVersion',
  'browserVersion',
  'device',
  'brand',
  'model',
  'origin',
  'referrer',
  'referrerName',
  'referrerType',
  'revenue',
  'sdkName',
  'sdkVersion',
  'groups',
]);

/** Event names that have an `EventMeta` row (what `includes=meta` adds). */
const META: Record<string, {conversion: boolean; color: string; icon: string}> = {
  purchase: {conversion: true, color: '#22c55e', icon: 'shopping-cart'},
  sign_up: {conversion: true, color: '#3b82f6', icon: 'user-plus'},
};

/** What a listing renders besides the default columns; `since` dates profiles and meta rows (ms). */
type Rendering = {includes: readonly string[]; projectId: string; population: Population; since: number};

function profileOf(event: EventRow, rendering: Rendering, now: string): Record<string, unknown> {
  const profile = profileOfId(rendering.population, event.profileId);
  if (event.deviceId === event.profileId || profile === undefined) {
    return {
      id: '',
      email: '',
      avatar: '',
      firstName: '',
      lastName: '',
      createdAt: now,
      lastSeenAt: now,
      isExternal: false,
      projectId: '',
      groups: [],
      properties: {},
    };
  }
  const first = FIRST_NAMES[profile % FIRST_NAMES.length] as string;
  const last = LAST_NAMES[profile % LAST_NAMES.length] as string;
  const since = new Date(rendering.since).toISOString();
  return {
    id: event.profileId,
    email: `${first}.${last}.${profile}@example.com`.toLowerCase(),
    avatar: '',
    firstName: first,
    lastName: last,
    createdAt: since,
    lastSeenAt: event.createdAt,
    isExternal: true,
    projectId: rendering.projectId,
    groups: [],
    properties: {plan: profile % 2 === 0 ? 'pro' : 'free'},
  };
}

function metaOf(name: string, rendering: Rendering): Record<string, unknown> | undefined {
  const meta = META[name];
  const at = new Date(rendering.since).toISOString();
  return (
    meta && {id: `meta_${name}`, name, ...meta, projectId: rendering.projectId, createdAt: at, updatedAt: at}
  );
}

/** The JSON objects of `rows`, with the default columns plus what `includes` selects. */
function renderEvents(rows: readonly Row[], rendering: Rendering): Array<Record<string, unknown>> {
  const now = new Date().toISOString();
  const extra = rendering.includes.filter((key) => OPTIONAL_KEYS.has(key));
  const withProfile = rendering.includes.includes('profile');
  const withMeta = rendering.includes.includes('meta');
  return rows.map(({index, time}) => {
    const event = generateEvent(rendering.population, index, time, rendering.projectId);
    const rendered: Record<string, unknown> = {};
    for (const key of [...DEFAULT_KEYS, ...extra]) {
      rendered[key] = event[key as keyof EventRow];
    }
    rendered.groups ??= [];
    if (withProfile) {
      rendered.profile = profileOf(event, rendering, now);
    }
    const meta = withMeta ? metaOf(event.name, rendering) : undefined;
    if (meta !== undefined) {
      rendered.meta = meta;
    }
    return rendered;
  });
}

export {renderEvents};

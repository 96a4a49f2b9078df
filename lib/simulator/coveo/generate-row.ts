import {hash, Random} from '../core/random.js';
import type {CoveoTable, CoveoTimestampStyle} from './options.js';
import type {Timeline} from './timeline.js';

/** What row generation needs: the seed, each table's timeline and the timestamp style. */
type RowSource = {
  seed: number;
  timelines: Readonly<Record<CoveoTable, Timeline>>;
  timestampStyle: CoveoTimestampStyle;
};

// Values with commas, quotes, line breaks, accents, CJK and emoji, so CSV readers are exercised.
const QUERIES = [
  'reset password',
  'shoes, red',
  'the "best" laptop',
  'line one\nline two',
  'crème brûlée',
  'emoji 🎉 party',
  '東京 hotels',
  '',
  'install guide',
  'carriage\r\nreturn',
];
const NAMES = ['José Müller', "O'Brien, Pat", 'Zoë "Z" Smith', 'Ana Lúcia', '李雷', 'Jordan Lee'];
const HUBS = ['CommunitySearch', 'Support Hub', 'default', 'Agent Panel, Service'];
const TABS = ['All', 'Articles', 'Videos', ''];
const PIPELINES = ['default', 'Support pipeline', 'ML – Boost'];
const DEVICES = ['Desktop', 'Mobile phone', 'Tablet'];
const COUNTRIES = ['Canada', 'France', 'Korea, Republic of', "Côte d'Ivoire", 'Brazil', 'Japan'];
const LANGUAGES = ['en', 'fr', 'pt', 'ja'];
const CAUSES = ['documentOpen', 'documentQuickview'];
const TITLES = [
  'How to reset your password',
  'Pricing, plans & billing',
  'The "Getting started" guide',
  'Dépannage du réseau',
  'Release notes 🚀',
];
const SOURCES = ['Web', 'Salesforce Knowledge', 'YouTube'];
const EVENT_TYPES = ['caseCreation', 'addToCart', 'social', 'getMoreResults'];
const EVENT_VALUES = ['submit', 'sku-123, blue', 'like', 'page "2"', 'multi\nline value'];
const GROUPS = ['Employees', 'Partners, EMEA', 'Ω team', 'Customers'];
const KEYWORDS = ['password', 'shoes', 'red', '"best"', 'crème', '🎉', '東京'];

const VISITORS = 200;
const VISIT_MS = 1_800_000;
const Streams = {visitor: 47, visit: 48, searchId: 49, clickId: 50, customEventId: 51} as const;

function uuid(...parts: number[]): string {
  return new Random(hash(...parts)).uuid();
}

/** A timestamp in GMT: `2026-11-01 13:45:12.123` or `2026-11-01T13:45:12.123Z`. */
function formatTimestamp(ms: number, style: CoveoTimestampStyle): string {
  const iso = new Date(ms).toISOString();
  return style === 'iso' ? iso : `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** The visit columns (visitId, visitorId, userId, username) of visitor `v` at time `t`; a quarter are anonymous. */
function visitCells(seed: number, v: number, t: number): string[] {
  const anonymous = v % 4 === 0;
  return [
    uuid(seed, Streams.visit, v, Math.floor(t / VISIT_MS)),
    uuid(seed, Streams.visitor, v),
    anonymous ? '' : `user${v}@example.com`,
    anonymous ? '' : (NAMES[v % NAMES.length] as string),
  ];
}

// Built once: JSON.stringify per row was a visible share of generation time.
const CUSTOM_DATA = ['admin', 'guest'].flatMap((role) =>
  ['say "hi"', 'ok'].map((note) => JSON.stringify({c_role: role, c_tags: 'a,b', c_note: note})),
);

function customData(r: Random): string {
  return r.chance(0.2) ? '' : r.pick(CUSTOM_DATA);
}

/** The search a click, group or keyword row belongs to: the last search at or before `t`. */
function parentSearch(source: RowSource, t: number, r: Random): {id: string; visitor: number; time: number} {
  const searches = source.timelines.searches;
  const s = searches.lastAtOrBefore(t);
  if (s < 0) {
    return {id: '', visitor: r.int(0, VISITORS - 1), time: t};
  }
  // A search row draws its visitor first: the same draw gives the same visitor here.
  const visitor = new Random(searches.rowSeed(s)).int(0, VISITORS - 1);
  return {id: uuid(source.seed, Streams.searchId, s), visitor, time: searches.time(s)};
}

function searchRow(source: RowSource, k: number, t: number, r: Random): string[] {
  const v = r.int(0, VISITORS - 1);
  return [
    uuid(source.seed, Streams.searchId, k),
    formatTimestamp(t, source.timestampStyle),
    ...visitCells(source.seed, v, t),
    r.pick(QUERIES),
    r.pick(HUBS),
    r.pick(TABS),
    r.pick(PIPELINES),
    String(r.int(0, 5000)),
    String(r.int(5, 900)),
    r.pick(DEVICES),
    r.pick(COUNTRIES),
    r.pick(LANGUAGES),
    customData(r),
  ];
}

function clickRow(source: RowSource, k: number, t: number, r: Random): string[] {
  const parent = parentSearch(source, t, r);
  const [visit, visitor, user, name] = visitCells(source.seed, parent.visitor, parent.time);
  return [
    parent.id,
    uuid(source.seed, Streams.clickId, k),
    formatTimestamp(t, source.timestampStyle),
    visit as string,
    visitor as string,
    user as string,
    name as string,
    String(r.int(1, 10)),
    r.pick(CAUSES),
    r.pick(TITLES),
    `https://docs.example.com/article/${r.int(1, 999)}?lang=en&tags=a,b`,
    r.pick(SOURCES),
    r.pick(HUBS),
    customData(r),
  ];
}

function customEventRow(source: RowSource, k: number, t: number, r: Random): string[] {
  const parent = parentSearch(source, t, r);
  return [
    uuid(source.seed, Streams.customEventId, k),
    parent.id,
    formatTimestamp(t, source.timestampStyle),
    ...visitCells(source.seed, parent.visitor, parent.time),
    r.pick(EVENT_TYPES),
    r.pick(EVENT_VALUES),
    r.pick(HUBS),
    customData(r),
  ];
}

/** Row `k` of `table`: every column's value, in the order of `COLUMNS[table]`. */
function generateRow(source: RowSource, table: CoveoTable, k: number): string[] {
  const timeline = source.timelines[table];
  const t = timeline.time(k);
  const r = new Random(timeline.rowSeed(k));
  switch (table) {
    case 'searches':
      return searchRow(source, k, t, r);
    case 'clicks':
      return clickRow(source, k, t, r);
    case 'custom_events':
      return customEventRow(source, k, t, r);
    case 'groups':
      return [parentSearch(source, t, r).id, formatTimestamp(t, source.timestampStyle), r.pick(GROUPS)];
    default:
      return [parentSearch(source, t, r).id, formatTimestamp(t, source.timestampStyle), r.pick(KEYWORDS)];
  }
}

export type {RowSource};
export {formatTimestamp, generateRow};

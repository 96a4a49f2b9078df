/** The made-up product whose analytics the OpenPanel simulator serves: names, pages, places, clients. */

/** Event names with relative frequencies: screen views dominate, purchases are rare. */
const EVENT_NAMES: ReadonlyArray<readonly [name: string, weight: number]> = [
  ['screen_view', 400],
  ['session_start', 90],
  ['session_end', 85],
  ['button_click', 120],
  ['link_out', 30],
  ['search', 40],
  ['add_to_cart', 35],
  ['form_submit', 20],
  ['sign_up', 12],
  ['login', 25],
  ['checkout', 15],
  ['purchase', 10],
  ['share', 8],
];

const ORIGIN = 'https://shop.acme.dev';

/** Paths with their page titles. */
const PAGES: ReadonlyArray<readonly [path: string, title: string]> = [
  ['/', 'Acme Shop'],
  ['/pricing', 'Pricing'],
  ['/docs', 'Documentation'],
  ['/docs/getting-started', 'Getting started'],
  ['/blog', 'Blog'],
  ['/blog/launch-week', 'Launch week'],
  ['/product/trail-runner', 'Trail Runner'],
  ['/product/city-backpack', 'City Backpack'],
  ['/product/rain-jacket', 'Rain Jacket'],
  ['/cart', 'Cart'],
  ['/checkout', 'Checkout'],
  ['/account', 'Account'],
];

/** Places: 2-letter country, region, city and coordinates. */
const PLACES: ReadonlyArray<
  readonly [country: string, region: string, city: string, latitude: number, longitude: number]
> = [
  ['US', 'New York', 'New York', 40.7128, -74.006],
  ['US', 'California', 'San Francisco', 37.7749, -122.4194],
  ['SE', 'Stockholm County', 'Stockholm', 59.3293, 18.0686],
  ['DE', 'Berlin', 'Berlin', 52.52, 13.405],
  ['GB', 'England', 'London', 51.5072, -0.1276],
  ['BR', 'Sao Paulo', 'Sao Paulo', -23.5505, -46.6333],
  ['IN', 'Karnataka', 'Bengaluru', 12.9716, 77.5946],
  ['JP', 'Tokyo', 'Tokyo', 35.6762, 139.6503],
  ['FR', 'Ile-de-France', 'Paris', 48.8566, 2.3522],
];

/** Clients: os, os version, browser, browser version, device, brand, model. */
const CLIENTS: ReadonlyArray<readonly [string, string, string, string, string, string, string]> = [
  ['Mac OS', '14.5', 'Chrome', '126.0.0', 'desktop', 'Apple', 'Macintosh'],
  ['Windows', '10', 'Chrome', '125.0.0', 'desktop', '', ''],
  ['Windows', '11', 'Edge', '126.0.0', 'desktop', '', ''],
  ['iOS', '17.5.1', 'Mobile Safari', '17.5', 'mobile', 'Apple', 'iPhone'],
  ['Android', '14', 'Chrome', '126.0.0', 'mobile', 'Samsung', 'SM-S918B'],
  ['Linux', '', 'Firefox', '127.0', 'desktop', '', ''],
  ['iPadOS', '17.4', 'Mobile Safari', '17.4', 'tablet', 'Apple', 'iPad'],
];

/** Referrers: URL, name and type ('' for direct traffic). */
const REFERRERS: ReadonlyArray<readonly [url: string, name: string, type: string]> = [
  ['', '', ''],
  ['', '', ''],
  ['https://www.google.com/', 'Google', 'search'],
  ['https://duckduckgo.com/', 'DuckDuckGo', 'search'],
  ['https://news.ycombinator.com/', 'Hacker News', 'social'],
  ['https://twitter.com/', 'Twitter', 'social'],
];

const PRODUCTS: ReadonlyArray<readonly [id: string, name: string, price: string]> = [
  ['sku-1001', 'Trail Runner', '129.00'],
  ['sku-1002', 'City Backpack', '89.50'],
  ['sku-1003', 'Rain Jacket', '159.90'],
];

const FIRST_NAMES = ['Ada', 'Linus', 'Grace', 'Alan', 'Margaret', 'Ken', 'Barbara', 'Dennis'];

const LAST_NAMES = ['Lovelace', 'Torvalds', 'Hopper', 'Turing', 'Hamilton', 'Thompson', 'Liskov'];

export {CLIENTS, EVENT_NAMES, FIRST_NAMES, LAST_NAMES, ORIGIN, PAGES, PLACES, PRODUCTS, REFERRERS};

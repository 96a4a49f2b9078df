import type {
  AtomicPatch,
  Campaign,
  Cart,
  CartItem,
  Location,
  Order,
  ProductDetails,
  WebClient,
} from '../../croct/types.js';
import type {Random} from '../core/random.js';
import {CATALOG} from './catalog.js';

/** What a generator needs: the item's random stream, its time and the spelling to use. */
type Draw = {random: Random; time: number; v8: boolean};

/** A product as shown in `productViewed`, carts and orders. */
function product({random}: Draw): ProductDetails {
  const item = random.pick(CATALOG.products);
  const variant = random.pick(item.variants);
  const onSale = random.chance(0.3);
  const slug = item.name.toLowerCase().replaceAll(' ', '-');

  return {
    productId: item.id,
    sku: random.orNull(`${item.id}-${variant.replaceAll(' ', '').toUpperCase()}`),
    name: item.name,
    category: random.orNull(item.category),
    brand: random.orNull(item.brand),
    variant: random.orNull(variant),
    displayPrice: onSale ? Math.round(item.price * 80) / 100 : item.price,
    originalPrice: onSale ? item.price : null,
    currency: 'USD',
    url: random.orNull(`${CATALOG.origin}/p/${slug}`),
    imageUrl: random.orNull(`https://img.example.com/${item.id}.png`),
  };
}

/** The lines of a cart or order (1 to 4). */
function lines(draw: Draw): CartItem[] {
  const count = draw.random.int(1, 4);

  return Array.from({length: count}, (_, index) => {
    const details = product(draw);
    const quantity = draw.random.int(1, 3);
    const discount = draw.random.chance(0.2) ? Math.round(details.displayPrice * quantity * 10) / 100 : null;

    return {
      index,
      product: details,
      quantity,
      total: Math.round((details.displayPrice * quantity - (discount ?? 0)) * 100) / 100,
      discount,
      coupon: discount === null ? null : draw.random.pick(CATALOG.coupons),
    };
  });
}

/** A cart with totals consistent with its lines. */
function cart(draw: Draw): Cart {
  const items = lines(draw);
  const subtotal = Math.round(items.reduce((sum, item) => sum + item.total, 0) * 100) / 100;
  const shippingPrice = draw.random.chance(0.5) ? 9.9 : 0;
  const taxes = Math.round(subtotal * 8) / 100;

  return {
    currency: 'USD',
    items,
    subtotal,
    shippingPrice,
    taxes: draw.random.chance(0.7) ? {state: taxes} : null,
    costs: draw.random.chance(0.3) ? {handling: 2.5} : null,
    discount: null,
    total: Math.round((subtotal + shippingPrice + taxes) * 100) / 100,
    coupon: draw.random.chance(0.15) ? draw.random.pick(CATALOG.coupons) : null,
    lastUpdateTime: draw.time - draw.random.int(0, 600_000),
  };
}

/** An order made from a cart. */
function order(draw: Draw): Order {
  const {lastUpdateTime: _, ...rest} = cart(draw);
  const installments = draw.random.chance(0.3) ? draw.random.int(2, 12) : null;

  return {
    orderId: `ORD-${draw.random.int(100_000, 999_999)}`,
    ...rest,
    paymentMethod: draw.random.orNull(draw.random.pick(CATALOG.paymentMethods)),
    installments,
    status: draw.random.pick(['PLACED', 'PAID', 'COMPLETED', null] as const),
  };
}

/** A location; spelled `timezone` and string `population` in 0.7.1, `timeZone` and a number in 0.8.0. */
function location({random, v8}: Draw): Location {
  const city = random.pick(CATALOG.cities);
  const zone = random.orNull(city.timeZone, 0.05);

  return {
    continent: city.continent,
    country: city.country,
    region: {name: city.region, code: random.orNull(city.regionCode)},
    city: random.orNull(city.city, 0.05),
    district: city.district,
    ...(v8 ? {timeZone: zone} : {timezone: zone}),
    coordinates: random.chance(0.9) ? {latitude: city.latitude, longitude: city.longitude} : null,
    currency: {name: city.currencyName, code: city.currency},
    phoneCode: city.phoneCode,
    population: v8 ? city.population : String(city.population),
    postalCode: random.orNull(city.postalCode, 0.3),
    languages: [city.language],
    tags: [],
    source: random.pick(['IP', 'IP', 'IP', 'BROWSER', 'GPS', 'INPUT', 'UNKNOWN'] as const),
  };
}

/** A browser and device. */
function client({random}: Draw): WebClient {
  const entry = random.pick(CATALOG.clients);

  return {
    browser: {name: entry.browser, version: random.orNull(entry.version, 0.05), type: entry.type},
    device: {
      name: entry.device,
      vendor: entry.vendor,
      category: entry.category,
      operatingSystem: {name: entry.os, version: entry.osVersion === '' ? null : entry.osVersion},
    },
  };
}

/** The user agent string of the client `client` would draw from the same random state. */
function userAgent({random}: Draw): string {
  return random.pick(CATALOG.clients).userAgent;
}

/** A UTM campaign. */
function campaign({random}: Draw): Campaign {
  const entry = random.pick(CATALOG.campaigns);

  return {...entry, content: random.orNull('banner-a', 0.6), term: random.orNull('running shoes', 0.8)};
}

/** A patch with one to three operations. */
function patch({random}: Draw): AtomicPatch {
  const count = random.int(1, 3);

  return {
    operations: Array.from({length: count}, () =>
      random.pick([
        () => ({type: 'set' as const, path: 'custom.plan', value: random.pick(['trial', 'pro', 'team'])}),
        () => ({type: 'increment' as const, path: 'custom.visits', value: 1}),
        () => ({type: 'add' as const, path: 'interests', value: random.pick(CATALOG.interests)}),
        () => ({type: 'unset' as const, path: 'custom.promo'}),
      ])(),
    ),
  };
}

/** A page of the store as an absolute URL, with its title. */
function page({random}: Draw): {url: string; title: string} {
  const entry = random.pick(CATALOG.pages);

  return {url: CATALOG.origin + entry.path, title: entry.title};
}

export type {Draw};
export {campaign, cart, client, lines, location, order, page, patch, product, userAgent};

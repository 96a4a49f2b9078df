/** A product of the simulated store. */
type CatalogProduct = {
  id: string;
  name: string;
  category: string;
  brand: string;
  variants: string[];
  price: number;
};

/** A city with everything a `Location` needs. */
type CatalogCity = {
  continent: 'AF' | 'AS' | 'EU' | 'NA' | 'OC' | 'SA';
  country: string;
  region: string;
  regionCode: string;
  city: string;
  district: string | null;
  timeZone: string;
  latitude: number;
  longitude: number;
  currency: string;
  currencyName: string;
  phoneCode: string;
  population: number;
  postalCode: string;
  language: string;
};

/** A browser and device combination, with the user agent it sends. */
type CatalogClient = {
  browser: string;
  version: string;
  os: string;
  osVersion: string;
  device: string | null;
  vendor: string | null;
  category: 'DESKTOP' | 'TABLET' | 'MOBILE' | 'BOT';
  type: 'WEB' | 'IN_APP' | 'CRAWLER';
  userAgent: string;
};

/** The fixed catalog every generated item draws from. */
const CATALOG = {
  origin: 'https://shop.example.com',
  products: [
    {
      id: '3108',
      name: 'iPhone 15',
      category: 'Phone',
      brand: 'Apple',
      variants: ['128GB Green', '256GB Black'],
      price: 799,
    },
    {
      id: '3240',
      name: 'Galaxy S24',
      category: 'Phone',
      brand: 'Samsung',
      variants: ['128GB Violet'],
      price: 699.9,
    },
    {
      id: '4410',
      name: 'MacBook Air',
      category: 'Laptop',
      brand: 'Apple',
      variants: ['M3 8GB', 'M3 16GB'],
      price: 1099,
    },
    {
      id: '5120',
      name: 'Trail Runner 3',
      category: 'Shoes',
      brand: 'Nimbus',
      variants: ['41', '42', '43'],
      price: 89.5,
    },
    {
      id: '6001',
      name: 'Espresso Maker',
      category: 'Kitchen',
      brand: 'Brewly',
      variants: ['Steel'],
      price: 249,
    },
    {
      id: '7150',
      name: 'Noise Cancelling Headphones',
      category: 'Audio',
      brand: 'Sonora',
      variants: ['Black'],
      price: 199.99,
    },
    {
      id: '8033',
      name: 'Yoga Mat',
      category: 'Sports',
      brand: 'Zenfit',
      variants: ['Blue', 'Purple'],
      price: 29.9,
    },
    {id: '9204', name: 'Desk Lamp', category: 'Home', brand: 'Lumo', variants: ['White'], price: 45},
  ] satisfies CatalogProduct[],
  cities: [
    {
      continent: 'SA',
      country: 'BR',
      region: 'Sao Paulo',
      regionCode: 'SP',
      city: 'Sao Paulo',
      district: 'Bela Vista',
      timeZone: 'America/Sao_Paulo',
      latitude: -23.55,
      longitude: -46.63,
      currency: 'BRL',
      currencyName: 'Brazilian Real',
      phoneCode: '+55',
      population: 12_325_232,
      postalCode: '01310-100',
      language: 'pt',
    },
    {
      continent: 'NA',
      country: 'US',
      region: 'California',
      regionCode: 'CA',
      city: 'San Francisco',
      district: null,
      timeZone: 'America/Los_Angeles',
      latitude: 37.77,
      longitude: -122.42,
      currency: 'USD',
      currencyName: 'US Dollar',
      phoneCode: '+1',
      population: 808_437,
      postalCode: '94103',
      language: 'en',
    },
    {
      continent: 'EU',
      country: 'DE',
      region: 'Berlin',
      regionCode: 'BE',
      city: 'Berlin',
      district: 'Mitte',
      timeZone: 'Europe/Berlin',
      latitude: 52.52,
      longitude: 13.4,
      currency: 'EUR',
      currencyName: 'Euro',
      phoneCode: '+49',
      population: 3_850_809,
      postalCode: '10115',
      language: 'de',
    },
    {
      continent: 'AS',
      country: 'JP',
      region: 'Tokyo',
      regionCode: '13',
      city: 'Tokyo',
      district: 'Shibuya',
      timeZone: 'Asia/Tokyo',
      latitude: 35.68,
      longitude: 139.69,
      currency: 'JPY',
      currencyName: 'Yen',
      phoneCode: '+81',
      population: 13_960_236,
      postalCode: '150-0002',
      language: 'ja',
    },
    {
      continent: 'OC',
      country: 'AU',
      region: 'New South Wales',
      regionCode: 'NSW',
      city: 'Sydney',
      district: null,
      timeZone: 'Australia/Sydney',
      latitude: -33.87,
      longitude: 151.21,
      currency: 'AUD',
      currencyName: 'Australian Dollar',
      phoneCode: '+61',
      population: 5_312_163,
      postalCode: '2000',
      language: 'en',
    },
    {
      continent: 'AF',
      country: 'NG',
      region: 'Lagos',
      regionCode: 'LA',
      city: 'Lagos',
      district: 'Ikeja',
      timeZone: 'Africa/Lagos',
      latitude: 6.52,
      longitude: 3.38,
      currency: 'NGN',
      currencyName: 'Naira',
      phoneCode: '+234',
      population: 15_388_000,
      postalCode: '100001',
      language: 'en',
    },
  ] satisfies CatalogCity[],
  clients: [
    {
      browser: 'Chrome',
      version: '124.0.6367.91',
      os: 'macOS',
      osVersion: '14.4.1',
      device: 'Mac',
      vendor: 'Apple',
      category: 'DESKTOP',
      type: 'WEB',
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    },
    {
      browser: 'Safari',
      version: '17.4',
      os: 'iOS',
      osVersion: '17.4.1',
      device: 'iPhone',
      vendor: 'Apple',
      category: 'MOBILE',
      type: 'WEB',
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    },
    {
      browser: 'Firefox',
      version: '125.0',
      os: 'Windows',
      osVersion: '10',
      device: null,
      vendor: null,
      category: 'DESKTOP',
      type: 'WEB',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
    },
    {
      browser: 'Chrome',
      version: '123.0.6312.118',
      os: 'Android',
      osVersion: '14',
      device: 'Galaxy Tab S9',
      vendor: 'Samsung',
      category: 'TABLET',
      type: 'WEB',
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
    },
    {
      browser: 'Googlebot',
      version: '2.1',
      os: 'Linux',
      osVersion: '',
      device: null,
      vendor: null,
      category: 'BOT',
      type: 'CRAWLER',
      userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    },
  ] satisfies CatalogClient[],
  pages: [
    {path: '/', title: 'Acme Store'},
    {path: '/c/phones', title: 'Phones | Acme Store'},
    {path: '/c/sports', title: 'Sports | Acme Store'},
    {path: '/cart', title: 'Your cart | Acme Store'},
    {path: '/checkout', title: 'Checkout | Acme Store'},
    {path: '/blog/choosing-running-shoes', title: 'Choosing running shoes | Acme Blog'},
    {path: '/help/shipping', title: 'Shipping | Acme Store'},
  ],
  referrers: [
    'https://www.google.com/',
    'https://www.bing.com/',
    'https://t.co/x1y2z3',
    'https://news.example.org/',
  ],
  campaigns: [
    {name: 'super_promo', source: 'newsletter4', medium: 'email'},
    {name: 'spring_sale', source: 'google', medium: 'cpc'},
    {name: 'influencer_q2', source: 'instagram', medium: 'social'},
  ],
  audiences: [
    {name: 'Returning buyers', customId: 'returning-buyers'},
    {name: 'Mobile visitors', customId: 'mobile-visitors'},
    {name: 'High intent', customId: 'high-intent'},
  ],
  slots: [
    {name: 'Home hero', customId: 'home-hero'},
    {name: 'Product banner', customId: 'product-banner'},
  ],
  firstNames: ['Ana', 'Bruno', 'Chen', 'Dana', 'Emeka', 'Fatima', 'Hiro', 'Ingrid', 'Jamal', 'Kai'],
  lastNames: ['Souza', 'Smith', 'Wang', 'Müller', 'Okafor', 'Haddad', 'Tanaka', 'Berg', 'Rivera', 'Kim'],
  interests: ['phones', 'running', 'coffee', 'audio', 'yoga', 'home office'],
  goals: ['newsletter-signup', 'add-to-wishlist', 'contact-form', 'download-catalog'],
  customEvents: ['videoPlayed', 'couponCopied', 'chatOpened', 'filterApplied'],
  coupons: ['WELCOME10', 'FREESHIP', 'SPRING24'],
  paymentMethods: ['credit-card', 'pix', 'paypal', 'boleto'],
  languages: ['en-US,en;q=0.9', 'pt-BR,pt;q=0.9,en;q=0.8', 'de-DE,de;q=0.9', 'ja-JP,ja;q=0.9'],
} as const;

export type {CatalogCity, CatalogClient, CatalogProduct};
export {CATALOG};

import t, {type Test} from 'tap';
import {request} from 'undici';
import type {OpenPanelSimulator} from '../lib/simulator/index.js';
import {createOpenPanelSimulator} from '../lib/simulator/index.js';

type Page = {
  meta: {count: number; totalCount: number; pages: number; current: number};
  data: Array<Record<string, unknown>>;
};

const WINDOW = {start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 11)};
const RANGE = 'start=2026-01-01&end=2026-01-10';

async function get(
  simulator: OpenPanelSimulator,
  query: string,
): Promise<{status: number; body: unknown; text: string}> {
  const response = await request(`${simulator.url}/export/events?${query}`, {
    headers: {'openpanel-client-id': simulator.clientId, 'openpanel-client-secret': simulator.clientSecret},
  });
  const text = await response.body.text();
  return {status: response.statusCode, text, body: text.startsWith('{') ? JSON.parse(text) : undefined};
}

async function page(simulator: OpenPanelSimulator, query: string): Promise<Page> {
  const {status, body, text} = await get(simulator, query);
  if (status !== 200) {
    throw new Error(`HTTP ${status}: ${text}`);
  }
  return body as Page;
}

async function start(t: Test, options = {}): Promise<OpenPanelSimulator> {
  const simulator = await createOpenPanelSimulator({events: 2000, window: WINDOW, ...options});
  t.teardown(() => simulator.close());
  return simulator;
}

const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

t.test('limit defaults to 50 and is clamped to 1..1000 silently', async (t) => {
  const simulator = await start(t);

  t.match((await page(simulator, RANGE)).meta, {count: 50, pages: 40});
  t.match((await page(simulator, `${RANGE}&limit=0`)).meta, {count: 1, pages: 2000});
  t.match((await page(simulator, `${RANGE}&limit=-5`)).meta, {count: 1});
  t.match((await page(simulator, `${RANGE}&limit=5000`)).meta, {count: 1000, pages: 2, totalCount: 2000});
  t.match((await page(simulator, `${RANGE}&limit=`)).meta, {count: 1}, 'an empty limit is 0, clamped to 1');
});

t.test('page is 1-based and anything below 1 is page 1', async (t) => {
  const simulator = await start(t);
  const first = await page(simulator, `${RANGE}&limit=10`);

  for (const value of ['0', '-3', '1']) {
    t.same(await page(simulator, `${RANGE}&limit=10&page=${value}`), first, `page=${value}`);
  }

  const second = await page(simulator, `${RANGE}&limit=10&page=2`);

  t.equal(second.meta.current, 2);
  t.not(second.data[0]?.id, first.data[0]?.id);
  t.same(await page(simulator, `${RANGE}&limit=1000&page=3`), {
    meta: {count: 0, totalCount: 2000, pages: 2, current: 3},
    data: [],
  });
});

t.test('non-numeric paging is a 400, fractional paging a plain-text 500', async (t) => {
  const simulator = await start(t);

  t.same((await get(simulator, `${RANGE}&page=two`)).body, {
    status: 400,
    error: 'FastifyError',
    message: 'querystring/page Expected number, received nan',
  });
  t.equal((await get(simulator, `${RANGE}&limit=1&limit=2`)).status, 400, 'a repeated limit');

  for (const bad of ['limit=2.5', 'page=1.5']) {
    const {status, text} = await get(simulator, `${RANGE}&${bad}`);

    t.equal(status, 500, bad);
    t.equal(text, 'Internal server error');
  }
});

t.test(
  'numeric-looking strings become numbers: profileId=12345 is a 400, JSON-quoted it works',
  async (t) => {
    const simulator = await start(t);

    t.same((await get(simulator, 'profileId=12345')).body, {
      status: 400,
      error: 'FastifyError',
      message: 'querystring/profileId Expected string, received number',
    });
    t.equal((await get(simulator, 'profileId=true')).status, 400, 'a boolean');
    t.equal((await get(simulator, 'projectId=42')).status, 400, 'a numeric project id');
    t.equal((await get(simulator, 'project_id=[1]')).status, 400, 'an array project id');
    t.equal((await get(simulator, 'event=404')).status, 400, 'a numeric event name');

    const quoted = await page(simulator, `${RANGE}&limit=1000&profileId=${q('10001')}`);

    t.ok(quoted.data.length > 0);
    t.ok(quoted.data.every((event) => event.profileId === '10001' || event.profileId === event.deviceId));
  },
);

t.test('event takes one name, repeated names or a JSON array; commas do not split', async (t) => {
  const simulator = await start(t);
  const names = (body: Page) => new Set(body.data.map((event) => event.name));

  t.same(names(await page(simulator, `${RANGE}&limit=1000&event=purchase`)), new Set(['purchase']));
  t.same(
    names(await page(simulator, `${RANGE}&limit=1000&event=purchase&event=sign_up&event=share`)),
    new Set(['purchase', 'sign_up', 'share']),
  );
  t.same(
    names(await page(simulator, `${RANGE}&limit=1000&event=${q(['purchase', 'login'])}`)),
    new Set(['purchase', 'login']),
  );
  t.equal(
    (await page(simulator, `${RANGE}&event=purchase,login`)).meta.totalCount,
    0,
    'one name "purchase,login"',
  );
  t.equal(
    (await page(simulator, `${RANGE}&event[]=purchase`)).meta.totalCount,
    2000,
    'brackets are an unknown key',
  );
  t.equal((await get(simulator, `${RANGE}&event=${q(['purchase', 7])}`)).status, 400);
  t.same((await get(simulator, `${RANGE}&event=${q({name: 'x'})}`)).body, {
    status: 400,
    error: 'FastifyError',
    message: 'querystring/event Invalid input',
  });
});

t.test('properties, profile and meta appear only when included; unknown includes are ignored', async (t) => {
  const simulator = await start(t);
  const keys = (body: Page) => Object.keys(body.data[0] as object).sort();
  const plain = await page(simulator, `${RANGE}&limit=5`);

  t.same(keys(plain), [
    'browser',
    'city',
    'country',
    'createdAt',
    'deviceId',
    'groups',
    'id',
    'name',
    'os',
    'path',
    'profileId',
    'projectId',
    'sessionId',
  ]);
  t.same(await page(simulator, `${RANGE}&limit=5&includes=geo,device_group,duration`), plain);

  for (const includes of [
    'properties,referrer',
    'properties&includes=referrer',
    q(['properties', 'referrer']),
  ]) {
    const body = await page(simulator, `${RANGE}&limit=5&includes=${includes}`);

    t.ok(keys(body).includes('properties') && keys(body).includes('referrer'), includes);
    t.ok(Object.values(body.data[0]?.properties as object).every((value) => typeof value === 'string'));
  }

  t.equal((await get(simulator, `${RANGE}&includes=1`)).status, 400);
  t.match((await page(simulator, `${RANGE}&limit=5&includes=groups`)).data[0], {groups: []});
});

t.test('properties are flat objects of dotted keys with string values', async (t) => {
  const simulator = await start(t);
  const body = await page(simulator, `${RANGE}&limit=1000&includes=properties`);
  const all = body.data.map((event) => event.properties as Record<string, unknown>);

  t.ok(all.some((properties) => Object.keys(properties).some((key) => key.includes('.'))));
  t.ok(all.every((properties) => Object.values(properties).every((value) => typeof value === 'string')));
});

t.test('includes=profile gives identified events their profile and anonymous ones a stub', async (t) => {
  const simulator = await start(t);
  const body = await page(simulator, `${RANGE}&limit=1000&includes=profile`);
  const identified = body.data.find((event) => event.profileId !== event.deviceId);
  const anonymous = body.data.find((event) => event.profileId === event.deviceId);

  t.match(identified?.profile, {
    id: identified?.profileId,
    email: /@example\.com$/,
    isExternal: true,
    projectId: 'demo',
  });
  t.match(anonymous?.profile, {id: '', email: '', firstName: '', isExternal: false, properties: {}});
});

t.test('includes=meta adds the event meta where one exists', async (t) => {
  const simulator = await start(t);
  const body = await page(simulator, `${RANGE}&limit=1000&includes=meta&event=purchase&event=login`);

  t.match(body.data.find((event) => event.name === 'purchase')?.meta, {name: 'purchase', conversion: true});
  t.notOk('meta' in (body.data.find((event) => event.name === 'login') as object));
});

t.test('start and end select whole UTC days, inclusive, only when both are given', async (t) => {
  const simulator = await start(t);
  const days = async (query: string) => {
    const body = await page(simulator, `${query}&limit=1000&page=1`);
    return body.meta.totalCount;
  };

  // 2000 events over 10 days: 200 a day.
  t.equal(await days('start=2026-01-03&end=2026-01-03'), 200);
  t.equal(await days('start=2026-01-03T23:59:00Z&end=2026-01-04T00:01:00Z'), 400, 'times of day are ignored');
  t.equal(await days('start=2026-01-05&end=2026-01-04'), 0, 'an inverted range is empty');
  t.equal(await days('start=2026-01-03'), 2000, 'a lone start is ignored');
  t.equal(await days('end=2026-01-03'), 2000, 'a lone end is ignored');
  t.equal(await days('start=2026&end=2026-01-01'), 200, 'a numeric start is coerced back to a string');

  const {status, text} = await get(simulator, 'start=yesterday&end=today');

  t.equal(status, 500);
  t.equal(text, 'Internal server error');
});

t.test('filters narrow by name, path, country and properties', async (t) => {
  const simulator = await start(t, {events: 1000});
  const filtered = async (filters: unknown[]) =>
    (await page(simulator, `${RANGE}&limit=1000&includes=properties&filters=${q(filters)}`)).data;
  const all = (await page(simulator, `${RANGE}&limit=1000&includes=properties`)).data;
  const expect = (test: (event: Record<string, unknown>) => boolean) =>
    all.filter(test).map((event) => event.id);
  const ids = (events: Array<Record<string, unknown>>) => events.map((event) => event.id);
  const prop = (event: Record<string, unknown>, key: string) =>
    (event.properties as Record<string, string>)[key];

  t.same(
    ids(await filtered([{name: 'country', operator: 'is', value: ['SE', 'DE']}])),
    expect((e) => ['SE', 'DE'].includes(e.country as string)),
  );
  t.same(
    ids(await filtered([{name: 'name', operator: 'isNot', value: ['screen_view']}])),
    expect((e) => e.name !== 'screen_view'),
  );
  t.same(
    ids(await filtered([{name: 'path', operator: 'contains', value: ['product']}])),
    expect((e) => (e.path as string).includes('product')),
  );
  t.same(
    ids(await filtered([{name: 'path', operator: 'startsWith', value: ['/docs']}])),
    expect((e) => (e.path as string).startsWith('/docs')),
  );
  t.same(
    ids(await filtered([{name: 'path', operator: 'endsWith', value: ['jacket']}])),
    expect((e) => (e.path as string).endsWith('jacket')),
  );
  t.same(
    ids(await filtered([{name: 'path', operator: 'doesNotContain', value: ['o']}])),
    expect((e) => !(e.path as string).includes('o')),
  );
  t.same(
    ids(await filtered([{name: 'path', operator: 'regex', value: ['^/blog/']}])),
    expect((e) => /^\/blog\//.test(e.path as string)),
  );
  t.same(
    ids(await filtered([{name: 'country', operator: 'isNull', value: []}])),
    expect((e) => e.country === ''),
  );
  t.same(
    ids(await filtered([{name: 'city', operator: 'isNotNull', value: []}])),
    expect((e) => e.city !== ''),
  );
  t.same(
    ids(await filtered([{name: 'properties.product.price', operator: 'gt', value: [100]}])),
    expect((e) => Number(prop(e, 'product.price')) > 100),
  );
  t.same(
    ids(await filtered([{name: 'properties.product.price', operator: 'lt', value: ['100']}])),
    expect((e) => prop(e, 'product.price') !== undefined && Number(prop(e, 'product.price')) < 100),
  );
  t.same(
    ids(await filtered([{name: 'properties.product.price', operator: 'gte', value: [129]}])),
    expect((e) => Number(prop(e, 'product.price')) >= 129),
  );
  t.same(
    ids(await filtered([{name: 'properties.product.price', operator: 'lte', value: [129]}])),
    expect((e) => prop(e, 'product.price') !== undefined && Number(prop(e, 'product.price')) <= 129),
  );
  const google = ids(await filtered([{name: 'referrer_name', operator: 'is', value: ['Google']}]));

  t.ok(google.length > 0 && google.length < all.length, 'snake_case names a column, selected or not');
  t.same(
    ids(await filtered([{name: 'os', operator: 'is', value: []}])),
    ids(all),
    'is with no value keeps all',
  );
  t.same(
    ids(await filtered([{name: 'os', operator: 'gt', value: ['x']}])),
    [],
    'a non-numeric bound keeps none',
  );
  t.same(
    ids(await filtered([{name: 'nope', operator: 'isNull', value: []}])),
    ids(all),
    'an unknown column is empty',
  );
  t.same(ids(await filtered([{name: 'os', operator: 'inCohort', value: ['c1']}])), []);
  t.same(ids(await filtered([{name: 'os', operator: 'notInCohort', value: ['c1']}])), ids(all));
  t.same(
    ids(
      await filtered([
        {name: 'country', operator: 'is', value: ['US']},
        {name: 'name', operator: 'is', value: ['screen_view']},
      ]),
    ),
    expect((e) => e.country === 'US' && e.name === 'screen_view'),
    'filters combine with AND',
  );
});

t.test('malformed filters are a 400 naming the filter, a bad regex a 500', async (t) => {
  const simulator = await start(t);
  const message = async (filters: string) =>
    ((await get(simulator, `filters=${filters}`)).body as {message: string}).message;

  t.equal(await message('country'), 'querystring/filters Expected array, received string');
  t.equal(await message(q([null])), 'querystring/filters/0 Expected object, received null');
  t.equal(await message(q([[]])), 'querystring/filters/0 Expected object, received array');
  t.match(
    await message(q([{name: 'os', operator: 'like', value: []}])),
    /^querystring\/filters\/0\/operator Invalid enum value/,
  );
  t.match(await message(q([{name: 'os', operator: 'is', value: 'x'}])), /^querystring\/filters\/0\/value /);
  t.match(await message(q([{name: 'os', operator: 'is', value: [{}]}])), /^querystring\/filters\/0\/value /);
  t.equal(await message(q([{operator: 'is', value: []}])), 'querystring/filters/0/name Required');
  t.equal(
    await message(q([{name: 5, operator: 'is', value: []}])),
    'querystring/filters/0/name Expected string, received number',
  );
  t.equal(
    (await get(simulator, `${RANGE}&filters=${q([{name: 'os', operator: 'regex', value: ['(']}])}`)).status,
    500,
  );
});

t.test('unknown parameters are ignored and + or malformed escapes decode like Fastify', async (t) => {
  const simulator = await start(t);
  const base = await page(simulator, `${RANGE}&limit=3`);

  t.same(await page(simulator, `${RANGE}&limit=3&foo=bar&&flag`), base);
  t.equal(
    (await page(simulator, `${RANGE}&event=screen+view`)).meta.totalCount,
    0,
    '"screen view" is no event',
  );
  t.equal(
    (await page(simulator, `${RANGE}&event=%E0%A4%A`)).meta.totalCount,
    0,
    'a malformed escape is kept as is',
  );
});

import {readFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {parse} from 'csv-parse/sync';
import type {Browser, Page} from 'playwright-core';
import t, {type Test} from 'tap';
import type {Service} from '../lib/service/index.js';
import type {Simulator} from '../lib/simulator/index.js';
import {mountWebPage} from '../lib/web/index.js';
import {CHROMIUM, keepScreenshot, launchChromium} from './helpers/browser.js';
import {ALICE, BOB, call, croctService, oneTime, until} from './helpers/service.js';

const browser = await launchChromium(t);

/** The service's clock: a few hours after the simulator's day of events, so recurring windows are due. */
const NOW = new Date('2015-09-01T06:00:00Z');

async function setup(t: Test, latency = 0): Promise<{service: Service; simulator: Simulator}> {
  const {simulator, service} = await croctService(t, {now: () => NOW}, {latency});
  mountWebPage(service, {pollInterval: 100, now: () => NOW});
  return {service, simulator};
}

async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/web/sign-in`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await page.waitForURL(`${base}/web/`);
}

function recurring(simulator: Simulator, overrides: Record<string, unknown> = {}) {
  return {
    name: 'events-every-3h',
    type: 'recurring',
    periodicity: 'PT3H',
    periodStart: '2015-08-31T00:00:00Z',
    format: {extension: 'ndjson'},
    items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url, pageSize: 100}],
    ...overrides,
  };
}

function browserTests(browser: Browser): void {
  t.test(
    'a user signs in, fixes a request the schema refused, watches its job finish without a reload, downloads its rows and deletes it',
    async (t) => {
      // Latency: its job takes about a second, long enough to be seen in progress.
      const {service, simulator} = await setup(t, 120);
      const context = await browser.newContext({acceptDownloads: true, viewport: {width: 1100, height: 760}});
      t.teardown(() => context.close());
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(`${service.url}/`);
      t.equal(
        page.url(),
        `${service.url}/web/sign-in?next=%2Fweb%2F`,
        'signed out: sent to the sign-in form',
      );
      await keepScreenshot(await page.screenshot(), 'web-sign-in.png');
      await page.getByLabel('API token').fill('not-a-token');
      await page.getByRole('button', {name: 'Sign in'}).click();
      t.equal(await page.getByRole('alert').textContent(), 'That token was not accepted.');
      await page.getByLabel('API token').fill(ALICE);
      await page.getByRole('button', {name: 'Sign in'}).click();
      await page.waitForURL(`${service.url}/web/`);
      const cookies = await context.cookies();
      t.match(cookies, [{name: 'export_stream_session', httpOnly: true, sameSite: 'Strict', secure: false}]);
      t.notOk(cookies[0]!.value.includes(ALICE), 'the cookie is an opaque id, not the token');
      t.match(await page.locator('main').textContent(), /No export request matches/);

      await page.getByRole('link', {name: 'New request'}).click();
      const wrong = oneTime(simulator, {
        items: [{provider: 'croct', resource: 'clicks', baseUrl: simulator.url}],
      });
      await page.getByLabel('Request JSON').fill(JSON.stringify(wrong, null, 2));
      await page.getByRole('button', {name: 'Create'}).click();
      const error = page.locator('#json-error');
      t.match(
        await error.textContent(),
        /at items\[0\]\.resource: expected/,
        'the error names the JSON path',
      );
      t.equal(await page.getByLabel('Request JSON').getAttribute('aria-invalid'), 'true');
      t.same(
        JSON.parse(await page.getByLabel('Request JSON').inputValue()),
        wrong,
        'the JSON comes back as posted',
      );
      await keepScreenshot(await page.screenshot({fullPage: true}), 'web-create-error.png');
      const listed = await call(service.url, 'GET', '/exports', {token: ALICE});
      t.equal(listed.json.total, 0, 'nothing was created');

      const fixed = oneTime(simulator, {
        name: 'day-of-events',
        items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url, pageSize: 50}],
      });
      await page.getByLabel('Request JSON').fill(JSON.stringify(fixed, null, 2));
      await page.getByRole('button', {name: 'Create'}).click();
      await page.waitForURL(/\/web\/exports\/[0-9a-f-]+$/);
      t.equal(await page.locator('.flash').textContent(), 'Created “day-of-events”.');
      const first = await page.locator('#jobs .status').first().textContent();
      t.not(first, 'done', `the job is not done yet when the page opens (${first})`);
      await page.evaluate('window.sameDocument = true');
      await page.locator('#jobs .status-done').waitFor({timeout: 20_000});
      t.equal(await page.evaluate('window.sameDocument'), true, 'done without a reload');
      t.equal(await page.locator('#status').textContent(), 'done', 'the status above updated too');
      t.match(await page.locator('#live').textContent(), /1 job, 1 done/);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', {name: /^Download/}).click(),
      ]);
      t.match(download.suggestedFilename(), /^day-of-events_.*\.csv$/);
      const rows = parse(await readFile((await download.path())!), {columns: true}) as unknown[];
      t.equal(rows.length, 300, 'every event of the day, once');

      await page.getByRole('link', {name: 'Delete…'}).click();
      t.match(await page.locator('h1').textContent(), /Delete “day-of-events”\?/);
      await page.getByRole('button', {name: 'Delete'}).click();
      await page.waitForURL(`${service.url}/web/`);
      t.equal(await page.locator('.flash').textContent(), 'The export request was deleted, with its files.');
      t.equal(
        (await call(service.url, 'GET', '/exports', {token: ALICE})).json.total,
        0,
        'gone from the API',
      );
      t.same(dialogs, [], 'no dialog');
    },
  );

  t.test("a second user sees none of the first one's requests, jobs or files", async (t) => {
    const {service, simulator} = await setup(t);
    const created = await call(service.url, 'POST', '/exports', {token: ALICE, body: oneTime(simulator)});
    const id = created.json.id as string;
    const context = await browser.newContext();
    t.teardown(() => context.close());
    const page = await context.newPage();
    await signIn(page, service.url, BOB);
    t.match(await page.locator('main').textContent(), /No export request matches/);
    for (const path of [`/web/exports/${id}`, `/web/exports/${id}/delete`, `/web/exports/${id}/download`]) {
      const response = await page.goto(`${service.url}${path}`);
      t.equal(response?.status(), 404, path);
      t.equal(await page.locator('h1').textContent(), 'Not found');
    }
    t.equal((await call(service.url, 'GET', `/exports/${id}`, {token: ALICE})).status, 200, 'still there');
  });

  t.test('markup in user input renders as text and runs nothing', async (t) => {
    const {service, simulator} = await setup(t);
    const script = '<script>alert(1)</script>';
    const labelled = recurring(simulator, {
      items: [{provider: 'croct', resource: 'events', baseUrl: simulator.url, label: script}],
    });
    const created = await call(service.url, 'POST', '/exports', {token: ALICE, body: labelled});
    t.equal(created.status, 201);
    const context = await browser.newContext();
    t.teardown(() => context.close());
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, service.url, ALICE);
    await page.goto(`${service.url}/web/new`);
    await page.getByLabel('Request JSON').fill(JSON.stringify(oneTime(simulator, {name: script})));
    await page.getByRole('button', {name: 'Create'}).click();
    t.match(await page.locator('#json-error').textContent(), `at name: expected`);
    t.match(await page.locator('#json-error').textContent(), script, 'the name as text in the error');
    await page.goto(`${service.url}/web/exports/${created.json.id}`);
    await page.locator('#jobs .status-done').first().waitFor({timeout: 20_000});
    t.match(await page.locator('pre').textContent(), script, 'the label as text in the JSON');
    t.equal(await page.locator('#jobs td[data-label="Item"]').first().textContent(), script);
    t.equal(await page.locator('main script').count(), 0, 'no script element came from the data');
    t.same(dialogs, [], 'no dialog fired');
  });

  t.test('a cross-site form post is refused and changes nothing', async (t) => {
    const {service, simulator} = await setup(t);
    const created = await call(service.url, 'POST', '/exports', {token: ALICE, body: oneTime(simulator)});
    const target = `${service.url}/web/exports/${created.json.id}/delete`;
    // Another site (localhost is not 127.0.0.1) whose page posts to the service as soon as it loads.
    const evil = createServer((_request, response) => {
      response.writeHead(200, {'content-type': 'text/html'});
      response.end(
        `<form id="f" method="post" action="${target}"><input name="_csrf" value="guess"></form><script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise((resolve) => evil.close(resolve)));
    const context = await browser.newContext();
    t.teardown(() => context.close());
    const page = await context.newPage();
    await signIn(page, service.url, ALICE);
    const refused = page.waitForResponse(target);
    await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
    const response = await refused;
    t.equal(response.status(), 403);
    t.match(await response.text(), /Cross-site form posts are refused/);
    t.equal(
      (await call(service.url, 'GET', `/exports/${created.json.id}`, {token: ALICE})).status,
      200,
      'not deleted',
    );
  });

  t.test(
    'the pages of a recurring request, for the docs: list, jobs and the chart of rows per window',
    async (t) => {
      const {service, simulator} = await setup(t);
      const created = await call(service.url, 'POST', '/exports', {token: ALICE, body: recurring(simulator)});
      await call(service.url, 'POST', '/exports', {
        token: ALICE,
        body: oneTime(simulator, {name: 'first-half-day', to: '2015-08-31T15:00:00Z'}),
      });
      const id = created.json.id as string;
      await until(async () => {
        const list = (await call(service.url, 'GET', '/exports?status=done', {token: ALICE})).json;
        const jobs = (await call(service.url, 'GET', `/exports/${id}/jobs`, {token: ALICE})).json.items;
        return list.total === 2 && jobs.length === 10;
      }, 'both requests done, the recurring one with its ten windows');
      const context = await browser.newContext({viewport: {width: 1100, height: 760}});
      t.teardown(() => context.close());
      const page = await context.newPage();
      await signIn(page, service.url, ALICE);
      t.equal(await page.locator('main .status-done').count(), 2, 'both listed as done');
      t.equal(await page.locator('tbody tr').count(), 2);
      await keepScreenshot(await page.screenshot(), 'web-list.png');
      const listBytes = (await (await page.reload())!.body()).length;
      await page.getByRole('link', {name: 'events-every-3h'}).click();
      const detail = await page.reload();
      const html = await detail!.text();
      const assets = await Promise.all(
        [...html.matchAll(/(?:href|src)="(\/web\/static\/[^"]+)"/g)].map(
          async (match) => (await (await fetch(`${service.url}${match[1]}`)).arrayBuffer()).byteLength,
        ),
      );
      t.comment(
        `page weights: list ${listBytes} B, request with 10 jobs and the chart ${Buffer.byteLength(html)} B, CSS + JS ${assets.join(' + ')} B (cached for good)`,
      );
      const bars = page.locator('svg.chart rect.bar');
      t.equal(await bars.count(), 10, 'one bar per window');
      t.match(
        await page.locator('svg.chart desc').textContent(),
        /^10 windows from 2015-08-31 00:00 to 2015-09-01 03:00/,
      );
      await keepScreenshot(await page.screenshot({fullPage: true}), 'web-request.png');
      await page.setViewportSize({width: 390, height: 800});
      await keepScreenshot(await page.screenshot(), 'web-request-phone.png');
    },
  );
}

if (browser === undefined) {
  t.skip(`chromium not found: ${CHROMIUM} is not installed; the browser tests did not run`, () => {});
} else {
  browserTests(browser);
}

import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { ADMIN_TOKEN, adminHeaders, loginCookie, settled, testDeps } from '../helpers/deps';
import { seriousViolations } from '../helpers/axe';
import { launchChromium, logInAsAdmin, phoneBrowser } from '../helpers/browser';
import { seedDemo } from '../helpers/demo';
import { serveApp, type Running } from '../helpers/servers';

const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const phone = { ...phoneBrowser, bypassCSP: true };
const LONG_LINK = 'https://github.com/acme/payments-platform/blob/main/src/checkout/database/failover/connection-pool-recycling-strategy.ts';
/** Every page a signed-in admin can open from the navigation and a write-up. */
const PAGES = [
  '/',
  '/writeups',
  '/writeups/checkout-failover',
  '/writeups/new',
  '/writeups/import',
  '/writeups/checkout-failover/edit',
  '/templates',
  '/templates/post-review-v1',
  '/digest',
  '/tokens',
  '/people',
  '/audit',
  '/api/docs',
];

const FORMS = ['/templates/post-review-v1/preview'];
let product: Running;
let browser: Browser;
let context: BrowserContext;
let now = new Date('2026-06-01T12:00:00Z');
const errors: string[] = [];

beforeAll(async () => {
  const deps = await testDeps({ now: () => now });
  const app = localApp(deps);
  await seedDemo(app, (iso) => (now = new Date(iso)));
  // The session and tokens are stamped with the real time: DynamoDB Local's TTL sweeps items that ended in the real past.
  now = new Date();
  await app.request('/api/writeups/checkout-failover/links', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ url: LONG_LINK }) });
  for (const name of ['CI scanner for the payments repository', 'laptop']) {
    await app.request('/api/tokens', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ name }) });
  }
  // More link registrations than a page of the audit trail holds, and a batch: an import.
  for (let i = 0; i < 101; i++) {
    await app.request('/api/writeups/dns-ttl/links', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ url: `https://acme.slack.com/archives/C1/p${i}` }),
    });
  }
  const csv = 'title,url\nOne,https://wiki.example.com/one\nTwo,https://wiki.example.com/two\nThree,https://wiki.example.com/three\n';
  const imported = await app.request('/api/writeups/import', { method: 'POST', headers: adminHeaders, body: JSON.stringify({ csv }) });
  // The audit test reads this batch's row: a failed import is said here, not as a missing row there.
  expect({ status: imported.status, body: await imported.text() }).toMatchObject({ status: 201 });
  const { reviews } = await (await app.request('/api/writeups/checkout-failover/reviews', { headers: adminHeaders })).json();
  PAGES.push(`/reviews/${reviews[0].id}`);
  // The check-in and survey pages people open on their phones follow the device too.
  FORMS.push(new URL(reviews[0].checkinUrl).pathname, new URL(reviews[0].surveyUrl).pathname);
  await settled();
  product = await serveApp(app);
  deps.publicUrl = 'https://signals.example.com';
  browser = await launchChromium();
  context = await browser.newContext(phone);
  await logInAsAdmin(context, product.url, ADMIN_TOKEN);
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
});

async function open(path: string, on: BrowserContext = context): Promise<Page> {
  const page = await on.newPage();
  page.on('console', (message) => message.type() === 'error' && errors.push(`${path}: ${message.text()}`));
  page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
  await page.goto(`${product.url}${path}`);
  return page;
}

/** How far the page, and each table's own box, reach past the screen's width. */
const overflow = (page: Page) =>
  page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    tables: [...document.querySelectorAll('.table-wrap')].filter((box) => box.scrollWidth > box.clientWidth + 1).length,
  }));

/** The names a card shows before its values (drawn by CSS, so read from the computed style). */
const labelsOf = (row: Locator) =>
  row
    .locator('td')
    .evaluateAll((cells) =>
      cells.map((cell) => getComputedStyle(cell, '::before').content.replace(/^"|"$/g, '')).filter((label) => label !== 'none' && label !== ''),
    );

describe('polish a person notices, on a 390 px phone', () => {
  it('scrolls no page sideways: wide tables become cards that name each value', async () => {
    for (const path of PAGES) {
      const page = await open(path);
      expect({ path, ...(await overflow(page)) }).toEqual({ path, page: 390, tables: 0 });
      await page.close();
    }
    const tokens = await open('/tokens');
    const card = tokens.getByRole('row', { name: /CI scanner for the payments repository/ });
    expect(await labelsOf(card)).toEqual(['Owner', 'Role', 'Created', 'Expires', 'Last used', 'Status']);
    const box = (await card.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await seriousViolations(tokens)).toEqual([]);
    await tokens.close();
    const writeup = await open('/writeups/checkout-failover');
    const link = writeup.getByRole('row', { name: new RegExp(LONG_LINK.slice(-30)) });
    expect(await labelsOf(link)).toEqual(['Place', 'Kind', 'Found by', 'Clicks', 'Reads referred', 'First seen', 'Last seen']);
    expect(await link.getByRole('cell', { name: 'Kind code' }).count()).toBe(1);
    expect(await seriousViolations(writeup)).toEqual([]);
    await writeup.evaluate(() => document.getElementById('links')!.scrollIntoView());
    await writeup.screenshot({ path: `${SCREENSHOTS}writeup-links-phone.png` });
    await writeup.close();
    // Every page of the dashboard, each measured and checked by axe.
  }, 120_000);

  it('follows the device into dark mode, with the contrast axe asks for on every page', async () => {
    const dark = await browser.newContext({ ...phone, colorScheme: 'dark', storageState: await context.storageState() });
    for (const path of PAGES) {
      const page = await open(path, dark);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect({ path, background }).toEqual({ path, background: 'rgb(18, 20, 23)' });
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
      await page.close();
    }
    for (const path of FORMS) {
      // The demo's check-in closed a day after its review: that page answers 403, which the browser logs, so these stay out of the console check.
      const page = await dark.newPage();
      await page.goto(`${product.url}${path}`);
      const background = await page.evaluate(() => getComputedStyle(document.querySelector('main')!).backgroundColor);
      expect({ path, background }).toEqual({ path, background: 'rgb(18, 20, 23)' });
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
      await page.close();
    }
    const page = await open('/writeups/checkout-failover?from=2026-01-01&to=2026-05-31', dark);
    await page.screenshot({ path: `${SCREENSHOTS}writeup-dark-phone.png` });
    await page.close();
    const survey = await open(FORMS[2]!, dark);
    await survey.screenshot({ path: `${SCREENSHOTS}survey-dark-phone.png` });
    await survey.close();
    await dark.close();
    // Every page of the dashboard, each measured and checked by axe.
  }, 120_000);

  it('shows the product’s icon in the tab of every page, and answers /favicon.ico with it', async () => {
    for (const path of ['/', '/login', '/api/docs', '/writeups/checkout-failover']) {
      const page = await open(path);
      expect({ path, icon: await page.locator('head link[rel=icon]').getAttribute('href') }).toEqual({ path, icon: '/favicon.svg' });
      await page.close();
    }
    const page = await context.newPage();
    const icon = await page.goto(`${product.url}/favicon.svg`);
    expect(icon!.headers()['content-type']).toBe('image/svg+xml');
    expect(await page.locator('svg rect').count()).toBeGreaterThan(1);
    // Asked for by tools and browsers without being told: the same icon, never a 404.
    const ico = await page.goto(`${product.url}/favicon.ico`);
    expect(ico!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/favicon.svg');
    await page.close();
  });

  it('on the first open, leads to the pages that do each step, not to commands', async () => {
    const deps = await testDeps();
    const empty = await serveApp(localApp(deps));
    const fresh = await browser.newContext(phone);
    await fresh.addCookies([{ name: 'ls_session', value: (await loginCookie(deps)).split('=')[1]!, url: empty.url }]);
    const page = await fresh.newPage();
    await page.goto(`${empty.url}/`);
    const start = page.getByRole('region', { name: 'Add your first write-up' });
    expect(await start.locator('pre, code').count()).toBe(0);
    await start.getByRole('link', { name: 'surveys' }).click();
    await page.waitForURL(/\/templates$/);
    await page.goBack();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    expect(await seriousViolations(page)).toEqual([]);
    await start.evaluate((region) => region.scrollIntoView());
    await page.screenshot({ path: `${SCREENSHOTS}first-run-phone.png` });
    await start.getByRole('link', { name: 'Add your first write-up' }).click();
    await page.waitForURL(/\/writeups\/new$/);
    await fresh.close();
    await empty.close();
  });

  it('explains each operation of the API reference, field by field, and leads back to the dashboard', async () => {
    const page = await open('/api/docs');
    await page.getByText('POST /api/writeups/{id}/reviews').click();
    const operation = page.locator('details#scheduleReview');
    const startsAt = operation.getByRole('row', { name: /^startsAt/ });
    expect(await startsAt.textContent()).toContain('a wall-clock time in timeZone');
    expect(await operation.getByRole('row', { name: /^invitees\[\]\.email/ }).textContent()).toContain('Where the calendar invitation goes');
    expect(await operation.getByRole('row', { name: /^id/ }).textContent()).toContain("The write-up's id");
    expect(await operation.locator('pre').count()).toBe(0);
    expect(await overflow(page)).toEqual({ page: 390, tables: 0 });
    expect(await seriousViolations(page)).toEqual([]);
    await startsAt.evaluate((row) => row.closest('table')!.scrollIntoView());
    await page.screenshot({ path: `${SCREENSHOTS}api-docs-phone.png` });
    await page.getByRole('link', { name: '← Back to the dashboard' }).first().click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.close();
  });

  it('names each change in words, says what a batch touched, and filters by person and action across pages', async () => {
    const page = await open('/audit');
    const rows = page.locator('table tbody tr');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, what a person sees.
    const shown = await page.locator('table').innerText();
    expect(shown).not.toMatch(/(POST|GET|PUT|DELETE|PATCH) \//);
    expect(shown).not.toContain(':id');
    const imported = rows.filter({ has: page.getByRole('rowheader', { name: /^Import write-ups from CSV text/ }) });
    expect(await imported.getByRole('cell', { name: /3 write-ups$/ }).count()).toBe(1);
    expect(await imported.getByRole('cell', { name: /the API$/ }).count()).toBe(1);
    expect(await overflow(page)).toEqual({ page: 390, tables: 0 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('combobox', { name: 'What', exact: true }).selectOption({ label: 'Register a place that points at a write-up' });
    await page.getByRole('combobox', { name: 'Who', exact: true }).selectOption('admin token');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/action=link\.register/);
    expect(await page.getByText(/^1[02]\d changes from .* by admin token, “Register a place that points at a write-up”; 1 to 100, newest first/).count()).toBe(
      1,
    );
    expect(await rows.count()).toBe(100);
    await page.getByRole('link', { name: 'Older changes' }).click();
    await page.waitForURL(/page=2/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ who: 'admin token', action: 'link.register', page: '2' });
    expect(await page.getByRole('combobox', { name: 'What', exact: true }).inputValue()).toBe('link.register');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) expect(await row.locator('th').textContent()).toBe('Register a place that points at a write-up');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${product.url}/audit`);
    await page.screenshot({ path: `${SCREENSHOTS}audit-phone.png` });
    await page.close();
  });

  it('offers a sample CSV file on the import page, which previews as it is; tags are separated alike in the form', async () => {
    const page = await open('/writeups/import');
    expect(await page.locator('#import-tags').textContent()).toContain('commas or semicolons, as in the write-up form');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download a sample CSV file' }).click()]);
    expect(download.suggestedFilename()).toBe('write-ups-sample.csv');
    await page.getByLabel('CSV file').setInputFiles((await download.path())!);
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '2 write-ups to import' }).count()).toBe(1);
    const dns = page.getByRole('row').filter({ hasText: 'A DNS TTL kept traffic on a dead region' });
    expect(await dns.getByRole('cell', { name: /networking, sev1$/ }).count()).toBe(1);
    expect(await overflow(page)).toEqual({ page: 390, tables: 0 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}import-phone.png`, fullPage: true });
    await page.goto(`${product.url}/writeups/new`);
    expect(await page.getByText('Separated by commas or semicolons: team, service, severity.').count()).toBe(1);
    await page.close();
  });

  it('had no console errors on any page', () => {
    expect(errors).toEqual([]);
  });
});

import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { ADMIN_TOKEN, settled, testDeps } from '../helpers/deps';
import { seriousViolations } from '../helpers/axe';
import { launchChromium, ordinaryBrowser } from '../helpers/browser';
import { LONG_ANSWER, seedDemo } from '../helpers/demo';
import { serveApp, type Running } from '../helpers/servers';

const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
let product: Running;
let browser: Browser;
let context: BrowserContext;
let now = new Date('2026-06-01T12:00:00Z');
const errors: string[] = [];

beforeAll(async () => {
  const deps = await testDeps({ now: () => now, adminTokenHint: '.data/admin-token on the machine that runs it (npm start prints it too).' });
  const app = localApp(deps);
  await seedDemo(app, (iso) => (now = new Date(iso)));
  await settled();
  now = new Date('2026-06-01T12:00:00Z');
  product = await serveApp(app);
  // A fixed public URL keeps the screenshots the same from run to run.
  deps.publicUrl = 'https://signals.example.com';
  browser = await launchChromium();
  // axe-core is injected as a script, which the dashboard's own CSP would rightly block.
  context = await browser.newContext({ ...ordinaryBrowser, bypassCSP: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && errors.push(`${path}: ${message.text()}`));
  page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
  await page.goto(`${product.url}${path}`);
  return page;
}

describe('the dashboard in Chromium', () => {
  it('sends a visitor to the login page, refuses a wrong token, and logs in', async () => {
    // A refused login answers 401, which the browser logs: that page is kept out of the console check.
    const refused = await context.newPage();
    await refused.goto(`${product.url}/login`);
    await refused.getByLabel('Admin token').fill('not-the-token');
    await refused.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => refused.getByRole('alert').textContent()).toContain('not right');
    await refused.close();
    const page = await open('/writeups/checkout-failover?from=2026-01-01&to=2026-05-31');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('#token-hint').textContent()).toBe('Where it is: .data/admin-token on the machine that runs it (npm start prints it too).');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    // The session is stamped with the real time: DynamoDB Local's TTL sweeps items that ended in the real past.
    now = new Date();
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/writeups\/checkout-failover/);
    now = new Date('2026-06-01T12:00:00Z');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'ls_session', httpOnly: true, sameSite: 'Strict' });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(cookie!.value).not.toContain(ADMIN_TOKEN);
    await page.close();
  });

  it('shows the organization: every signal as a chart with its data, the long tail, sortable write-ups', async () => {
    const page = await open('/?from=2026-01-01&to=2026-05-31&bucket=month');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('learning');
    for (const title of [
      'Reads',
      'Engaged reads',
      'Readers',
      'Reviews',
      'Attendees',
      'Voluntary attendees',
      'Participants',
      'Links by kind',
      'Survey responses',
      'Learned something new',
    ]) {
      await expect.poll(() => page.getByRole('img', { name: new RegExp(`^${title}:`) }).count()).toBe(1);
    }
    expect(await page.locator('figure details table').count()).toBe(10);
    expect(await page.getByRole('region', { name: /90 days or more/ }).textContent()).toContain('Database failover stalled checkouts');
    await page.getByRole('link', { name: 'Last read' }).click();
    await page.waitForURL(/sort=lastRead/);
    const firstRow = await page.locator('#writeup-list tbody tr').first().locator('th').textContent();
    expect(firstRow).toBe('A DNS TTL kept traffic on a dead region');
    expect(await page.getByText('An expired certificate <and> the pager').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${product.url}/?from=2026-01-01&to=2026-05-31&bucket=month`);
    await page.screenshot({ path: `${SCREENSHOTS}overview.png`, fullPage: true });
    await page.close();
  });

  it('shows a write-up: reads, long tail, participants’ own words as text, reviews with names, links, embed', async () => {
    const page = await open('/writeups/checkout-failover?from=2026-01-01&to=2026-05-31');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Database failover stalled checkouts');
    const words = page.getByRole('region', { name: 'What surprised you the most?' });
    expect(await words.getByText('<script>alert("not code")</script> that nobody owned the failover runbook').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { alerted?: boolean }).alerted)).toBeUndefined();
    expect(await page.getByRole('region', { name: 'What is still a mystery to you?' }).locator('blockquote').count()).toBe(2);
    expect(await page.getByRole('row', { name: /Cy Dee/ }).textContent()).toContain('no');
    expect(await page.getByRole('img', { name: /^The long tail since publication:/ }).count()).toBe(1);
    expect(await page.getByRole('cell', { name: 'https://github.com/acme/payments/pull/812' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SCREENSHOTS}writeup.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}writeup-phone.png` });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: product.url });
    await page.getByRole('button', { name: 'Copy', exact: true }).first().click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('data-writeup="checkout-failover"');
    await page.close();
  });

  it('refuses a range it cannot use: the reason beside the field, the values as typed, no numbers', async () => {
    const cases: Array<[string, string, string]> = [
      ['/?from=2026-05-31&to=2026-01-01', 'From must not be after to.', '2026-05-31'],
      ['/?from=2020-01-01&to=2026-05-31', 'From a range covers at most 1096 days.', '2020-01-01'],
      ['/writeups/checkout-failover?from=2026-02-30&to=2026-05-31', 'From must be a day written YYYY-MM-DD.', ''],
    ];
    for (const [path, message, typedFrom] of cases) {
      // These pages answer 400, which the browser logs: they are kept out of the console check.
      const page = await context.newPage();
      await page.goto(`${product.url}${path}`);
      const response = await page.request.get(`${product.url}${path}`);
      expect(response.status()).toBe(400);
      const from = page.locator('form.range input[name=from]');
      expect(await page.locator('#range-error-from').textContent()).toBe(message);
      expect(await from.getAttribute('aria-invalid')).toBe('true');
      // A date input cannot hold an impossible day; the others keep what was typed.
      expect(await from.inputValue()).toBe(typedFrom);
      expect(await page.locator('figure').count()).toBe(0);
      await page.close();
    }
    const bucket = await context.newPage();
    await bucket.goto(`${product.url}/?bucket=fortnight`);
    expect(await bucket.locator('#range-error-bucket').textContent()).toBe('Group by must be week or month.');
    await bucket.close();
  });

  it('links the CSV exports of the range the page shows', async () => {
    const page = await open('/?from=2026-02-01&to=2026-03-31&bucket=month');
    const hrefs = await page.locator('a[href^="/api/export/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(
      ['reads', 'links', 'attendance', 'responses'].flatMap((name) => [
        `/api/export/${name}.csv?from=2026-02-01&to=2026-03-31`,
        `/api/export/${name}.csv?from=2026-02-01&to=2026-03-31&excel=1`,
      ]),
    );
    // The one for Excel is the same file after a byte-order mark.
    const excel = await page.request.get(`${product.url}${hrefs[1]}`);
    expect([...(await excel.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = await page.request.get(`${product.url}${hrefs[0]}`);
    const days = (await csv.text())
      .trim()
      .split('\r\n')
      .slice(1)
      .map((row) => row.slice(0, 10));
    expect(days.length).toBeGreaterThan(0);
    expect(days.every((day) => day >= '2026-02-01' && day <= '2026-03-31')).toBe(true);
    await page.close();
  });

  it('on a phone, the write-up list says what it holds in full, outside its scroller', async () => {
    const page = await open('/?from=2026-01-01&to=2026-05-31');
    await page.setViewportSize({ width: 390, height: 844 });
    const note = page.locator('#writeup-list-note');
    expect(await note.textContent()).toMatch(/^3 write-ups; reads and links from 20/);
    const box = (await note.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('folds a long answer after a few lines, and opens it whole with a click (no script needed)', async () => {
    const page = await open('/writeups/checkout-failover?from=2026-01-01&to=2026-05-31');
    const region = page.getByRole('region', { name: 'What kept this incident from being worse than it was?' });
    const folded = region.locator('blockquote.long');
    expect(await folded.count()).toBe(1);
    const closedHeight = (await folded.boundingBox())!.height;
    expect(await folded.locator('summary').textContent()).not.toContain(LONG_ANSWER.slice(-60));
    await folded.getByText(/Read all of it \(\d+ characters\)/).click();
    await expect.poll(() => folded.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, what a reader sees (not the DOM's).
    expect(await folded.innerText()).toContain(LONG_ANSWER.slice(-60));
    expect((await folded.boundingBox())!.height).toBeGreaterThan(closedHeight * 1.5);
    await page.close();
  });

  it('works by keyboard: the range form and the sort links are reachable and labelled', async () => {
    const page = await open('/?from=2026-01-01&to=2026-05-31');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the content');
    await page.getByLabel(/^From\b/).fill('2026-02-01');
    await page.getByLabel('Group by').selectOption('week');
    await page.getByRole('button', { name: 'Show' }).press('Enter');
    await page.waitForURL(/from=2026-02-01.*bucket=week/);
    expect(await page.locator('p.muted').first().textContent()).toContain('2026-02-01 to 2026-05-31, by week');
    await page.close();
  });

  it('logs out, and the pages ask for the login again', async () => {
    const page = await open('/');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await page.screenshot({ path: `${SCREENSHOTS}login.png` });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await page.goto(`${product.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('had no console errors on any page', () => {
    expect(errors).toEqual([]);
  });
});

import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp } from '../../local/server';
import { createWriteup, newVisitId, requestsTo, sendBeacon } from '../helpers/apps';
import { seriousViolations } from '../helpers/axe';
import { launchChromium, ordinaryBrowser, phoneBrowser } from '../helpers/browser';
import { loginCookie, settled, testDeps } from '../helpers/deps';
import { serveApp, type Running } from '../helpers/servers';

// Day two as a leader and a facilitator see it: the organization page filtered by a tag, the digest of the
// week so far, the go-link builder, the room's check-in and its screen, the survey editor; on a phone.
const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const phone = phoneBrowser;
const LONG_ANSWER = `The failover itself worked. ${'What surprised me was how long nobody knew which dashboard to trust while the replicas caught up. '.repeat(7)}The end.`;

let deps: AppDeps;
let app: ReturnType<typeof localApp>;
let product: Running;
let browser: Browser;
let session: string;
let review: { id: string; checkinUrl: string; surveyUrl: string };
const errors: string[] = [];
const { api, form } = requestsTo(() => app);

beforeAll(async () => {
  deps = await testDeps({ now: () => new Date() });
  app = localApp(deps);
  product = await serveApp(app);
  deps.publicUrl = product.url;
  browser = await launchChromium();
  session = (await loginCookie(deps)).replace(/^ls_session=/, '');
  mkdirSync(SCREENSHOTS, { recursive: true });
  const today = new Date().toISOString().slice(0, 10);
  await createWriteup(app, 'pay-outage', { title: 'Payments outage', tags: ['payments'], publishedAt: today });
  await createWriteup(app, 'dns-outage', { title: 'DNS outage', tags: ['network'], publishedAt: today });
  for (const w of ['pay-outage', 'dns-outage']) {
    await sendBeacon(app, { w, k: 'engage', u: `https://docs.example.com/pir/${w}`, r: null, v: newVisitId(), e: 40_000, s: 70 });
  }
  review = await (await api('/api/writeups/pay-outage/reviews', { startsAt: new Date().toISOString(), title: 'Payments outage review' })).json();
  await form(new URL(review.surveyUrl).pathname, { learned: 'yes', surprise: LONG_ANSWER });
  await settled();
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
  expect(errors).toEqual([]);
});

/** A signed-in browser (axe-core is injected past the pages' CSP). */
async function signedIn(options: BrowserContextOptions = phone): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, bypassCSP: true });
  await context.addCookies([{ name: 'ls_session', value: session, url: product.url, httpOnly: true, sameSite: 'Strict' }]);
  return context;
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
  await page.goto(`${product.url}${path}`);
  return page;
}

/** No serious or critical axe violation, and at 390 px nothing scrolls the page sideways. */
async function expectFitAndAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
  expect(page.viewportSize()?.width).toBe(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

describe('the organization page filtered by a tag, on a phone', () => {
  it('keeps the tag on its quick ranges and lets one read a long answer whole', async () => {
    const context = await signedIn();
    const page = await open(context, '/');
    await page.getByLabel('Tag (team, service, severity)').selectOption('payments');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/tag=payments/);
    await expectFitAndAccessible(page);
    await page.getByRole('link', { name: 'last 30 days' }).click();
    await page.waitForURL(/from=.*tag=payments/);
    expect(await page.locator('main').textContent()).toContain('write-ups tagged “payments”');
    expect(await page.locator('main').textContent()).not.toContain('DNS outage');
    for (const link of await page.getByRole('link', { name: /^(reads|links|for Excel)$/ }).all()) {
      expect(await link.getAttribute('href')).toContain('tag=payments');
    }
    // The answer is folded at a word; a click shows all of it.
    const answer = page.locator('#recent-words ~ .words blockquote.long');
    expect(await answer.locator('.preview').isVisible()).toBe(true);
    await answer.getByText(/Read all of it/).click();
    await expect.poll(() => answer.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await answer.locator('details').textContent()).toContain(LONG_ANSWER.trim());
    // Open: the preview gives way to the whole answer, and the summary folds it again.
    expect(await answer.locator('.preview').isVisible()).toBe(false);
    expect(await answer.locator('.less').isVisible()).toBe(true);
    await expectFitAndAccessible(page);
    await context.close();
  });
});

describe('the digest of the week so far', () => {
  it('switches from last week to this week so far', async () => {
    const context = await signedIn();
    const page = await open(context, '/digest');
    expect(await page.getByRole('link', { name: 'Last week' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('link', { name: 'This week so far' }).click();
    await page.waitForURL(/week=current/);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/^This week so far: /);
    expect(await page.getByRole('link', { name: 'This week so far' }).getAttribute('aria-current')).toBe('page');
    await expectFitAndAccessible(page);
    await context.close();
  });
});

describe("the write-up page's go-link builder", () => {
  it('builds a go-link for the kind picked and copies it, on a phone', async () => {
    const context = await signedIn();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: product.url });
    const page = await open(context, '/writeups/pay-outage');
    expect(await page.locator('#referrer-note').textContent()).toContain('browsers send only that site');
    await page.getByLabel('Where the link will be').selectOption('onboarding');
    await page.getByRole('button', { name: 'Make the go-link' }).click();
    await page.waitForURL(/golink=onboarding/);
    const built = page.locator('#snippet-golink-built');
    expect(await built.textContent()).toBe(`${product.url}/go/pay-outage?from=onboarding`);
    await page.locator('#go-link-builder').scrollIntoViewIfNeeded();
    await page.locator('#go-link-builder').screenshot({ path: `${SCREENSHOTS}go-link-builder.png` });
    const copy = page.locator('button[data-copy="snippet-golink-built"]');
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${product.url}/go/pay-outage?from=onboarding`);
    await expectFitAndAccessible(page);
    await context.close();
  });

  it('works without scripts: the form shows the address', async () => {
    const context = await signedIn({ ...phone, javaScriptEnabled: false });
    const page = await open(context, '/writeups/pay-outage');
    await page.getByLabel('Where the link will be').selectOption('code');
    await page.getByRole('button', { name: 'Make the go-link' }).click();
    await page.waitForURL(/golink=code/);
    expect(await page.locator('#snippet-golink-built').textContent()).toBe(`${product.url}/go/pay-outage?from=code`);
    await context.close();
  });
});

/** Checks a person in on a page showing the check-in form. */
async function checkIn(page: Page, name: string) {
  await page.getByLabel('Your name').fill(name);
  await page
    .getByRole('group', { name: /invited/i })
    .getByRole('radio', { name: 'Yes' })
    .check();
  await page.getByRole('button', { name: /check in/i }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe("You're checked in");
}

describe("the room's check-in and its screen", () => {
  it("updates the screen's count in place as people check in from their phones", async () => {
    const context = await signedIn({ ...ordinaryBrowser, viewport: { width: 390, height: 844 } });
    const screen = await open(context, `/reviews/${review.id}/present`);
    const count = screen.getByRole('status');
    const before = Number((await count.textContent())!.match(/\d+/)![0]);
    await expectFitAndAccessible(screen);
    // A mark the page keeps only while it is not reloaded.
    await screen.evaluate(() => {
      (window as unknown as { stillHere: string }).stillHere = 'yes';
    });
    const own = await browser.newContext({ ...phone, bypassCSP: true });
    const mine = await own.newPage();
    await mine.goto(review.checkinUrl);
    await checkIn(mine, 'Priya Raman');
    await own.close();
    await expect
      .poll(() => count.textContent(), { timeout: 25_000, interval: 500 })
      .toBe(`${before + 1} ${before + 1 === 1 ? 'person' : 'people'} checked in so far`);
    expect(await screen.evaluate(() => (window as unknown as { stillHere?: string }).stillHere)).toBe('yes');
    await expectFitAndAccessible(screen);
    await context.close();
  }, 40_000);

  it('on their own phone, a person keeps their thanks; on the room’s check-in, the form comes back for the next person', async () => {
    const own = await browser.newContext({ ...phone, bypassCSP: true });
    const mine = await own.newPage();
    await mine.goto(review.checkinUrl);
    await checkIn(mine, 'Kim Own-Phone');
    await expectFitAndAccessible(mine);
    await mine.waitForTimeout(9_500);
    expect(await mine.getByRole('heading', { level: 1 }).textContent()).toBe("You're checked in");
    await own.close();

    const shared = await browser.newContext({ ...phone, bypassCSP: true });
    const tablet = await shared.newPage();
    await tablet.goto(`${review.checkinUrl}?room=1`);
    expect(await tablet.locator('main').textContent()).toContain("This is the room's check-in");
    await expectFitAndAccessible(tablet);
    await checkIn(tablet, 'Sam Okafor');
    expect(await tablet.locator('main').textContent()).toContain('This screen comes back for the next person in 8 seconds.');
    await tablet.screenshot({ path: `${SCREENSHOTS}checkin-room.png` });
    await expectFitAndAccessible(tablet);
    await expect.poll(() => tablet.getByRole('heading', { level: 1 }).textContent(), { timeout: 12_000, interval: 500 }).not.toBe("You're checked in");
    expect(new URL(tablet.url()).search).toBe('?room=1');
    expect(await tablet.getByLabel('Your name').inputValue()).toBe('');
    await shared.close();
  }, 40_000);
});

describe('the survey editor', () => {
  it('shows choices only for a choice question, and the preview leads back to the editor', async () => {
    const context = await signedIn();
    const page = await open(context, '/templates/new');
    const choices = page.getByLabel('Choices (for choice questions only)');
    // A new question is a long answer: no choices to offer.
    expect(await choices.first().isVisible()).toBe(false);
    await page.getByLabel('Answered with').first().selectOption('choice');
    expect(await choices.first().isVisible()).toBe(true);
    await page.getByLabel('Answered with').first().selectOption('scale');
    expect(await choices.first().isVisible()).toBe(false);
    await expectFitAndAccessible(page);

    await page.getByLabel('Id', { exact: true }).fill('after-action');
    await page.getByLabel('Title').fill('After action');
    await page.getByLabel('What it asks').first().fill('What will you do differently?');
    await page.getByLabel('Its id').first().fill('differently');
    await page.getByRole('button', { name: 'Save the survey' }).click();
    await page.waitForURL(/\/templates\/after-action\?saved=1/);
    await page.getByRole('link', { name: 'See it as participants do' }).click();
    await page.waitForURL(/\/templates\/after-action\/preview/);
    await expectFitAndAccessible(page);
    await page.getByRole('link', { name: /Back to editing “After action”/ }).click();
    await page.waitForURL(/\/templates\/after-action$/);
    await context.close();

    // Without scripts the choices stay, labelled as for choice questions only.
    const plain = await signedIn({ ...phone, javaScriptEnabled: false });
    const still = await open(plain, '/templates/new');
    expect(await still.getByLabel('Choices (for choice questions only)').first().isVisible()).toBe(true);
    await plain.close();
  });
});

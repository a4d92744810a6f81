import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { ADMIN_TOKEN, adminHeaders, BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { seriousViolations } from '../helpers/axe';
import { launchChromium, logInAsAdmin, phoneBrowser } from '../helpers/browser';
import { startMailbox, type Mailbox } from '../helpers/mail';
import { serveApp, type Running } from '../helpers/servers';

// Correcting mistakes as a facilitator does, on a phone, by what the pages say.
const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const phone = { ...phoneBrowser, bypassCSP: true };
let product: Running;
let browser: Browser;
let context: BrowserContext;
let app: ReturnType<typeof localApp>;
let reviewId = '';
let checkinPath = '';
let mailbox: Mailbox;
const errors: string[] = [];

const post = (path: string, body: unknown) => app.request(path, { method: 'POST', headers: adminHeaders, body: JSON.stringify(body) });

beforeAll(async () => {
  // The real time: the session's expiry is swept by DynamoDB Local's TTL, and the check-in is open an hour around the start.
  mailbox = await startMailbox();
  const deps = await testDeps({ now: () => new Date() });
  deps.reviewMail = { from: 'Learning Signals <signals@acme.example>', via: { smtpUrl: mailbox.url }, timeoutMs: 5_000 };
  app = localApp(deps);
  await post('/api/writeups', { id: 'queue-backlog', title: 'Queue backlog after the deploy', url: 'https://docs.example.com/pir/queue-backlog' });
  await post('/api/writeups/queue-backlog/links', { url: 'https://github.com/acme/queue/pull/42' });
  await post('/api/writeups/queue-backlog/links', { url: 'https://example.com/not-about-this' });
  const review = await (
    await post('/api/writeups/queue-backlog/reviews', {
      startsAt: new Date(Date.now() - 600_000).toISOString(),
      title: 'Queue backlog review',
      invitees: [{ name: 'Ana Lima', email: 'ana@acme.example' }],
    })
  ).json();
  reviewId = review.id;
  checkinPath = new URL(review.checkinUrl).pathname;
  for (const name of ['Ana Lima', 'A. Lima', 'Test Person'])
    await app.request(checkinPath, {
      method: 'POST',
      headers: { 'user-agent': BROWSER_UA, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name }),
    });
  await settled();
  product = await serveApp(app);
  browser = await launchChromium();
  context = await browser.newContext(phone);
  await logInAsAdmin(context, product.url, ADMIN_TOKEN);
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
  await mailbox?.close();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && errors.push(`${path}: ${message.text()}`));
  page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
  await page.goto(`${product.url}${path}`);
  return page;
}

/** The page is usable as it is: no serious accessibility problem, nothing scrolling sideways on the phone. */
async function checked(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

describe('following up and adapting, on a phone', () => {
  it('mails the invitation to the invitees with an address', async () => {
    const page = await open(`/reviews/${reviewId}`);
    await page.getByRole('button', { name: 'Mail the invitation to 1 invitee with an address' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Mailed the invitation to 1 invitee.');
    expect(mailbox.received.map((m) => m.subject)).toEqual(['Invitation: Queue backlog review']);
    await checked(page);
    await page.close();
  });

  it('copies the built-in survey as a new one to change', async () => {
    const page = await open('/templates/post-review-v1');
    await checked(page);
    await page.getByLabel("The new survey's id").fill('queue-team-review');
    await page.getByLabel('Its title').fill('Queue team review');
    await page.getByRole('button', { name: 'Copy as a new survey' }).click();
    await page.waitForURL((url) => url.pathname === '/templates/queue-team-review');
    expect(await page.locator('h1').textContent()).toContain('Queue team review');
    await checked(page);
    await page.close();
  });
});

describe('correcting a review, on a phone', () => {
  it('reschedules it with its own form', async () => {
    const page = await open(`/reviews/${reviewId}`);
    await page.getByRole('link', { name: 'Reschedule or edit' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/edit'));
    await checked(page);
    await page.getByLabel('Length in minutes').fill('90');
    await page.getByLabel('Title').fill('Queue backlog review (longer)');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Saved, and mailed');
    expect(await page.locator('h1').textContent()).toBe('Queue backlog review (longer)');
    expect(await page.locator('p.muted').first().textContent()).toContain('90 minutes');
    // Invited by mail: the change went the same way.
    expect(await page.getByRole('status').first().textContent()).toContain('mailed to 1 invitee as the newer version');
    expect(mailbox.received.at(-1)?.subject).toBe('Changed: Queue backlog review (longer)');
    await page.close();
  });

  it('makes two records of one person one, and removes one made by mistake', async () => {
    const page = await open(`/reviews/${reviewId}`);
    await checked(page);
    await page.getByLabel('Merge').selectOption('A. Lima');
    await page.getByLabel('into').selectOption('Ana Lima');
    await page.getByRole('button', { name: 'Make them one' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The two records are one now: Ana Lima');
    await page.getByLabel('Remove the record of').selectOption('Test Person');
    // Nothing is removed until the box is ticked: the browser asks for it.
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    expect(new URL(page.url()).search).not.toContain('removed');
    await page.getByLabel('Yes, remove it').check();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Removed Test Person’s attendance');
    expect(await page.locator('#attendance + p').textContent()).toContain('1 attendee');
    await page.locator('#corrections').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}review-corrections-phone.png`, fullPage: false });
    await page.close();
  });

  it('cancels it: the page says so, and its check-in link tells people', async () => {
    const page = await open(`/reviews/${reviewId}`);
    await page.getByLabel('Yes, cancel this review').check();
    await page.getByRole('button', { name: 'Cancel the review' }).click();
    await expect.poll(() => page.locator('.status-note').first().textContent()).toContain('This review was cancelled');
    await checked(page);
    // A 410, which the browser logs as it should: this page is kept out of the console check.
    const checkin = await context.newPage();
    await checkin.goto(`${product.url}${checkinPath}`);
    expect(await checkin.locator('h1').textContent()).toBe('This review was cancelled');
    await checked(checkin);
    await checkin.close();
    await page.close();
  });
});

describe('correcting a write-up', () => {
  it('removes a link, archives and restores the write-up, and deletes it by its id', async () => {
    const page = await open('/writeups/queue-backlog');
    await checked(page);
    await page.getByLabel('Remove a link added by mistake').selectOption('https://example.com/not-about-this');
    await page.getByLabel('Yes, remove it and its clicks').check();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Link removed');
    expect(await page.getByRole('link', { name: 'https://example.com/not-about-this' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Archive the write-up' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Archived');
    await page.locator('#archive').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}writeup-archive-delete-phone.png`, fullPage: false });
    const list = await open('/writeups');
    expect(await list.getByRole('link', { name: 'Queue backlog after the deploy', exact: true }).count()).toBe(0);
    await list.getByRole('link', { name: '1 archived' }).click();
    await expect.poll(() => list.getByRole('link', { name: 'Queue backlog after the deploy', exact: true }).count()).toBe(1);
    await checked(list);
    await list.close();
    await page.getByRole('button', { name: 'Restore the write-up' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Restored');

    await page.getByLabel('Type its id, queue-backlog, to confirm').fill('queue-backlo');
    await page.getByRole('button', { name: 'Delete the write-up and its facts' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Nothing was deleted');
    await page.getByLabel('Type its id, queue-backlog, to confirm').fill('queue-backlog');
    await page.getByRole('button', { name: 'Delete the write-up and its facts' }).click();
    await page.waitForURL((url) => url.pathname === '/writeups');
    expect(await page.getByRole('status').first().textContent()).toContain('Deleted “Queue backlog after the deploy” and every fact about it.');
    await checked(page);
    await page.close();
    expect(errors).toEqual([]);
  });
});

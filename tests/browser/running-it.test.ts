import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../functions/services/people';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp } from '../../local/server';
import { seriousViolations } from '../helpers/axe';
import { launchChromium, ordinaryBrowser, phoneBrowser } from '../helpers/browser';
import { adminHeaders, settled, testDeps } from '../helpers/deps';
import { serveApp, type Running } from '../helpers/servers';

// A facilitator runs a review from scheduling to reading its answers, through the pages alone.
const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const RULES = { adminEmails: [], adminGroups: [], facilitatorGroups: ['facilitators'] };
const phone = phoneBrowser;

let deps: AppDeps;
let app: ReturnType<typeof localApp>;
let product: Running;
let browser: Browser;
let facilitator: BrowserContext;
const errors: string[] = [];
const state: { reviewPath?: string; checkinUrl?: string } = {};

beforeAll(async () => {
  deps = await testDeps({ now: () => new Date(), roles: RULES });
  app = localApp(deps);
  product = await serveApp(app);
  deps.publicUrl = product.url;
  browser = await launchChromium({ timeZone: 'Europe/Berlin' });
  const { session } = await signIn(
    deps.store,
    { iss: 'https://idp.acme.example', sub: 'fran', email: 'fran@acme.example', name: 'Fran', groups: ['facilitators'] },
    RULES,
    new Date(),
  );
  // The facilitator's laptop is in Berlin; axe-core is injected past the pages' CSP.
  facilitator = await browser.newContext({ ...ordinaryBrowser, timezoneId: 'Europe/Berlin', bypassCSP: true });
  await facilitator.addCookies([{ name: 'ls_session', value: session, url: product.url, httpOnly: true, sameSite: 'Strict' }]);
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
});

async function open(path: string): Promise<Page> {
  const page = await facilitator.newPage();
  page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
  await page.goto(`${product.url}${path}`);
  return page;
}

const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

/** Berlin wall-clock time a few minutes from now, as a datetime-local field takes it, and the UTC instant it means. */
function soonInBerlin() {
  const at = new Date(Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000);
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(at)
    .replace(' ', 'T');
  return { local, utc: at.toISOString() };
}

describe('running a review from the dashboard, in Chromium', () => {
  it('adds a write-up with a form: the id made from the title, errors beside their fields with what was typed', async () => {
    const page = await open('/writeups');
    await page.getByRole('link', { name: 'Add a write-up' }).click();
    await page.getByLabel('Title').fill('Checkout failover stalled payments');
    await page.getByLabel('Where it lives (its address)').fill('https://wiki.example.com/pir/checkout-failover');
    await page.getByLabel('Published on').fill('2026-11-02');
    await page.getByLabel('Tags').fill('payments, sev2');
    await page.screenshot({ path: `${SCREENSHOTS}writeup-new.png`, fullPage: true });
    await page.getByLabel('Where it lives (its address)').fill('not a web address');
    await page.getByRole('button', { name: 'Add the write-up' }).click();
    // The browser's own check stops a bad URL first; without it the server's message shows beside the field.
    const bad = await page.evaluate(() => (document.querySelector('#field-url') as HTMLInputElement).validity.valid);
    expect(bad).toBe(false);
    await page.locator('form.stack').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Add the write-up' }).click();
    await expect.poll(() => page.locator('#field-url-error').textContent()).toContain('http or https URL');
    expect(await page.getByLabel('Title').inputValue()).toBe('Checkout failover stalled payments');
    await expectAccessible(page);
    await page.getByLabel('Where it lives (its address)').fill('https://wiki.example.com/pir/checkout-failover');
    await page.getByRole('button', { name: 'Add the write-up' }).click();
    await page.waitForURL(/\/writeups\/checkout-failover-stalled-payments/);
    expect(await page.getByRole('status').textContent()).toContain('Paste one of its snippets');
    expect(await page.locator('#snippet-script').textContent()).toContain('data-writeup="checkout-failover-stalled-payments"');

    // The same title again: the id is taken, said beside the id field; nothing stored.
    await page.goto(`${product.url}/writeups/new`);
    await page.getByLabel('Title').fill('Checkout failover stalled payments');
    await page.getByLabel('Where it lives (its address)').fill('https://wiki.example.com/pir/other');
    await page.getByRole('button', { name: 'Add the write-up' }).click();
    await expect.poll(() => page.locator('#field-id-error').textContent()).toContain('is taken');
    const list = await (await app.request('/api/writeups', { headers: adminHeaders })).json();
    expect(list.writeups).toHaveLength(1);
    await page.close();
  });

  it("schedules a review in the facilitator's time zone, with QR codes, copy buttons and a calendar invite", async () => {
    const page = await open('/writeups/checkout-failover-stalled-payments');
    await page.getByRole('link', { name: 'Schedule a review' }).click();
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    const when = soonInBerlin();
    await page.getByLabel('Title').fill('Checkout failover review');
    await page.getByLabel('Starts at').fill(when.local);
    await page.getByLabel('Invited people').fill('Priya Raman\nSam Okafor, Jo Lindqvist');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Schedule the review' }).click();
    await page.waitForURL(/\/reviews\/[A-Za-z0-9_-]{12}/);
    state.reviewPath = new URL(page.url()).pathname;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Checkout failover review');
    expect(await page.locator('main').textContent()).toContain(
      `${when.utc.slice(0, 16).replace('T', ' ')} UTC (${when.local.replace('T', ' ')} Europe/Berlin)`,
    );
    expect(await page.locator('main').textContent()).toContain('3 invited people');
    expect(await page.getByRole('img', { name: 'QR code of the check-in link' }).locator('svg').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Copy' }).count()).toBe(2);
    state.checkinUrl = (await page.locator('#checkin-url').textContent())!;
    expect(state.checkinUrl).toMatch(new RegExp(`^${product.url}/c/`));
    const ics = await page.request.get(`${product.url}${state.reviewPath}/invite.ics`);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    const invite = (await ics.text()).replace(/\r\n /g, '');
    expect(invite).toContain('BEGIN:VEVENT');
    expect(invite).toContain(state.checkinUrl);
    expect(invite).toContain(`DTSTART:${when.utc.replace(/[-:]/g, '').slice(0, 15)}Z`);
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}review.png`, fullPage: true });
    await page.close();
  });

  it("puts the check-in on the room's screen; three people check in from phones, two on one shared phone", async () => {
    const screen = await open(`${state.reviewPath}/present`);
    expect(await screen.getByRole('status').textContent()).toBe('0 people checked in so far');
    expect(await screen.locator('.url').textContent()).toBe(state.checkinUrl!.replace(/^https?:\/\//, ''));
    await screen.screenshot({ path: `${SCREENSHOTS}present.png` });

    const checkIn = async (page: Page, name: string, invited: 'Yes' | 'No') => {
      await page.getByLabel('Your name').fill(name);
      await page
        .getByRole('group', { name: /invited/i })
        .getByRole('radio', { name: invited })
        .check();
      await page.getByRole('button', { name: /check in/i }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe("You're checked in");
    };
    const own = await browser.newContext(phone);
    const mine = await own.newPage();
    await mine.goto(state.checkinUrl!);
    await checkIn(mine, 'Priya Raman', 'Yes');
    await own.close();

    // A shared device at the door opens the room's check-in (the review page's "Check people in on a shared device").
    const shared = await browser.newContext(phone);
    const tablet = await shared.newPage();
    await tablet.goto(`${state.checkinUrl!}?room=1`);
    await checkIn(tablet, 'Sam Okafor', 'Yes');
    await tablet.getByRole('link', { name: 'Check in the next person' }).click();
    expect(await tablet.getByLabel('Your name').inputValue()).toBe('');
    await checkIn(tablet, 'Alex Kim', 'No');
    await shared.close();

    await screen.reload();
    expect(await screen.getByRole('status').textContent()).toBe('3 people checked in so far');
    await screen.close();
  });

  it('records who shared their view and who came without checking in; mints single-use links and downloads them', async () => {
    const page = await open(state.reviewPath!);
    await page.getByLabel('Sam Okafor').check();
    await page.getByLabel('Alex Kim (came uninvited)').check();
    await page.getByLabel('Add people who came but did not check in').fill('Jo Lindqvist');
    await page.getByRole('button', { name: 'Save the attendance' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Attendance saved.');
    await settled();
    expect(await page.locator('#attendance + p').textContent()).toBe('4 attendees: 1 came uninvited, 2 shared their view.');

    await page.getByLabel('How many').fill('3');
    await page.getByRole('button', { name: 'Make the links' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Made 3 single-use links.');
    const csv = await (await page.request.get(`${product.url}${state.reviewPath}/survey-links.csv`)).text();
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe('url,minted,answered');
    expect(rows).toHaveLength(4);
    const first = rows[1]!.split(',')[0]!;

    const phoneContext = await browser.newContext(phone);
    const answer = await phoneContext.newPage();
    await answer.goto(first);
    await answer.getByRole('radio', { name: 'Somewhat' }).click();
    await answer
      .getByRole('group', { name: /change your understanding/ })
      .getByRole('radio', { name: '4' })
      .click();
    await answer.getByLabel('What surprised you the most?').fill('Health checks only ran on new connections.');
    await answer
      .getByRole('group', { name: /share your own perspective/ })
      .getByRole('radio', { name: 'Yes' })
      .click();
    await answer.getByRole('button', { name: 'Send my answers' }).click();
    await expect.poll(() => answer.getByRole('heading', { level: 1 }).textContent()).toMatch(/Thank/);
    await phoneContext.close();
    await page.reload();
    expect(await page.locator('#single-use + p + form + p').textContent()).toContain('3 links, 1 answered');
    await page.close();
  });

  it('shows it all on the write-up and organization pages', async () => {
    await settled();
    const page = await open('/writeups/checkout-failover-stalled-payments');
    const reviews = page.getByRole('region', { name: 'Checkout failover review' });
    expect(await reviews.textContent()).toContain('Sam Okafor');
    expect(await page.locator('main').textContent()).toContain('Health checks only ran on new connections.');
    const overview = await open('/');
    expect(await overview.locator('main').textContent()).toContain('Checkout failover stalled payments');
    await overview.close();
    await page.close();
    expect(errors).toEqual([]);
  });

  it('adds a link by hand on the write-up page, its kind proposed from the address', async () => {
    const page = await open('/writeups/checkout-failover-stalled-payments');
    await page.getByLabel('Address of the place that points here').fill('https://github.com/acme/payments/pull/812');
    await page.getByRole('button', { name: 'Add the link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Link added.');
    expect(await page.locator('#links ~ div table, #links ~ .table-wrap table').first().textContent()).toContain('pull-request');
    await page.close();
  });

  it('writes a survey with a form, refusing repeated question ids beside the question, and previews it', async () => {
    const page = await open('/templates');
    await page.getByRole('link', { name: 'Write a survey' }).click();
    await page.getByLabel('Id', { exact: true }).fill('incident-retro');
    await page.getByLabel('Title').fill('Incident retro');
    const q = (n: number) => page.getByRole('group', { name: `Question ${n}` });
    await q(1).getByLabel('What it asks').fill('What surprised you?');
    await q(1).getByLabel('Its id').fill('surprise');
    await q(2).getByLabel('What it asks').fill('What is still a mystery?');
    await q(2).getByLabel('Its id').fill('surprise');
    await page.getByRole('button', { name: 'Save the survey' }).click();
    await expect.poll(() => q(2).locator('.field-error').textContent()).toContain('question ids must differ');
    expect(await q(2).getByLabel('What it asks').inputValue()).toBe('What is still a mystery?');
    await q(2).getByLabel('Its id').fill('mystery');
    await q(3).getByLabel('What it asks').fill('Did you learn something new?');
    await q(3).getByLabel('Its id').fill('learned');
    await q(3).getByLabel('Answered with').selectOption('choice');
    await q(3).getByLabel('Choices').fill('Yes\nNo');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save the survey' }).click();
    await page.waitForURL(/\/templates\/incident-retro/);
    await page.getByRole('link', { name: 'See it as participants do' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Incident retro');
    expect(await page.getByLabel('What surprised you?').count()).toBe(1);
    await page.close();
  });

  it('imports a backlog from a CSV file: a broken row stops it all; a good file shows its rows, then imports them', async () => {
    const page = await open('/writeups/import');
    await page.getByLabel('Or paste it here').fill('title,url,tags\nDNS outage,https://wiki.example.com/pir/dns,network\nBroken row,not-a-url,\n');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Line 3: url must be an http or https URL');
    expect((await (await app.request('/api/writeups', { headers: adminHeaders })).json()).writeups).toHaveLength(1);
    await page
      .getByLabel('Or paste it here')
      .fill(
        'title,url,publishedAt,tags\nDNS outage,https://wiki.example.com/pir/dns,2026-03-01,network;sev1\n"Queue backlog, again",https://wiki.example.com/pir/queue,,\n',
      );
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '2 write-ups to import' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Import 2 write-ups' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Imported 2 write-ups');
    const ids = (await (await app.request('/api/writeups', { headers: adminHeaders })).json()).writeups.map((w: { id: string }) => w.id).sort();
    expect(ids).toEqual(['checkout-failover-stalled-payments', 'dns-outage', 'queue-backlog-again']);
    await page.close();
  });

  it('works on a 390 px phone too: the review page fits without sideways scrolling', async () => {
    const context = await browser.newContext({ ...phone });
    await context.addCookies((await facilitator.cookies()).filter((c) => c.name === 'ls_session'));
    const page = await context.newPage();
    for (const path of [state.reviewPath!, '/writeups/new', '/writeups']) {
      await page.goto(`${product.url}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto(`${product.url}${state.reviewPath}`);
    await page.screenshot({ path: `${SCREENSHOTS}review-phone.png`, fullPage: false });
    await context.close();
  });
});

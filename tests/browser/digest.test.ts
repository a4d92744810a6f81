import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { parseDigestSchedule } from '../../functions/domain/digest';
import { loginCookie, settled, testDeps } from '../helpers/deps';
import { seriousViolations } from '../helpers/axe';
import { launchChromium, ordinaryBrowser } from '../helpers/browser';
import { seedDigestWeeks } from '../helpers/digest-weeks';
import { startMailbox, type Mailbox } from '../helpers/mail';
import { serveApp, type Running } from '../helpers/servers';
import { startSlackWebhook, type SlackWebhook } from '../helpers/slack-webhook';

const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
let product: Running;
let browser: Browser;
let context: BrowserContext;
let mailbox: Mailbox;
let slack: SlackWebhook;
let now = new Date('2025-11-25T10:00:00Z');

beforeAll(async () => {
  [mailbox, slack] = await Promise.all([startMailbox(), startSlackWebhook()]);
  const deps = await testDeps({
    now: () => now,
    publicUrl: 'https://signals.acme.example',
    digest: {
      schedule: parseDigestSchedule('MON 09:00'),
      slackWebhookUrl: async () => slack.url,
      email: { to: ['eng-leads@acme.example'], from: 'Learning Signals <signals@acme.example>', via: { smtpUrl: mailbox.url } },
    },
  });
  const app = localApp(deps);
  await seedDigestWeeks(app, (iso) => (now = new Date(iso)));
  await settled();
  now = new Date('2026-11-30T09:30:00Z');
  product = await serveApp(app);
  browser = await launchChromium();
  // axe-core is injected as a script, which the dashboard's own CSP would rightly block.
  context = await browser.newContext({ ...ordinaryBrowser, bypassCSP: true });
  const [name, value] = (await loginCookie(deps)).split('=') as [string, string];
  await context.addCookies([{ name, value, url: product.url, httpOnly: true, sameSite: 'Strict' }]);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await product?.close();
  await Promise.all([mailbox?.close(), slack?.close()]);
});

describe('the weekly digest in Chromium', () => {
  it('previews the week at /digest, sends it from there once, and the mail reads well', async () => {
    const page = await context.newPage();
    await page.goto(`${product.url}/digest`);
    await page.getByRole('link', { name: 'Digest' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'The digest of 23–29 November 2026' }).count()).toBe(1);
    const preview = page.getByRole('article', { name: 'The digest as it is sent' });
    expect(await preview.getByRole('row', { name: /^Reads 5 1$/ }).count()).toBe(1);
    expect(await preview.getByText('The replica was <b>minutes</b> behind & nobody saw it.', { exact: false }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /Slack Not sent yet/ }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: "Send this week's digest now" }).click();
    await page.getByText('Sent.', { exact: true }).waitFor();
    expect(await page.getByRole('row', { name: /^Slack Sent 1/ }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /^E-mail Sent 1 .* to 1 recipient/ }).count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}digest.png`, fullPage: true });

    // Sent everywhere: nothing left to press.
    await page.goto(`${product.url}/digest`);
    await page.getByText("This week's digest has gone everywhere it can").waitFor();
    expect(await page.getByRole('button', { name: "Send this week's digest now" }).count()).toBe(0);
    expect(mailbox.received).toHaveLength(1);
    expect(slack.delivered).toHaveLength(1);

    // The mail as a mail client shows it: HTML, no script, the words as text.
    const mail = await context.newPage();
    await mail.setViewportSize({ width: 720, height: 900 });
    await mail.setContent(String(mailbox.received[0]!.html), { waitUntil: 'load' });
    expect(await mail.getByRole('heading', { level: 1 }).textContent()).toBe('Are we learning from our incidents?');
    expect(await mail.getByText('Why the consumer lag alarm stayed quiet.').count()).toBe(1);
    expect(await mail.locator('b').count()).toBe(0);
    expect(await seriousViolations(mail)).toEqual([]);
    await mail.screenshot({ path: `${SCREENSHOTS}digest-mail.png`, fullPage: true });

    // On a phone, the page fits its width.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

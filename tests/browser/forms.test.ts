import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { adminHeaders, testDeps } from '../helpers/deps';
import { seriousViolations } from '../helpers/axe';
import { launchChromium, ordinaryBrowser, phoneBrowser } from '../helpers/browser';
import { createWriteup, report } from '../helpers/apps';
import { serveApp, type Running } from '../helpers/servers';

let product: Running;
let browser: Browser;
let app: ReturnType<typeof localApp>;
const phone = phoneBrowser;

beforeAll(async () => {
  const deps = await testDeps();
  app = localApp(deps);
  product = await serveApp(app);
  deps.publicUrl = product.url;
  await createWriteup(app, 'checkout-failover');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
});

async function schedule(body: Record<string, unknown> = {}) {
  const res = await app.request('/api/writeups/checkout-failover/reviews', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ startsAt: new Date().toISOString(), title: 'Checkout failover', ...body }),
  });
  return (await res.json()) as { id: string; checkinUrl: string; surveyUrl: string };
}

async function withPage<T>(options: Parameters<Browser['newContext']>[0], use: (page: Page, errors: string[]) => Promise<T>): Promise<T> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    return await use(page, errors);
  } finally {
    await context.close();
  }
}

describe('the survey in Chromium', () => {
  it('is answered by tapping on a phone, and ends on a thank-you page', async () => {
    const review = await schedule();
    await withPage(phone, async (page, errors) => {
      await page.goto(review.surveyUrl);
      await page.getByRole('radio', { name: 'Somewhat' }).click();
      await page
        .getByRole('group', { name: /change your understanding/ })
        .getByRole('radio', { name: '4' })
        .click();
      await page.getByLabel('What surprised you the most?').fill('The pool only checked health on new connections.');
      await page.getByLabel('What is still a mystery to you?').fill('Why region B recovered three minutes early.');
      await page
        .getByRole('group', { name: /share your own perspective/ })
        .getByRole('radio', { name: 'Yes' })
        .click();
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you');
      expect(errors).toEqual([]);
    });
    const { surveys } = await report(app, 'checkout-failover');
    const surprise = surveys.questions.find((q: { id: string }) => q.id === 'surprise');
    expect(surprise.answers).toContain('The pool only checked health on new connections.');
  });

  it('works with JavaScript off: the error shows by its field, typed answers stay, then it goes through', async () => {
    const review = await schedule();
    await withPage({ ...ordinaryBrowser, javaScriptEnabled: false }, async (page) => {
      await page.goto(review.surveyUrl);
      await page.getByLabel('What kept this incident from being worse than it was?').fill('An engineer who had seen it before.');
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await expect.poll(() => page.locator('#error-learned').textContent()).toContain('needs an answer');
      expect(await page.getByLabel('What kept this incident from being worse than it was?').inputValue()).toBe('An engineer who had seen it before.');
      await page.getByRole('radio', { name: 'Yes' }).first().click();
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you');
    });
  });

  it('can be filled with the keyboard alone', async () => {
    const review = await schedule();
    await withPage(ordinaryBrowser, async (page) => {
      await page.goto(review.checkinUrl);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Kim Keyboard');
      await page.keyboard.press('Tab'); // "Were you invited?": yes
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowRight'); // no
      await page.keyboard.press('Tab'); // role
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe("You're checked in");
    });
    const details = await (await app.request(`/api/reviews/${review.id}`, { headers: adminHeaders })).json();
    expect(details.attendees).toEqual([expect.objectContaining({ name: 'Kim Keyboard', invited: false, role: 'responder', checkedIn: true })]);
  });

  it('has no serious or critical accessibility violations (check-in, survey, survey with errors)', async () => {
    const review = await schedule({ anonymous: false });
    // axe-core is injected as a script, which the forms' own CSP would rightly block.
    await withPage({ ...phone, bypassCSP: true }, async (page) => {
      await page.goto(review.checkinUrl);
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(review.surveyUrl);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await page.locator('#error-summary').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it('says how many characters are left near the limit, and a long paste is refused with its length, never cut', async () => {
    const review = await schedule();
    await withPage(phone, async (page, errors) => {
      await page.goto(review.surveyUrl);
      const field = page.getByLabel('What surprised you the most?');
      const counter = page.locator('#count-surprise');
      await field.fill('short answer');
      expect(await counter.isHidden()).toBe(true);
      await field.fill('x'.repeat(3_800));
      await expect.poll(() => counter.textContent()).toBe('200 characters left');
      expect(await counter.isVisible()).toBe(true);
      const pasted = 'y'.repeat(4_150);
      await field.fill(pasted);
      await expect.poll(() => counter.textContent()).toBe('150 over the limit of 4,000: please shorten it');
      // Nothing was cut from what the person pasted.
      expect((await field.inputValue()).length).toBe(4_150);
      await page.getByRole('radio', { name: 'Yes' }).first().click();
      await page.getByRole('button', { name: 'Send my answers' }).click();
      await expect.poll(() => page.locator('#error-surprise').textContent()).toContain('Keep it under 4,000 characters (this is 4,150)');
      expect((await page.getByLabel('What surprised you the most?').inputValue()).length).toBe(4_150);
      // The refused submit answers 400, which the browser notes; nothing else may go wrong.
      expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    });
  });
});

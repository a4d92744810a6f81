import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { adminHeaders, settled, testDeps } from '../helpers/deps';
import { launchChromium, ordinaryBrowser } from '../helpers/browser';
import { serveApp, serveHtml, type Running } from '../helpers/servers';

const fixture = readFileSync(new URL('../fixtures/writeup-page.html', import.meta.url), 'utf8');

let product: Running;
let site: Running;
/** The write-up site's pages, by path: where authors paste the snippets. */
const pages: Record<string, string> = {};
let browser: Browser;
let app: ReturnType<typeof localApp>;

beforeAll(async () => {
  // The product on 127.0.0.1, the write-up on localhost: two origins, as in real life.
  const deps = await testDeps({ readSeconds: 1 });
  app = localApp(deps);
  product = await serveApp(app);
  deps.publicUrl = product.url;
  site = await serveHtml(pages);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await product?.close();
});

async function reads(id: string) {
  await settled();
  const res = await app.request(`/api/writeups/${id}/report`, { headers: adminHeaders });
  return (await res.json()).reads;
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await probe();
  }
  return value;
}

async function publishWriteup(id: string, snippet: 'script' | 'pixel'): Promise<string> {
  const url = `${site.url}/pir/${id}`;
  const created = await app.request('/api/writeups', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ id, title: 'Database failover stalled checkouts', url }),
  });
  expect(created.status).toBe(201);
  const embed = await (await app.request(`/api/writeups/${id}/embed`, { headers: adminHeaders })).json();
  pages[`/pir/${id}`] = fixture.replace('{{EMBED}}', embed[snippet]);
  return url;
}

describe('the tracker in a real browser', () => {
  it('counts one view and one engaged read for a reader who scrolls, stays and leaves', async () => {
    const pageUrl = await publishWriteup('failover', 'script');

    const context = await browser.newContext(ordinaryBrowser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));

    const viewSent = page.waitForResponse((res) => res.url().endsWith('/e') && res.request().method() === 'POST');
    await page.goto(pageUrl);
    expect((await viewSent).status()).toBe(202);
    expect(await reads('failover')).toMatchObject({ views: 1, engaged: 0 });

    await page.mouse.wheel(0, 4_000);
    await page.waitForTimeout(1_500);
    await page.goto('about:blank');

    const after = await until(
      () => reads('failover'),
      (r) => r.engaged >= 1,
    );
    expect(after).toMatchObject({ views: 1, engaged: 1, readers: 1 });
    expect(after.averageEngagedScrollPercent).toBeGreaterThanOrEqual(90);
    expect(await context.cookies()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('counts a view from the pixel on a page that runs no script', async () => {
    const pageUrl = await publishWriteup('pixel-only', 'pixel');
    const context = await browser.newContext({ ...ordinaryBrowser, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pageUrl);
    const counted = await until(
      () => reads('pixel-only'),
      (r) => r.views >= 1,
    );
    expect(counted).toMatchObject({ views: 1, engaged: 0, readers: 1 });
    await context.close();
  });
});

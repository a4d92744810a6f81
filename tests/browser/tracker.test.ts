import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { adminHeaders, settled, testDeps } from '../helpers/deps';
import { launchChromium, openInChromium, ordinaryBrowser } from '../helpers/browser';
import { serveApp, serveHtml, type Running, type RunningSite } from '../helpers/servers';

const fixture = readFileSync(new URL('../fixtures/writeup-page.html', import.meta.url), 'utf8');

/** A page of tests/fixtures/tracker/, its `{{NAME}}`s filled in. */
function trackerFixture(name: string, values: Record<string, string>): string {
  const html = readFileSync(new URL(`../fixtures/tracker/${name}.html`, import.meta.url), 'utf8');
  return html.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (values[key] === undefined) throw new Error(`${name}.html: no value for {{${key}}}`);
    return values[key];
  });
}

let product: Running;
let site: RunningSite;
/** The write-up site's pages, by path: where authors paste the snippets. */
const pages: Record<string, string> = {};
let browser: Browser;
let app: ReturnType<typeof localApp>;
const tracker = () => `${product.url}/t.js`;

beforeAll(async () => {
  // The product on 127.0.0.1, the write-up on localhost: two origins, as in real life.
  const deps = await testDeps({ readSeconds: 1 });
  app = localApp(deps);
  product = await serveApp(app);
  deps.publicUrl = product.url;
  site = await serveHtml(pages);
  browser = await launchChromium({ asReader: true });
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

async function createWriteup(id: string, url: string, copies?: string[]) {
  const created = await app.request('/api/writeups', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ id, title: 'Database failover stalled checkouts', url, ...(copies ? { copies } : {}) }),
  });
  expect(created.status).toBe(201);
}

async function publishWriteup(id: string, snippet: 'script' | 'pixel'): Promise<string> {
  const url = `${site.url}/pir/${id}`;
  await createWriteup(id, url);
  const embed = await (await app.request(`/api/writeups/${id}/embed`, { headers: adminHeaders })).json();
  pages[`/pir/${id}`] = fixture.replace('{{EMBED}}', embed[snippet]);
  return url;
}

/** The next beacon of this kind the page sends while open (the ones sent while it unloads, Playwright misses). */
function beaconSent(page: Page, kind: 'view' | 'engage', writeup?: string) {
  return page.waitForResponse(
    (res) => {
      if (!res.url().endsWith('/e')) return false;
      const body = JSON.parse(res.request().postData() ?? '{}');
      return body.k === kind && (writeup === undefined || body.w === writeup);
    },
    { timeout: 10_000 },
  );
}

async function readerPage(): Promise<Page> {
  const context = await browser.newContext(ordinaryBrowser);
  const page = await context.newPage();
  expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
  return page;
}

/** The reader leaves: the page is hidden and unloaded (into the back-forward cache, or gone). */
async function leave(page: Page) {
  await page.goto('about:blank');
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

describe('the tracker in single-page apps', () => {
  it('counts a view for each History-API page of an app that keeps the script in its layout, and none for a hash change', async () => {
    await createWriteup('spa-layout', `${site.url}/spa/a`);
    pages['/spa/a'] = trackerFixture('spa-history', { SCRIPT: `<script defer src="${tracker()}" data-writeup="spa-layout"></script>` });
    const page = await readerPage();

    let view = beaconSent(page, 'view');
    await page.goto(`${site.url}/spa/a`);
    await view;
    view = beaconSent(page, 'view');
    await page.click('text=Cache stampede');
    expect(page.url()).toBe(`${site.url}/spa/b`);
    await view;
    // An anchor on the page is not a page: no data-hash on this script.
    await page.click('text=Timeline');
    expect(page.url()).toBe(`${site.url}/spa/b#timeline`);
    await page.goBack();
    view = beaconSent(page, 'view');
    await page.goBack();
    expect(page.url()).toBe(`${site.url}/spa/a`);
    await view;
    await leave(page);

    // A → B → A: three pages read, whatever came after.
    expect(await reads('spa-layout')).toMatchObject({ views: 3, readers: 1 });
    await page.context().close();
  });

  it('without data-writeup, counts each page for the write-up at its address, and credits the time on B to B, not A', async () => {
    await createWriteup('spa-a', `${site.url}/docs/a`);
    await createWriteup('spa-b', `${site.url}/docs/b`);
    pages['/docs/a'] = trackerFixture('spa-history', { SCRIPT: `<script defer src="${tracker()}"></script>` });
    const page = await readerPage();

    let view = beaconSent(page, 'view');
    await page.goto(`${site.url}/docs/a`);
    await view;
    view = beaconSent(page, 'view');
    await page.click('text=Cache stampede');
    await view;
    // The reader reads B, then goes back to A and leaves at once.
    await page.waitForTimeout(2_500);
    view = beaconSent(page, 'view');
    await page.goBack();
    await view;
    await leave(page);

    const b = await until(
      () => reads('spa-b'),
      (r) => r.engaged >= 1,
    );
    expect(b).toMatchObject({ views: 1, engaged: 1 });
    expect(await reads('spa-a')).toMatchObject({ views: 2, engaged: 0 });
    await page.context().close();
  });

  it('with a script per route, reports each route for its own write-up and counts each page once', async () => {
    await createWriteup('route-a', `${site.url}/per-route/a`);
    await createWriteup('route-b', `${site.url}/per-route/b`);
    pages['/per-route/a'] = trackerFixture('spa-script-per-route', { TRACKER: tracker(), WRITEUP_A: 'route-a', WRITEUP_B: 'route-b' });
    const page = await readerPage();

    let view = beaconSent(page, 'view', 'route-a');
    await page.goto(`${site.url}/per-route/a`);
    await view;
    view = beaconSent(page, 'view', 'route-b');
    await page.click('text=Cache stampede');
    await view;
    await page.waitForTimeout(2_500);
    view = beaconSent(page, 'view', 'route-a');
    await page.goBack();
    await view;

    // B's read was sent when the route left it.
    const b = await until(
      () => reads('route-b'),
      (r) => r.engaged >= 1,
    );
    expect(b).toMatchObject({ views: 1, engaged: 1 });
    // Route A's first copy stopped at B: the time read there is B's, not A's. (Asked before leaving A again,
    // whose second copy may well have been read long enough by then on a busy machine.)
    expect(await reads('route-a')).toMatchObject({ views: 2, engaged: 0 });
    await leave(page);
    await page.context().close();
  });

  it('with data-hash, counts a view for each hash route', async () => {
    await createWriteup('hash-spa', `${site.url}/hash/`);
    pages['/hash/'] = trackerFixture('spa-hash', { TRACKER: tracker(), WRITEUP: 'hash-spa' });
    const page = await readerPage();

    let view = beaconSent(page, 'view');
    await page.goto(`${site.url}/hash/#/a`);
    await view;
    view = beaconSent(page, 'view');
    await page.click('text=Cache stampede');
    await view;
    view = beaconSent(page, 'view');
    await page.click('text=Database failover');
    await view;
    await leave(page);

    expect(await reads('hash-spa')).toMatchObject({ views: 3, readers: 1 });
    await page.context().close();
  });
});

describe('the tracker and how browsers show pages', () => {
  it('counts a new view when the page comes back from the back-forward cache', async () => {
    await createWriteup('bfcache', `${site.url}/bf/page`);
    pages['/bf/page'] = trackerFixture('bfcache', { TRACKER: tracker(), WRITEUP: 'bfcache', AWAY: '/bf/away' });
    pages['/bf/away'] = '<!doctype html><title>Runbook</title><p>The runbook.</p>';
    const page = await readerPage();

    const view = beaconSent(page, 'view');
    await page.goto(`${site.url}/bf/page`);
    await view;
    const loaded = await page.evaluate(() => (window as { loadedOnce?: number }).loadedOnce);
    await page.click('#away');
    await page.waitForURL(`${site.url}/bf/away`);
    // A page restored from the cache fires no load event.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => (window as { loadedOnce?: number }).loadedOnce !== undefined);
    // Restored, not loaded again: the page's own state survived.
    expect(await page.evaluate(() => (window as { loadedOnce?: number }).loadedOnce)).toBe(loaded);

    const counted = await until(
      () => reads('bfcache'),
      (r) => r.views >= 2,
    );
    expect(counted).toMatchObject({ views: 2, readers: 1 });
    await page.context().close();
  });

  it('counts a prerendered page when the reader opens it, not before', async () => {
    await createWriteup('prerendered', `${site.url}/pre/page`);
    pages['/pre/from'] = trackerFixture('prerender-from', { TARGET: '/pre/page', GO: '/pre/go' });
    pages['/pre/page'] = trackerFixture('prerendered', { TRACKER: tracker(), WRITEUP: 'prerendered', RAN: '/pre/ran' });
    // DevTools turns prerendering off: a Chromium of its own, no DevTools attached.
    const chromium = openInChromium(`${site.url}/pre/from`);
    try {
      const ran = () => site.requested.filter((path) => path.startsWith('/pre/ran'));
      await until(
        async () => ran(),
        (paths) => paths.length > 0,
        20_000,
      );
      // The tracker ran in the prerendered page, whose view would be in by now.
      expect(ran()).toEqual(['/pre/ran?prerendering=true']);
      const before = await until(
        () => reads('prerendered'),
        (r) => r.views > 0,
        2_000,
      );
      expect(before.views).toBe(0);

      pages['/pre/go'] = 'go';
      const opened = await until(
        () => reads('prerendered'),
        (r) => r.views >= 1,
      );
      expect(opened).toMatchObject({ views: 1, readers: 1 });
      // Opened from the prerender, not loaded again.
      expect(site.requested.filter((path) => path === '/pre/page')).toHaveLength(1);
    } finally {
      await chromium.stop();
    }
  });

  it('finds the write-up by the page address when the script names none', async () => {
    await createWriteup('by-address', `${site.url}/plain/page`, [`${site.url}/plain/copy`]);
    const page = trackerFixture('no-writeup', { TRACKER: tracker() });
    pages['/plain/page'] = page;
    pages['/plain/copy'] = page;
    pages['/plain/elsewhere'] = page;
    const reader = await readerPage();

    for (const path of ['/plain/page?utm_source=chat#what-happened', '/plain/copy']) {
      const view = beaconSent(reader, 'view');
      await reader.goto(`${site.url}${path}`);
      expect((await view).headers()['x-signals-dropped']).toBeUndefined();
    }
    const view = beaconSent(reader, 'view');
    await reader.goto(`${site.url}/plain/elsewhere`);
    expect((await view).headers()['x-signals-dropped']).toBe('unknown-writeup');
    await leave(reader);

    expect(await reads('by-address')).toMatchObject({ views: 2, readers: 1 });
    await reader.context().close();
  });

  it('counts pages at very long addresses, trimmed to fit the beacon', async () => {
    await createWriteup('long-address', `${site.url}/long/page`);
    pages['/long/page'] = trackerFixture('long-address', { TRACKER: tracker(), WRITEUP: 'long-address' });
    const page = await readerPage();
    const statuses: number[] = [];
    page.on('response', (res) => res.url().endsWith('/e') && statuses.push(res.status()));

    let view = beaconSent(page, 'view');
    await page.goto(`${site.url}/long/page?q=failover&filters=${'y'.repeat(2_500)}`);
    await view;
    view = beaconSent(page, 'view');
    // The next page: a longer address still, and the first one as its referrer.
    await page.click('#next');
    expect(page.url().length).toBeGreaterThan(5_000);
    await view;

    expect(statuses).toEqual([202, 202]);
    expect(await reads('long-address')).toMatchObject({ views: 2, readers: 1 });
    await leave(page);
    await page.context().close();
  });

  it('sends nothing from an automated browser (navigator.webdriver)', async () => {
    const pageUrl = await publishWriteup('automated', 'script');
    // Chromium as Playwright drives it by default: marked as automated.
    const automated = await launchChromium();
    try {
      const context = await automated.newContext(ordinaryBrowser);
      const page = await context.newPage();
      const beacons: string[] = [];
      page.on('request', (req) => req.url().endsWith('/e') && beacons.push(req.url()));
      const script = page.waitForResponse((res) => res.url().endsWith('/t.js'));
      await page.goto(pageUrl);
      await script;
      expect(await page.evaluate(() => navigator.webdriver)).toBe(true);
      await page.mouse.wheel(0, 4_000);
      await page.goto('about:blank');

      expect(beacons).toEqual([]);
      expect(await reads('automated')).toMatchObject({ views: 0, engaged: 0 });
    } finally {
      await automated.close();
    }
  });
});

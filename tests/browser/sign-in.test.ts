import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { launchChromium, ordinaryBrowser } from '../helpers/browser';
import { adminHeaders, testDeps } from '../helpers/deps';
import { createWriteup } from '../helpers/apps';
import { oidcThrough, startIdentityProvider, type IdentityProvider } from '../helpers/identity-provider';
import { freePort, serveApp, serveHtml, type Running } from '../helpers/servers';

const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
let idp: IdentityProvider;
let product: Running;
let browser: Browser;
let context: BrowserContext;
const errors: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  idp = await startIdentityProvider([`${base}/auth/callback`]);
  const deps = await testDeps({
    publicUrl: base,
    now: () => new Date(),
    roles: { adminEmails: [], adminGroups: ['sre-leads'], facilitatorGroups: ['facilitators'] },
    oidc: oidcThrough(idp, { allowedDomains: [], timeoutSeconds: 5 }),
  });
  const app = localApp(deps);
  await createWriteup(app, 'checkout-failover', { title: 'Database failover stalled checkouts' });
  await app.request('/api/writeups/checkout-failover/reviews', {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ startsAt: new Date().toISOString(), invitees: ['Priya Raman'] }),
  });
  product = await serveApp(app, '127.0.0.1', port);
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
  await idp?.stop();
});

/** Through the provider's own pages, as a person signs in (each in their own browser). */
async function signIn(login: string, path: string): Promise<Page> {
  context = await browser.newContext(ordinaryBrowser);
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${product.url}${path}`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.getByRole('link', { name: 'Sign in with SSO' }).click();
  await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  // The provider asks once whether to share the person's details with this product.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${product.url}${path}`);
  return page;
}

describe('signing in with SSO in Chromium', () => {
  it('signs a facilitator in through the provider, onto the page they asked for, and out again', async () => {
    const page = await signIn('fran', '/writeups/checkout-failover');
    expect(await page.locator('#signed-in-as').textContent()).toBe('fran@acme.example · facilitator');
    expect(await page.getByRole('link', { name: 'People' }).count()).toBe(0);
    const cookies = await context.cookies(product.url);
    expect(cookies.find((c) => c.name === 'ls_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies.find((c) => c.name === 'ls_signin')).toBeUndefined();
    await page.goto(`${product.url}/people`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${product.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('signs an admin in, who sets roles, makes a token shown once, and reads the audit trail', async () => {
    const page = await signIn('alice', '/');
    expect(await page.locator('#signed-in-as').textContent()).toBe('alice@acme.example · admin');
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByLabel('Role of fran@acme.example').selectOption('viewer');
    await page.locator('form[action="/people/fran%40acme.example"]').getByRole('button', { name: 'Set' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('fran@acme.example');
    await page.screenshot({ path: `${SCREENSHOTS}people.png`, fullPage: true });

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Name (what it is for)').fill('link scanner in CI');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.locator('#new-token-value').textContent();
    expect(token).toMatch(/^lsp_[0-9a-f]{16}_/);
    await page.screenshot({ path: `${SCREENSHOTS}tokens.png`, fullPage: true });
    await page.goto(`${product.url}/tokens`);
    expect(await page.content()).not.toContain(token!);
    await page.getByRole('button', { name: 'Revoke link scanner in CI' }).click();
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('revoked');
    const me = await fetch(`${product.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);

    await page.getByRole('link', { name: 'Audit' }).click();
    const trail = await page.locator('tbody').textContent();
    // Each change in words, as its declaration's summary says it.
    for (const action of ["Set a person's role", 'Create a personal API token', 'Revoke a personal API token', 'Sign in']) expect(trail).toContain(action);
    await page.screenshot({ path: `${SCREENSHOTS}audit.png`, fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
  });

  it('ends on this site after the round trip, whatever `next` says (/.//host/phish)', async () => {
    const elsewhere = await serveHtml({ '/phish': '<h1>Phished</h1>' });
    try {
      context = await browser.newContext(ordinaryBrowser);
      const page = await context.newPage();
      await page.goto(`${product.url}/auth/login?next=${encodeURIComponent(`/.//${new URL(elsewhere.url).host}/phish`)}`);
      await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
      await page.locator('input[name=login]').fill('vic');
      await page.locator('input[name=password]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      // Past the provider and our callback page, wherever that leads.
      await page.waitForURL((url) => !url.href.startsWith(idp.issuer) && url.pathname !== '/auth/callback');
      await page.waitForLoadState('load');
      expect(new URL(page.url()).origin).toBe(product.url);
      expect(await page.locator('#signed-in-as').textContent()).toBe('vic@acme.example · viewer');
      await page.close();
    } finally {
      await elsewhere.close();
    }
  });
});

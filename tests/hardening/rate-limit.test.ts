import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { ADMIN_TOKEN, BROWSER_UA, testDeps } from '../helpers/deps';
import { createWriteup, newVisitId } from '../helpers/apps';
import { recordFigure } from '../helpers/figures';
import { serveApp } from '../helpers/servers';

const TIGHT = {
  beacons: { max: 5, windowMs: 3_000 },
  pixels: { max: 4, windowMs: 3_000 },
  forms: { max: 3, windowMs: 3_000 },
  login: { max: 2, windowMs: 400 },
};

let app: ReturnType<typeof localApp>;
beforeAll(async () => {
  app = localApp(await testDeps(), TIGHT);
  await createWriteup(app, 'limited');
});

const beacon = (address: string) =>
  app.request('/e', {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': address },
    body: JSON.stringify({ w: 'limited', k: 'view', u: 'https://docs.example.com/pir/limited', r: null, v: newVisitId() }),
  });

const login = (address: string, token: string) =>
  app.request('/login', {
    method: 'POST',
    headers: { 'x-forwarded-for': address, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/' }),
  });

describe('rate limits on public routes (local server)', () => {
  it('answer 429 with Retry-After past the limit, per address, and let the address back after the window', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await beacon('198.51.100.77')).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const limited = await beacon('198.51.100.77');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect((await beacon('198.51.100.78')).status).toBe(202);
    await new Promise((r) => setTimeout(r, 3_050));
    expect((await beacon('198.51.100.77')).status).toBe(202);
    recordFigure('rate limits: a sixth beacon within the window from one address got 429 with Retry-After; other addresses and the next window went through');
  });

  it('limit the pixel like the beacon', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await app.request('/p.gif?w=limited', { headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': '198.51.100.81' } })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('limit forms, and never reads', async () => {
    const post = (path: string) =>
      app.request(path, {
        method: 'POST',
        headers: { 'x-forwarded-for': '198.51.100.90', accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=x',
      });
    const forms = [];
    for (let i = 0; i < 4; i++) forms.push((await post('/c/AAAAAAAAAAAAAAAAAAAAAA')).status);
    expect(forms).toEqual([404, 404, 404, 429]);
    for (let i = 0; i < 10; i++) expect((await app.request('/t.js', { headers: { 'x-forwarded-for': '198.51.100.90' } })).status).toBe(200);
  });

  it('count failed logins only, and the 429 page leads back to the form', async () => {
    // Correct logins, many in a row: never refused.
    for (let i = 0; i < 6; i++) expect((await login('198.51.100.91', ADMIN_TOKEN)).status).toBe(303);
    expect((await login('198.51.100.92', 'wrong')).status).toBe(401);
    expect((await login('198.51.100.92', 'wrong')).status).toBe(401);
    const refused = await login('198.51.100.92', 'wrong');
    expect(refused.status).toBe(429);
    const page = await refused.text();
    expect(page).toContain('Too many requests');
    expect(page).toMatch(/<a href="\/login">Back to the login form<\/a>/);
    // Even the right token waits out the window once the failures used it up.
    expect((await login('198.51.100.92', ADMIN_TOKEN)).status).toBe(429);
  });
});

describe('the client address behind proxies (TRUST_PROXY)', () => {
  const limits = { ...TIGHT, beacons: { max: 2, windowMs: 60_000 } };
  const post = (url: string, forwardedFor?: string) =>
    fetch(`${url}/e`, {
      method: 'POST',
      headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify({ w: 'limited', k: 'view', u: 'https://docs.example.com/pir/limited', r: null, v: newVisitId() }),
    }).then((res) => res.status);

  it('without a proxy, keys on the socket: a forged X-Forwarded-For buys nothing', async () => {
    const deps = await testDeps({ trustProxy: 0 });
    const server = await serveApp(localApp(deps, limits));
    try {
      await createWriteup(localApp(deps), 'limited');
      const statuses = [await post(server.url, '203.0.113.1'), await post(server.url, '203.0.113.2'), await post(server.url, '203.0.113.3')];
      expect(statuses).toEqual([202, 202, 429]);
    } finally {
      await server.close();
    }
  });

  it('with TRUST_PROXY=1, keys on the entry our proxy wrote (the last), not the ones a client wrote before it', async () => {
    const deps = await testDeps({ trustProxy: 1 });
    const server = await serveApp(localApp(deps, limits));
    try {
      await createWriteup(localApp(deps), 'limited');
      // Readers behind the proxy are told apart…
      expect([await post(server.url, '203.0.113.1'), await post(server.url, '203.0.113.2')]).toEqual([202, 202]);
      // …and one client rotating the entries it writes itself stays one client.
      const forged = [
        await post(server.url, '10.9.9.1, 203.0.113.5'),
        await post(server.url, '10.9.9.2, 203.0.113.5'),
        await post(server.url, '10.9.9.3, 203.0.113.5'),
      ];
      expect(forged).toEqual([202, 202, 429]);
      // A request without the header (not through the proxy) falls back to the socket.
      expect(await post(server.url)).toBe(202);
    } finally {
      await server.close();
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { createWriteup, report } from '../helpers/apps';
import { adminHeaders, BROWSER_UA, loginCookie, settled, testDeps } from '../helpers/deps';

// Image proxies fetch a pixel on readers' behalf: counted apart, never as views or readers.
const CAMO = 'github-camo (876de43e)';
const GOOGLE = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
let app: ReturnType<typeof localApp>;
let cookie: string;
const NOW = new Date();

beforeAll(async () => {
  const deps = await testDeps({ now: () => NOW });
  app = localApp(deps);
  cookie = await loginCookie(deps);
  await createWriteup(app, 'in-markdown');
});

const pixel = (userAgent: string, w = 'in-markdown', address = '198.51.100.20') =>
  app.request(`/p.gif?w=${w}`, { headers: { 'user-agent': userAgent, 'x-forwarded-for': address } });

describe('a pixel fetched by an image proxy', () => {
  it('is a proxied view: said so, never cached, and not a view or a reader', async () => {
    const camo = await pixel(CAMO);
    expect(camo.status).toBe(200);
    expect(camo.headers.get('x-signals-proxied')).toBe('github');
    expect(camo.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(camo.headers.get('content-type')).toBe('image/gif');
    await pixel(CAMO, 'in-markdown', '140.82.112.1');
    expect((await pixel(GOOGLE)).headers.get('x-signals-proxied')).toBe('google');
    const browser = await pixel(BROWSER_UA, 'in-markdown', '203.0.113.9');
    expect(browser.headers.get('x-signals-proxied')).toBeNull();
    const { reads } = await report(app, 'in-markdown');
    expect(reads).toMatchObject({ views: 1, readers: 1, proxied: { fetches: 3, byProxy: { github: 2, google: 1 } } });
    const page = await (await app.request('/writeups/in-markdown', { headers: { cookie } })).text();
    expect(page).toContain('Also fetched 2 times by GitHub&#39;s image proxy, 1 time by Google&#39;s image proxy');
  });

  it('for a write-up that does not exist counts nothing', async () => {
    const res = await pixel(CAMO, 'no-such-writeup');
    expect(res.headers.get('x-signals-dropped')).toBe('unknown-writeup');
    expect(res.headers.get('x-signals-proxied')).toBeNull();
  });

  it('is left as it is by a recount, which proves reads from readers', async () => {
    await settled();
    const today = NOW.toISOString().slice(0, 10);
    const yesterday = new Date(NOW.getTime() - 86_400_000).toISOString().slice(0, 10);
    const res = await app.request('/api/recount', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ from: yesterday, to: today, writeup: 'in-markdown' }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).corrections.filter((c: { counter: string }) => c.counter.startsWith('proxied'))).toEqual([]);
    expect((await report(app, 'in-markdown')).reads.proxied.fetches).toBe(3);
  });
});

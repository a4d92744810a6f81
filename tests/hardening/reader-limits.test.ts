import { beforeAll, describe, expect, it } from 'vitest';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup, newVisitId, report, sendBeacon } from '../helpers/apps';
import { BROWSER_UA, testDeps } from '../helpers/deps';

/**
 * One reader (address and user agent, a day) adds at most 200 go-link clicks
 * and 200 proxied fetches to a write-up, like views: past that the reader is
 * still sent on and the pixel still served, and nothing is counted.
 */
let app: ReturnType<typeof localApp>;
const NOW = new Date();
const TODAY = NOW.toISOString().slice(0, 10);

beforeAll(async () => {
  app = localApp(await testDeps({ now: () => NOW }), NO_LIMITS);
});

describe('go-link clicks', () => {
  it('600 clicks from one reader all redirect, and count 200', async () => {
    await createWriteup(app, 'clicked');
    const click = (address: string) =>
      app.request('/go/clicked', {
        headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': address, referer: 'https://acme.slack.com/archives/C024BE91L/p1700000000123456' },
      });
    const dropped: Array<string | null> = [];
    for (let i = 0; i < 600; i++) {
      const res = await click('198.51.100.30');
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://docs.example.com/pir/clicked');
      dropped.push(res.headers.get('x-signals-dropped'));
    }
    expect(dropped.slice(0, 200).every((d) => d === null)).toBe(true);
    expect(dropped.slice(200).every((d) => d === 'limit')).toBe(true);
    const { links } = await report(app, 'clicked', `?from=${TODAY}&to=${TODAY}`);
    expect(links.items).toEqual([expect.objectContaining({ url: 'https://acme.slack.com/archives/C024BE91L/p1700000000123456', via: 'go', clicks: 200 })]);
    // Another reader still counts.
    expect((await click('198.51.100.31')).headers.get('x-signals-dropped')).toBeNull();
    expect((await report(app, 'clicked', `?from=${TODAY}&to=${TODAY}`)).links.items[0].clicks).toBe(201);
  }, 120_000);

  it('a reader who clicks, then reads, is still a reader, and the reads still count', async () => {
    await createWriteup(app, 'click-then-read');
    const headers = { 'user-agent': BROWSER_UA, 'x-forwarded-for': '198.51.100.40' };
    expect((await app.request('/go/click-then-read?from=chat', { headers })).status).toBe(302);
    const view = await sendBeacon(
      app,
      { w: 'click-then-read', k: 'view', u: 'https://docs.example.com/pir/click-then-read', r: null, v: newVisitId() },
      headers,
    );
    expect(view.headers.get('x-signals-dropped')).toBeNull();
    const { reads, links } = await report(app, 'click-then-read', `?from=${TODAY}&to=${TODAY}`);
    expect(reads).toMatchObject({ views: 1, readers: 1 });
    expect(links.items).toEqual([expect.objectContaining({ url: null, kind: 'chat', clicks: 1 })]);
  });
});

describe('pixels fetched by an image proxy', () => {
  it('500 fetches by one proxy are all served, and count 200', async () => {
    await createWriteup(app, 'in-readme');
    const fetchPixel = (address: string) => app.request('/p.gif?w=in-readme', { headers: { 'user-agent': 'x github-camo', 'x-forwarded-for': address } });
    const proxied: Array<string | null> = [];
    const dropped: Array<string | null> = [];
    for (let i = 0; i < 500; i++) {
      const res = await fetchPixel('140.82.115.9');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/gif');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
      proxied.push(res.headers.get('x-signals-proxied'));
      dropped.push(res.headers.get('x-signals-dropped'));
    }
    expect(proxied.slice(0, 200).every((p) => p === 'github')).toBe(true);
    expect(dropped.slice(0, 200).every((d) => d === null)).toBe(true);
    expect(proxied.slice(200).every((p) => p === null)).toBe(true);
    expect(dropped.slice(200).every((d) => d === 'limit')).toBe(true);
    expect((await report(app, 'in-readme', `?from=${TODAY}&to=${TODAY}`)).reads).toMatchObject({ views: 0, readers: 0, proxied: { fetches: 200 } });
    // Another of the proxy's addresses still counts.
    expect((await fetchPixel('140.82.115.10')).headers.get('x-signals-proxied')).toBe('github');
    expect((await report(app, 'in-readme', `?from=${TODAY}&to=${TODAY}`)).reads.proxied).toMatchObject({ fetches: 201, byProxy: { github: 201 } });
  }, 120_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { BROWSER_UA, testDeps } from '../helpers/deps';
import { createWriteup, newVisitId, report, sendBeacon } from '../helpers/apps';

let app: ReturnType<typeof localApp>;
let now = new Date('2026-05-10T12:00:00Z');
beforeAll(async () => {
  app = localApp(await testDeps({ now: () => now }));
});

const page = (id: string) => `https://docs.example.com/pir/${id}`;
const view = (w: string, v = newVisitId()) => ({ w, k: 'view', u: page(w), r: null, v });
const engage = (w: string, v: string, e: number, s = 50) => ({ w, k: 'engage', u: page(w), r: null, v, e, s });
const today = '?from=2026-05-10&to=2026-05-10';

describe('beacons (POST /e)', () => {
  it('counts a view, then an engaged read, once per visit', async () => {
    await createWriteup(app, 'engaged');
    const visit = newVisitId();
    expect((await sendBeacon(app, view('engaged', visit))).status).toBe(202);
    const again = await sendBeacon(app, view('engaged', visit));
    expect(again.status).toBe(202);
    expect(again.headers.get('x-signals-dropped')).toBe('duplicate');
    // Short engage (the reader hid the tab early): accepted, nothing to count.
    const short = await sendBeacon(app, engage('engaged', visit, 4_000));
    expect(short.headers.get('x-signals-dropped')).toBeNull();
    expect((await sendBeacon(app, engage('engaged', visit, 31_000, 90))).headers.get('x-signals-dropped')).toBeNull();
    expect((await sendBeacon(app, engage('engaged', visit, 60_000, 100))).headers.get('x-signals-dropped')).toBe('duplicate');
    const { reads } = await report(app, 'engaged', today);
    expect(reads).toMatchObject({ views: 1, engaged: 1, readers: 1, averageEngagedScrollPercent: 90 });
  });

  it('counts the view too when an engage arrives for a visit never seen', async () => {
    await createWriteup(app, 'engage-only');
    await sendBeacon(app, engage('engage-only', newVisitId(), 45_000));
    expect((await report(app, 'engage-only', today)).reads).toMatchObject({ views: 1, engaged: 1, readers: 1 });
  });

  it('counts a reader once a day, whatever the visits, and again the next day', async () => {
    await createWriteup(app, 'readers');
    await sendBeacon(app, view('readers'));
    await sendBeacon(app, view('readers'));
    await sendBeacon(app, view('readers'), { 'x-forwarded-for': '198.51.100.99, 10.0.0.1' });
    await sendBeacon(app, view('readers'), { 'user-agent': `${BROWSER_UA} Edg/130.0` });
    const saved = now;
    now = new Date('2026-05-11T08:00:00Z');
    await sendBeacon(app, view('readers'));
    now = saved;
    const { reads } = await report(app, 'readers', '?from=2026-05-10&to=2026-05-11');
    expect(reads.byDay).toEqual([
      { date: '2026-05-10', views: 4, engaged: 0, readers: 3 },
      { date: '2026-05-11', views: 1, engaged: 0, readers: 1 },
    ]);
    expect(reads.readers).toBe(4);
  });

  it('drops bots, beacons without a user agent, and unknown write-ups, with the reason', async () => {
    await createWriteup(app, 'filtered');
    const bot = await sendBeacon(app, view('filtered'), { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
    expect(bot.status).toBe(202);
    expect(bot.headers.get('x-signals-dropped')).toBe('bot');
    const headless = await sendBeacon(app, view('filtered'), { 'user-agent': BROWSER_UA.replace('Chrome/', 'HeadlessChrome/') });
    expect(headless.headers.get('x-signals-dropped')).toBe('bot');
    const noAgent = await sendBeacon(app, view('filtered'), { 'user-agent': '' });
    expect(noAgent.headers.get('x-signals-dropped')).toBe('bot');
    const unknown = await sendBeacon(app, view('never-created'));
    expect(unknown.headers.get('x-signals-dropped')).toBe('unknown-writeup');
    expect((await report(app, 'filtered', today)).reads.views).toBe(0);
  });

  it('refuses malformed and oversized beacons, counting nothing', async () => {
    await createWriteup(app, 'malformed');
    for (const body of [
      '',
      'not json',
      '[]',
      JSON.stringify({ ...view('malformed'), k: 'read' }),
      JSON.stringify({ ...view('malformed'), u: 'javascript:1' }),
    ]) {
      const res = await sendBeacon(app, body);
      expect(res.status, body).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    const big = await sendBeacon(app, { ...view('malformed'), r: `https://e.com/${'x'.repeat(2_100)}` });
    expect(big.status).toBe(413);
    expect((await report(app, 'malformed', today)).reads.views).toBe(0);
  });

  it('finds the write-up by the page address when the beacon names none: its URL or a copy, query and hash aside', async () => {
    await createWriteup(app, 'by-address', { copies: ['https://wiki.example.com/display/OPS/By+Address'] });
    // A write-up whose own URL needs its query, as old Confluence pages do.
    await createWriteup(app, 'by-query', { url: 'https://wiki.example.com/pages/viewpage.action?pageId=4242' });
    const anonymous = (u: string) => ({ k: 'view', u, r: null, v: newVisitId() });
    for (const u of [
      'https://docs.example.com/pir/by-address',
      'https://DOCS.example.com/pir/by-address/?utm_source=slack#timeline',
      'https://docs.example.com/pir/by-address?tab=2',
      'https://wiki.example.com/display/OPS/By+Address#what-happened',
    ]) {
      const res = await sendBeacon(app, anonymous(u));
      expect(res.status, u).toBe(202);
      expect(res.headers.get('x-signals-dropped'), u).toBeNull();
    }
    expect((await sendBeacon(app, anonymous('https://wiki.example.com/pages/viewpage.action?pageId=4242'))).headers.get('x-signals-dropped')).toBeNull();
    const elsewhere = await sendBeacon(app, anonymous('https://docs.example.com/pir/nobody-wrote-this'));
    expect(elsewhere.status).toBe(202);
    expect(elsewhere.headers.get('x-signals-dropped')).toBe('unknown-writeup');
    // Another page of the same wiki is not that write-up.
    const otherPage = await sendBeacon(app, anonymous('https://wiki.example.com/pages/viewpage.action?pageId=1'));
    expect(otherPage.headers.get('x-signals-dropped')).toBe('unknown-writeup');
    expect((await report(app, 'by-address', today)).reads.views).toBe(4);
    expect((await report(app, 'by-query', today)).reads.views).toBe(1);
  });

  it('counts a view from a long address the 2 KB body holds, whatever its length', async () => {
    await createWriteup(app, 'long-address');
    const u = `${page('long-address')}?filter=${'x'.repeat(1_960)}`;
    // No write-up id, no referrer, a short visit id: the most address a body can hold.
    const body = JSON.stringify({ k: 'view', u, v: 'longaddr' });
    expect(u.length).toBeGreaterThan(2_000);
    expect(body.length).toBeLessThanOrEqual(2_048);
    const res = await sendBeacon(app, body);
    expect(res.status).toBe(202);
    expect(res.headers.get('x-signals-dropped')).toBeNull();
    expect((await report(app, 'long-address', today)).reads.views).toBe(1);
  });

  it('takes JSON as application/json too, and answers CORS preflights from any origin', async () => {
    await createWriteup(app, 'json-beacon');
    const res = await sendBeacon(app, view('json-beacon'), { 'content-type': 'application/json', origin: 'https://docs.example.com' });
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await app.request('/e', {
      method: 'OPTIONS',
      headers: { origin: 'https://docs.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect((await report(app, 'json-beacon', today)).reads.views).toBe(1);
  });

  it('loses no count under 200 concurrent beacons', async () => {
    await createWriteup(app, 'concurrent');
    const visits = Array.from({ length: 100 }, () => newVisitId());
    const beacons = visits.flatMap((v, i) => [
      sendBeacon(app, view('concurrent', v), { 'x-forwarded-for': `203.0.113.${i % 40}` }),
      sendBeacon(app, engage('concurrent', v, i % 2 === 0 ? 40_000 : 1_000), { 'x-forwarded-for': `203.0.113.${i % 40}` }),
    ]);
    const statuses = (await Promise.all(beacons)).map((r) => r.status);
    expect(statuses.every((s) => s === 202)).toBe(true);
    expect((await report(app, 'concurrent', today)).reads).toMatchObject({ views: 100, engaged: 50, readers: 40 });
  });
});

describe('the pixel (GET /p.gif)', () => {
  it('answers a 1×1 GIF that is never cached and counts a view per load', async () => {
    await createWriteup(app, 'pixel');
    const headers = { 'user-agent': BROWSER_UA, 'x-forwarded-for': '192.0.2.1' };
    const res = await app.request('/p.gif?w=pixel', { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 6))).toBe('GIF89a');
    await app.request('/p.gif?w=pixel', { headers });
    expect((await report(app, 'pixel', today)).reads).toMatchObject({ views: 2, readers: 1 });
  });

  it('still answers the GIF for unknown write-ups and bots, counting nothing', async () => {
    const unknown = await app.request('/p.gif?w=nobody', { headers: { 'user-agent': BROWSER_UA } });
    expect(unknown.status).toBe(200);
    expect(unknown.headers.get('x-signals-dropped')).toBe('unknown-writeup');
    const bot = await app.request('/p.gif?w=pixel', { headers: { 'user-agent': 'curl/8.0' } });
    expect(bot.headers.get('x-signals-dropped')).toBe('bot');
    expect((await app.request('/p.gif?w=Not%20An%20Id')).status).toBe(400);
    expect((await app.request('/p.gif')).status).toBe(400);
  });
});

describe('the report', () => {
  it('covers the 90 days ending today by default, with every day listed', async () => {
    await createWriteup(app, 'default-range', { publishedAt: '2026-05-01' });
    await sendBeacon(app, view('default-range'));
    const body = await report(app, 'default-range');
    expect(body.range).toEqual({ from: '2026-02-10', to: '2026-05-10' });
    expect(body.reads.byDay).toHaveLength(90);
    expect(body.reads.byDay.at(-1)).toEqual({ date: '2026-05-10', views: 1, engaged: 0, readers: 1 });
    expect(body.reads.sincePublished).toEqual({ d0_7: 0, d8_30: 1, d31_90: 0, d91_: 0 });
    expect(body.writeup).toEqual({ id: 'default-range', title: 'Write-up default-range', url: page('default-range') });
  });

  it('refuses a bad range and 404s an unknown write-up', async () => {
    const { adminHeaders } = await import('../helpers/deps');
    const bad = await app.request('/api/writeups/default-range/report?from=2026-05-11&to=2026-05-01', { headers: adminHeaders });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('from');
    expect((await app.request('/api/writeups/nobody/report', { headers: adminHeaders })).status).toBe(404);
  });
});

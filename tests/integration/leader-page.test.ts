import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { createWriteup, newVisitId, requestsTo, sendBeacon } from '../helpers/apps';
import { loginCookie, settled, testDeps } from '../helpers/deps';

// The organization's page as a leader uses it: filtered by a tag, every link it offers keeps the filter.
let now = new Date('2026-04-05T12:00:00Z');
/** A participant who wrote at length: words, then more words, past where the page folds. */
const LONG_ANSWER = `The failover worked, but ${'nobody knew which dashboard to trust while the replicas caught up, '.repeat(8)}and that is the end.`;
let app: ReturnType<typeof localApp>;
let cookie: string;
const { api, form } = requestsTo(() => app);

/** What a signed-in browser gets at a path. */
const get = async (path: string) => {
  await settled();
  return app.request(path, { headers: { cookie, accept: 'text/html' } });
};
const page = async (path: string) => {
  const res = await get(path);
  expect(res.status).toBe(200);
  return res.text();
};
/** Every link in the page's main part, as a browser reads its address. */
const linksIn = (html: string) => {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return [...main.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => new URL(m[1]!.replaceAll('&amp;', '&'), 'https://signals.example.com'));
};

beforeAll(async () => {
  const deps = await testDeps({ now: () => now });
  app = localApp(deps);
  cookie = await loginCookie(deps);
  await createWriteup(app, 'pay-outage', { title: 'Payments outage', tags: ['payments'], publishedAt: '2026-04-01' });
  await createWriteup(app, 'dns-outage', { title: 'DNS outage', tags: ['network'], publishedAt: '2026-04-01' });
  // Before the range the page asks for, in a month it covers in part: not counted in its list.
  await sendBeacon(app, { w: 'pay-outage', k: 'view', u: 'https://docs.example.com/pir/pay-outage', r: null, v: newVisitId() });
  await api('/api/writeups/pay-outage/links', { url: 'https://github.com/acme/early/pull/9' });
  now = new Date('2026-05-08T12:00:00Z');
  for (const w of ['pay-outage', 'dns-outage']) {
    await sendBeacon(app, { w, k: 'engage', u: `https://docs.example.com/pir/${w}`, r: null, v: newVisitId(), e: 40_000, s: 80 });
    await api(`/api/writeups/${w}/links`, { url: `https://github.com/acme/${w}/pull/1` });
    const review = await (await api(`/api/writeups/${w}/reviews`, { startsAt: '2026-05-08T12:30:00Z' })).json();
    await form(new URL(review.checkinUrl).pathname, { name: `Someone at ${w}` });
    await form(new URL(review.surveyUrl).pathname, { learned: 'yes', surprise: w === 'pay-outage' ? LONG_ANSWER : `About ${w}` });
  }
  now = new Date('2026-05-10T12:00:00Z');
});

describe('the organization page filtered by a tag', () => {
  it('keeps the tag and the range on every link it offers: quick ranges, sorting, exports', async () => {
    const html = await page('/?from=2026-04-11&to=2026-05-10&bucket=week&tag=payments');
    const links = linksIn(html);
    const onPage = links.filter((url) => url.pathname === '/');
    const exports = links.filter((url) => url.pathname.startsWith('/api/export/'));
    expect(onPage.map((url) => url.searchParams.get('tag'))).toEqual(['payments', 'payments', 'payments', 'payments', 'payments', 'payments']);
    // The quick ranges end where the chosen range ends; the sort links keep the range itself.
    expect(onPage.every((url) => url.searchParams.get('to') === '2026-05-10')).toBe(true);
    expect(exports.map((url) => url.pathname)).toEqual([
      '/api/export/reads.csv',
      '/api/export/reads.csv',
      '/api/export/links.csv',
      '/api/export/links.csv',
      '/api/export/attendance.csv',
      '/api/export/attendance.csv',
      '/api/export/responses.csv',
      '/api/export/responses.csv',
    ]);
    for (const url of exports) {
      expect(url.searchParams.get('tag')).toBe('payments');
      expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(['2026-04-11', '2026-05-10']);
    }
    // A write-up's page has no tag: its links keep the range.
    for (const url of links.filter((u) => u.pathname.startsWith('/writeups/'))) expect(url.search).toBe('?from=2026-04-11&to=2026-05-10');
    expect(html).toContain('CSV of 2026-04-11 to 2026-05-10, write-ups tagged “payments”');
  });

  it("exports only that tag's write-ups, in every CSV the page links", async () => {
    const exports = linksIn(await page('/?from=2026-04-11&to=2026-05-10&tag=payments')).filter(
      (url) => url.pathname.startsWith('/api/export/') && !url.searchParams.has('excel'),
    );
    expect(exports).toHaveLength(4);
    for (const url of exports) {
      const res = await get(url.pathname + url.search);
      expect(res.status).toBe(200);
      const rows = (await res.text()).split('\r\n').filter(Boolean);
      expect(rows.length, url.pathname).toBeGreaterThan(1);
      expect(
        rows.slice(1).every((row) => row.includes('pay-outage')),
        url.pathname,
      ).toBe(true);
      expect(rows.join('\n'), url.pathname).not.toContain('dns-outage');
    }
    // Without the tag, the same export has both.
    const all = await (await get('/api/export/reads.csv?from=2026-04-11&to=2026-05-10')).text();
    expect(all).toContain('pay-outage');
    expect(all).toContain('dns-outage');
  });

  it('reads a tag as the page does (case and spaces aside), answers no rows for an unknown one and a clear 400 for a bad one', async () => {
    expect(await (await api('/api/export/links.csv?tag=%20Payments%20')).text()).toContain('pay-outage');
    expect((await (await api('/api/export/links.csv?tag=nobody')).text()).split('\r\n').filter(Boolean)).toHaveLength(1);
    const bad = await api(`/api/export/reads.csv?tag=${'x'.repeat(41)}`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe('tag');
  });
});

describe("the organization page's write-up list and words", () => {
  it("counts the write-ups' reads and links over the chosen days, not the whole months around them", async () => {
    const listed = async (query: string) => {
      await settled();
      const report = await (await api(`/api/report?${query}`)).json();
      return { cover: report.writeupsCover, pay: report.writeups.find((w: { id: string }) => w.id === 'pay-outage') };
    };
    const chosen = await listed('from=2026-04-11&to=2026-05-10');
    expect(chosen.cover).toEqual({ from: '2026-04-11', to: '2026-05-10' });
    expect(chosen.pay).toMatchObject({ views: 1, engaged: 1, links: 1, lastRead: '2026-05-08' });
    // From the first of April, the early read and link are in.
    expect((await listed('from=2026-04-01&to=2026-05-10')).pay).toMatchObject({ views: 2, links: 2 });
    // A range inside one month, before the later reads: only the early one.
    expect((await listed('from=2026-04-02&to=2026-04-20')).pay).toMatchObject({ views: 1, engaged: 0, links: 1, lastRead: '2026-04-05' });
    const html = await page('/?from=2026-04-11&to=2026-05-10');
    expect(html).toContain('reads and links from 2026-04-11 to 2026-05-10, the range chosen');
    expect(html).toMatch(
      /<th scope="row"[^>]*><a href="\/writeups\/pay-outage[^"]*">Payments outage<\/a><\/th><td class="num"[^>]*>1<\/td><td class="num"[^>]*>1<\/td>/,
    );
  });

  it('folds a long answer at a word and lets one read all of it', async () => {
    const html = await page('/?from=2026-04-11&to=2026-05-10');
    const folded = html.match(
      /<blockquote class="long"><details><summary><span class="preview">([^<]*)…<\/span><span class="more">([^<]*)<\/span><span class="less">Show less<\/span><\/summary>([^<]*)<\/details>/,
    );
    expect(folded).not.toBeNull();
    const [, preview, more, whole] = folded!;
    // The preview ends where a word ends, and the whole answer is there to open.
    expect(LONG_ANSWER.startsWith(preview!)).toBe(true);
    expect(LONG_ANSWER[preview!.length]).toBe(' ');
    expect(more).toBe(`Read all of it (${LONG_ANSWER.length} characters)`);
    expect(whole).toBe(LONG_ANSWER);
    // A short answer is shown whole, unfolded.
    expect(html).toContain('<blockquote>About dns-outage</blockquote>');
  });

  it('the reads export names each write-up by its title beside its id', async () => {
    const rows = (await (await api('/api/export/reads.csv?from=2026-05-08&to=2026-05-08')).text()).split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('date,writeup,title,views,engaged,readers');
    expect(rows.slice(1).sort()).toEqual(['2026-05-08,dns-outage,DNS outage,1,1,1', '2026-05-08,pay-outage,Payments outage,1,1,1']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { adminHeaders, BROWSER_UA, testDeps } from '../helpers/deps';
import { createWriteup, newVisitId, report, sendBeacon } from '../helpers/apps';

let app: ReturnType<typeof localApp>;
beforeAll(async () => {
  app = localApp(await testDeps({ onboardingPrefixes: ['https://wiki.example.com/new-hires'] }));
});

const addLink = (id: string, body: unknown) => app.request(`/api/writeups/${id}/links`, { method: 'POST', headers: adminHeaders, body: JSON.stringify(body) });
const links = async (id: string) => (await report(app, id)).links;

describe('registering links (POST /api/writeups/{id}/links)', () => {
  it('classifies the URL when no kind is given, and keeps one link per place', async () => {
    await createWriteup(app, 'retry-storm');
    const first = await addLink('retry-storm', { url: 'https://github.com/acme/api/pull/1234' });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ url: 'https://github.com/acme/api/pull/1234', kind: 'pull-request', via: 'manual', clicks: 0 });
    const again = await addLink('retry-storm', { url: 'HTTPS://github.com/acme/api/pull/1234/?utm_source=mail#files' });
    expect(again.status).toBe(200);
    // A comment is a place of its own: its anchor is kept.
    const comment = await addLink('retry-storm', { url: 'https://github.com/acme/api/pull/1234#issuecomment-1' });
    expect(comment.status).toBe(201);
    expect(await comment.json()).toMatchObject({ url: 'https://github.com/acme/api/pull/1234#issuecomment-1', kind: 'pull-request' });
    expect((await addLink('retry-storm', { url: 'https://example.com/slides', kind: 'onboarding' })).status).toBe(201);
    const section = await links('retry-storm');
    expect(section.total).toBe(3);
    expect(section.byKind).toEqual({ 'pull-request': 2, onboarding: 1 });
  });

  it('knows links from another write-up and from onboarding material', async () => {
    await createWriteup(app, 'cache-stampede');
    await createWriteup(app, 'dns-outage');
    expect(await (await addLink('cache-stampede', { url: 'https://docs.example.com/pir/dns-outage' })).json()).toMatchObject({ kind: 'writeup' });
    expect(await (await addLink('cache-stampede', { url: 'https://wiki.example.com/new-hires/week-1' })).json()).toMatchObject({ kind: 'onboarding' });
  });

  it('refuses non-http URLs, over-long URLs and unknown kinds, storing nothing; 404s unknown write-ups', async () => {
    await createWriteup(app, 'refusals');
    for (const body of [
      { url: 'javascript:alert(1)' },
      { url: 'data:text/html,<script>alert(1)</script>' },
      { url: 'file:///etc/passwd' },
      { url: `https://example.com/${'x'.repeat(2_000)}` },
      { url: 'https://example.com', kind: 'tweet' },
      { url: 'https://example.com', via: 'referrer' },
      { url: 'src/pool.ts', via: 'manual' },
    ]) {
      const res = await addLink('refusals', body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await links('refusals')).total).toBe(0);
    expect((await addLink('nobody', { url: 'https://example.com' })).status).toBe(404);
  });

  it('takes batches, answering each link', async () => {
    await createWriteup(app, 'batched');
    const res = await app.request('/api/links', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({
        links: [
          { writeup: 'batched', url: 'https://github.com/acme/api/commit/3f2a9c1d', via: 'scan' },
          { writeup: 'batched', url: 'https://github.com/acme/api/commit/3f2a9c1d', via: 'scan' },
          { writeup: 'batched', url: 'api/src/pool.ts', kind: 'code', via: 'scan' },
          { writeup: 'nobody', url: 'https://github.com/acme/api/commit/3f2a9c1d', via: 'scan' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 2, existing: 1, refused: 1 });
    expect((await links('batched')).byKind).toEqual({ commit: 1, code: 1 });
  });
});

describe('go-links (GET /go/{id})', () => {
  it('redirects at once and counts the click on the page it came from', async () => {
    await createWriteup(app, 'go-clicks');
    const click = (headers: Record<string, string>, query = '') => app.request(`/go/go-clicks${query}`, { headers: { 'user-agent': BROWSER_UA, ...headers } });
    const res = await click({ referer: 'https://acme.slack.com/archives/C024BE91L/p1700000000123456?thread_ts=1' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://docs.example.com/pir/go-clicks');
    await click({ referer: 'https://acme.slack.com/archives/C024BE91L/p1700000000123456' });
    await click({}, '?from=doc');
    await click({}, '?from=doc');
    await click({}, '?from=nonsense');
    await click({ 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' }, '?from=chat');
    const section = await links('go-clicks');
    expect(section.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ url: 'https://acme.slack.com/archives/C024BE91L/p1700000000123456', kind: 'chat', via: 'go', clicks: 2 }),
        expect.objectContaining({ url: null, kind: 'doc', via: 'go', clicks: 2 }),
        expect.objectContaining({ url: null, kind: 'other', via: 'go', clicks: 1 }),
      ]),
    );
    expect(section.total).toBe(3);
  });

  it('lets `from` name the kind even with a Referer', async () => {
    await createWriteup(app, 'go-from');
    await app.request('/go/go-from?from=onboarding', { headers: { 'user-agent': BROWSER_UA, referer: 'https://intranet.example.com/start' } });
    expect((await links('go-from')).items).toEqual([expect.objectContaining({ url: 'https://intranet.example.com/start', kind: 'onboarding', clicks: 1 })]);
  });
});

describe('links from referrers', () => {
  it('turn a read arriving from another site into a link, without query or fragment', async () => {
    await createWriteup(app, 'referred');
    const page = 'https://docs.example.com/pir/referred';
    const view = (r: string | null, v = newVisitId()) => sendBeacon(app, { w: 'referred', k: 'view', u: page, r, v });
    await view('https://github.com/acme/api/blob/main/src/pool.ts?plain=1#L40');
    await view('https://github.com/acme/api/blob/main/src/pool.ts');
    await view('https://docs.example.com/pir/index');
    await view(null);
    const visit = newVisitId();
    await view('https://news.example.org/post', visit);
    await view('https://news.example.org/post', visit);
    const section = await links('referred');
    expect(section.items).toEqual([
      expect.objectContaining({ url: 'https://github.com/acme/api/blob/main/src/pool.ts', kind: 'code', via: 'referrer', views: 2, clicks: 0 }),
      expect.objectContaining({ url: 'https://news.example.org/post', kind: 'other', via: 'referrer', views: 1 }),
    ]);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../functions/domain/dates';
import { confluenceAddressOf, perDay } from '../../functions/domain/confluence';
import { importConfluence, type ConfluenceSettings } from '../../functions/services/confluence';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup, report } from '../helpers/apps';
import { adminHeaders, loginCookie, testDeps } from '../helpers/deps';

// A local server answers Confluence Cloud's analytics endpoints in their documented shape ({id, count}),
// from a fixture of each day's views and viewers, and can refuse, rate-limit or stall. A tiny link
// (/wiki/x/{code}) is answered as the site answers it: a redirect to the page's address. It notes
// each request it gets, when, and what it answered.
const NOW = new Date();
const TODAY = dayOf(NOW);
const daily = new Map<string, { views: number; viewers: string[] }>();
for (let i = 1; i <= 40; i++) daily.set(addDays(TODAY, -i), { views: i % 5, viewers: i % 3 === 0 ? ['ana'] : ['ana', 'bo'] });
daily.set(TODAY, { views: 7, viewers: ['cy'] });
let mode: 'ok' | 'restricted' | 'throttled-once' | 'throttled-long' | 'stall' | 'nonsense' = 'ok';
let requests = 0;
/** Whether the one 429 of a throttling mode was answered. */
let throttled = false;
const served: Array<{ path: string; at: number; status: number }> = [];
const TINY: Record<string, string> = { OAAB: '/wiki/spaces/OPS/pages/65592/Runbook+review' };
let server: Server;
let settings: ConfluenceSettings;
let deps: AppDeps;
let app: ReturnType<typeof localApp>;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url!, 'http://x');
    const note = (status: number) => served.push({ path: url.pathname, at: Date.now(), status });
    const match = /^\/wiki\/rest\/api\/analytics\/content\/(\d+)\/(views|viewers)$/.exec(url.pathname);
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== `Basic ${Buffer.from('ops@acme.example:atl-token').toString('base64')}`)
      return res.writeHead(401).end('{"message":"Unauthorized"}');
    const tiny = /^\/wiki\/x\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (tiny && TINY[tiny]) {
      note(302);
      return res.writeHead(302, { location: `http://${req.headers.host}${TINY[tiny]}` }).end();
    }
    if (!match) return res.writeHead(404).end('{"message":"Not found"}');
    if (mode === 'restricted') return res.writeHead(403).end('{"statusCode":403,"message":"ViewAnalyticsRestricted"}');
    if (mode === 'stall') return; // never answers
    if (mode === 'nonsense') return res.end('<html>maintenance</html>');
    if ((mode === 'throttled-once' || mode === 'throttled-long') && !throttled) {
      throttled = true;
      note(429);
      // As Atlassian documents it: seconds to wait, and when the limit resets (yyyy-MM-ddTHH:mmZ).
      const wait = mode === 'throttled-once' ? 1 : 3_600;
      const reset = new Date(Math.ceil((Date.now() + wait * 1_000) / 60_000) * 60_000).toISOString().slice(0, 16);
      return res.writeHead(429, { 'retry-after': String(wait), 'x-ratelimit-reset': `${reset}Z` }).end('{"message":"Too many requests"}');
    }
    note(200);
    const from = url.searchParams.get('fromDate')!;
    const days = [...daily].filter(([day]) => day >= from);
    const count = match[2] === 'views' ? days.reduce((n, [, d]) => n + d.views, 0) : new Set(days.flatMap(([, d]) => d.viewers)).size;
    res.end(JSON.stringify({ id: Number(match[1]), count }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  settings = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    email: 'ops@acme.example',
    apiToken: 'atl-token',
    timeoutMs: 500,
  };
  deps = await testDeps({ now: () => NOW, confluence: settings });
  app = localApp(deps, NO_LIMITS);
  await createWriteup(app, 'on-confluence', { url: `${settings.url}/wiki/spaces/OPS/pages/4242/Queue+backlog` });
  await createWriteup(app, 'copy-on-confluence', { copies: [`${settings.url}/wiki/spaces/OPS/pages/77/DNS`] });
  await createWriteup(app, 'elsewhere');
});
afterAll(() => server?.close());

const sum = (from: string, to: string) => [...daily].filter(([day]) => day >= from && day <= to).reduce((n, [, d]) => n + d.views, 0);

describe('Confluence page views', () => {
  it('finds the page of a write-up or of one of its copies on the site', () => {
    expect(confluenceAddressOf(`${settings.url}/wiki/spaces/OPS/pages/4242/Queue+backlog`, settings.url)).toEqual({ pageId: '4242' });
    expect(confluenceAddressOf(`${settings.url}/wiki/pages/viewpage.action?pageId=99`, settings.url)).toEqual({ pageId: '99' });
    expect(confluenceAddressOf(`${settings.url}/wiki/spaces/OPS/blog/2026/03/02/5150/Game+day`, settings.url)).toEqual({ pageId: '5150' });
    expect(confluenceAddressOf(`${settings.url}/wiki/spaces/OPS/blog/5151`, settings.url)).toEqual({ pageId: '5151' });
    expect(confluenceAddressOf(`${settings.url}/wiki/x/OAAB`, settings.url)).toEqual({ tiny: 'OAAB' });
    expect(confluenceAddressOf('https://other.atlassian.net/wiki/spaces/OPS/pages/4242/x', settings.url)).toBeUndefined();
    expect(perDay(['2026-01-01', '2026-01-02'], (d) => ({ '2026-01-01': 9, '2026-01-02': 4, '2026-01-03': 1 })[d]!)).toEqual([
      { day: '2026-01-01', count: 5 },
      { day: '2026-01-02', count: 3 },
    ]);
  });

  it('imports each whole day once, shows it beside the tracked reads and never adds it to them', async () => {
    const first = await importConfluence(deps.store, settings, NOW);
    // 30 days a write-up the first time: 31 "since" days, views and viewers each, so 62 calls a write-up.
    expect(first).toEqual({ writeups: 2, days: 60, calls: 124, left: 0, problems: [] });
    const from = addDays(TODAY, -30);
    const { reads } = await report(app, 'on-confluence', `?from=${from}&to=${TODAY}`);
    expect(reads.views).toBe(0);
    expect(reads.platform.confluence.views).toBe(sum(from, addDays(TODAY, -1)));
    expect(reads.platform.confluence.byDay).toHaveLength(30);
    const again = await importConfluence(deps.store, settings, NOW);
    expect(again.days).toBe(0);
    expect((await report(app, 'on-confluence', `?from=${from}&to=${TODAY}`)).reads.platform.confluence.views).toBe(sum(from, addDays(TODAY, -1)));
    expect((await report(app, 'elsewhere')).reads.platform).toBeUndefined();
    const cookie = await loginCookie(deps);
    const page = await (await app.request('/writeups/on-confluence', { headers: { cookie } })).text();
    expect(page).toMatch(/On Confluence: \d+ views? and \d+ viewers? \(summed by day\) in this range\. It counts page views/);
    const overview = await (await app.request(`/?from=${from}&to=${TODAY}`, { headers: { cookie } })).text();
    expect(overview).toMatch(/On Confluence, by its own counts: \d+ views? and \d+ viewers? \(summed by day\) of 2 write-ups there/);
    expect(overview).toContain(
      'of 2 write-ups there, in this range (page views, and viewers counted on the day of their latest view; days as Confluence dates them). Beside the tracked reads below, never added to them.',
    );
    // One picture: how many write-ups show any read signal, and from where; the one with none is a blind spot.
    expect(overview).toMatch(/Any read signal in this range: 2 of 3 write-ups \(67%\): 0 by the tracker, 2 on Confluence/);
    expect(overview).toContain('1 write-up with no read signal: blind spots');
  });

  it('waits out a 429 as Retry-After says, and picks up where it stopped after a stall or nonsense', async () => {
    const later = new Date(NOW.getTime() + 2 * 86_400_000);
    mode = 'stall';
    const stalled = await importConfluence(deps.store, settings, later);
    expect(stalled.days).toBe(0);
    expect(stalled.problems.join(' ')).toMatch(/did not answer \(time-out\).*tried again next time/);
    mode = 'nonsense';
    expect((await importConfluence(deps.store, settings, later)).problems.join(' ')).toContain('not JSON');
    mode = 'throttled-once';
    throttled = false;
    served.length = 0;
    const resumed = await importConfluence(deps.store, settings, later);
    expect(resumed).toMatchObject({ days: 4, problems: [] });
    // Retry-After: 1 paused the whole import: no call of any page reached Confluence within the second after the 429.
    const throttledAt = served.findIndex((r) => r.status === 429);
    expect(throttledAt).toBeGreaterThanOrEqual(0);
    const after = served.slice(throttledAt + 1);
    expect(after.length).toBeGreaterThan(1);
    expect(new Set(after.map((r) => r.path.split('/')[6])).size).toBe(2);
    for (const call of after) expect(call.at - served[throttledAt]!.at).toBeGreaterThanOrEqual(1_000);
    mode = 'ok';
  });

  it('stops before its deadline rather than wait out a long Retry-After, and the next run stores each day once', async () => {
    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    mode = 'throttled-long';
    throttled = false;
    served.length = 0;
    const stopped = await importConfluence(deps.store, settings, later, { deadline: Date.now() + 5_000 });
    expect(stopped).toMatchObject({ days: 0, left: 2 });
    expect(stopped.problems).toEqual(['Stopped before the time limit: 2 of 2 write-ups left for the next run.']);
    // It did not call again early: Atlassian makes an early retry's penalty longer.
    expect(served.filter((r) => r.status !== 429)).toEqual([]);
    mode = 'ok';
    const next = await importConfluence(deps.store, settings, later);
    expect(next).toMatchObject({ days: 2, left: 0, problems: [] });
    expect((await importConfluence(deps.store, settings, later)).days).toBe(0);
  });

  it('says once that the site has no analytics, asks no more, and tries again when run by hand', async () => {
    const muchLater = new Date(NOW.getTime() + 5 * 86_400_000);
    mode = 'restricted';
    const refused = await importConfluence(deps.store, settings, muchLater);
    expect(refused.problems).toEqual([expect.stringContaining('page analytics are not available on this Confluence site')]);
    const before = requests;
    const daily2 = await importConfluence(deps.store, settings, muchLater);
    expect(requests).toBe(before);
    expect(daily2.problems[0]).toMatch(/^Not imported: page analytics are not available/);
    const overview = await (await app.request('/', { headers: { cookie: await loginCookie(deps) } })).text();
    expect(overview).toContain('Confluence&#39;s views are not imported: page analytics are not available on this Confluence site');
    mode = 'ok';
    const byHand = await app.request('/api/import/confluence', { method: 'POST', headers: adminHeaders, body: '{}' });
    expect(byHand.status).toBe(200);
    expect(await byHand.json()).toMatchObject({ writeups: 2, problems: [] });
    // Solved: the daily import goes on from where each write-up stopped.
    expect(await importConfluence(deps.store, settings, muchLater)).toMatchObject({ days: 4, problems: [] });
  });
});

describe('Confluence addresses in every form it hands out', () => {
  it('imports 4 of 4 write-ups given as a page, a dated blog post, a blog post by id and a tiny link, asking the site for the tiny link once', async () => {
    const own = await testDeps({ now: () => NOW, confluence: settings });
    const ownApp = localApp(own, NO_LIMITS);
    await createWriteup(ownApp, 'by-page-id', { url: `${settings.url}/wiki/pages/viewpage.action?pageId=321` });
    await createWriteup(ownApp, 'dated-blog', { url: `${settings.url}/wiki/spaces/OPS/blog/2026/03/02/5150/Game+day+notes` });
    await createWriteup(ownApp, 'blog-by-id', { copies: [`${settings.url}/wiki/spaces/OPS/blog/5151`] });
    await createWriteup(ownApp, 'shared-link', { url: `${settings.url}/wiki/x/OAAB` });
    mode = 'ok';
    served.length = 0;
    const first = await importConfluence(own.store, settings, NOW);
    expect(first).toMatchObject({ writeups: 4, days: 120, problems: [] });
    const pages = new Set(served.map((r) => /\/content\/(\d+)\//.exec(r.path)?.[1]).filter(Boolean));
    expect([...pages].sort()).toEqual(['321', '5150', '5151', '65592']);
    for (const id of ['by-page-id', 'dated-blog', 'blog-by-id', 'shared-link']) {
      expect((await report(ownApp, id, `?from=${addDays(TODAY, -30)}&to=${TODAY}`)).reads.platform?.confluence.byDay, id).toHaveLength(30);
    }
    // A second import (a day later) finds the tiny link's page in the store, not by asking the site again,
    // and starts with the write-up furthest behind (one never imported, listed last), so a run cut short leaves none behind for good.
    await createWriteup(ownApp, 'zz-added-later', { url: `${settings.url}/wiki/spaces/OPS/pages/999/Added+later` });
    const tinyAsked = served.filter((r) => r.path === '/wiki/x/OAAB').length;
    served.length = 0;
    const next = await importConfluence(own.store, settings, new Date(NOW.getTime() + 86_400_000));
    expect(next).toMatchObject({ writeups: 5, days: 4 + 30, problems: [] });
    expect(tinyAsked + served.filter((r) => r.path === '/wiki/x/OAAB').length).toBe(1);
    expect(served[0]!.path).toMatch(/\/content\/999\//);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../functions/domain/dates';
import { confluencePageOf, perDay } from '../../functions/domain/confluence';
import { importConfluence, type ConfluenceSettings } from '../../functions/services/confluence';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup, report } from '../helpers/apps';
import { adminHeaders, loginCookie, testDeps } from '../helpers/deps';

// A local server answers Confluence Cloud's analytics endpoints in their documented shape ({id, count}),
// from a fixture of each day's views and viewers, and can refuse, rate-limit or stall.
const NOW = new Date();
const TODAY = dayOf(NOW);
const daily = new Map<string, { views: number; viewers: string[] }>();
for (let i = 1; i <= 40; i++) daily.set(addDays(TODAY, -i), { views: i % 5, viewers: i % 3 === 0 ? ['ana'] : ['ana', 'bo'] });
daily.set(TODAY, { views: 7, viewers: ['cy'] });
let mode: 'ok' | 'restricted' | 'throttled-once' | 'stall' | 'nonsense' = 'ok';
let requests = 0;
let server: Server;
let settings: ConfluenceSettings;
let deps: AppDeps;
let app: ReturnType<typeof localApp>;

beforeAll(async () => {
  let throttled = false;
  server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url!, 'http://x');
    const match = /^\/wiki\/rest\/api\/analytics\/content\/(\d+)\/(views|viewers)$/.exec(url.pathname);
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== `Basic ${Buffer.from('ops@acme.example:atl-token').toString('base64')}`)
      return res.writeHead(401).end('{"message":"Unauthorized"}');
    if (!match) return res.writeHead(404).end('{"message":"Not found"}');
    if (mode === 'restricted') return res.writeHead(403).end('{"statusCode":403,"message":"ViewAnalyticsRestricted"}');
    if (mode === 'stall') return; // never answers
    if (mode === 'nonsense') return res.end('<html>maintenance</html>');
    if (mode === 'throttled-once' && !throttled) {
      throttled = true;
      return res.writeHead(429, { 'retry-after': '1' }).end('{"message":"Too many requests"}');
    }
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
    maxRetryAfterMs: 2_000,
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
    expect(confluencePageOf(`${settings.url}/wiki/spaces/OPS/pages/4242/Queue+backlog`, settings.url)).toBe('4242');
    expect(confluencePageOf(`${settings.url}/wiki/pages/viewpage.action?pageId=99`, settings.url)).toBe('99');
    expect(confluencePageOf('https://other.atlassian.net/wiki/spaces/OPS/pages/4242/x', settings.url)).toBeUndefined();
    expect(perDay(['2026-01-01', '2026-01-02'], (d) => ({ '2026-01-01': 9, '2026-01-02': 4, '2026-01-03': 1 })[d]!)).toEqual([
      { day: '2026-01-01', count: 5 },
      { day: '2026-01-02', count: 3 },
    ]);
  });

  it('imports each whole day once, shows it beside the tracked reads and never adds it to them', async () => {
    const first = await importConfluence(deps.store, settings, NOW);
    expect(first).toEqual({ writeups: 2, days: 60, problems: [] });
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
    expect(page).toContain('On Confluence, by its own counts:');
    const overview = await (await app.request(`/?from=${from}&to=${TODAY}`, { headers: { cookie } })).text();
    expect(overview).toMatch(/On Confluence, by its own counts: \d+ views? and \d+ viewers? of 2 write-ups there/);
    expect(overview).toContain('of 2 write-ups there, in this range. Beside the tracked reads below, never added to them.');
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
    const resumed = await importConfluence(deps.store, settings, later);
    expect(resumed).toMatchObject({ days: 4, problems: [] });
    mode = 'ok';
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
    expect(overview).toContain('Confluence&#39;s page views are not imported: page analytics are not available on this Confluence site');
    mode = 'ok';
    const byHand = await app.request('/api/import/confluence', { method: 'POST', headers: adminHeaders, body: '{}' });
    expect(byHand.status).toBe(200);
    expect(await byHand.json()).toMatchObject({ writeups: 2, problems: [] });
    // Solved: the daily import goes on from where each write-up stopped.
    expect(await importConfluence(deps.store, settings, muchLater)).toMatchObject({ days: 6, problems: [] });
  });
});

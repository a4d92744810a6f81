import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { createWriteup, newVisitId, requestsTo, sendBeacon } from '../helpers/apps';

let app: ReturnType<typeof localApp>;
let now = new Date('2026-01-05T12:00:00Z');
const at = (iso: string) => (now = new Date(iso));
const { api, form } = requestsTo(() => app);
const read = (w: string, engagedMs?: number, ip = '198.51.100.1') =>
  sendBeacon(
    app,
    engagedMs === undefined
      ? { w, k: 'view', u: `https://docs.example.com/pir/${w}`, r: null, v: newVisitId() }
      : { w, k: 'engage', u: `https://docs.example.com/pir/${w}`, r: null, v: newVisitId(), e: engagedMs, s: 50 },
    { 'x-forwarded-for': ip },
  );

beforeAll(async () => {
  app = localApp(await testDeps({ now: () => now }));
  // January: two write-ups published, reads in two weeks, a review with its survey.
  await createWriteup(app, 'alpha', { publishedAt: '2026-01-05' });
  await createWriteup(app, 'beta', { publishedAt: '2026-01-14' });
  at('2026-01-06T09:00:00Z');
  await read('alpha');
  await read('alpha', 45_000, '198.51.100.2');
  at('2026-01-14T09:00:00Z');
  await read('alpha');
  await read('beta');
  await read('beta', 60_000, '198.51.100.3');
  await api('/api/writeups/alpha/links', { url: 'https://github.com/acme/api/pull/7' });
  const review = await (await api('/api/writeups/alpha/reviews', { startsAt: '2026-01-15T15:00:00Z', invitees: ['Ana'] })).json();
  at('2026-01-15T15:02:00Z');
  await form(new URL(review.checkinUrl).pathname, { name: 'Ana' });
  await form(new URL(review.checkinUrl).pathname, { name: 'Bo', invited: 'no' });
  await api(`/api/reviews/${review.id}/attendance`, { attendees: [{ name: 'Bo', participated: true }] });
  at('2026-01-15T17:00:00Z');
  await form(new URL(review.surveyUrl).pathname, { learned: 'yes' });
  await form(new URL(review.surveyUrl).pathname, { learned: 'somewhat' });
  // February: alpha is still read, and linked from chat through its go-link.
  at('2026-02-20T10:00:00Z');
  await read('alpha');
  await app.request('/go/alpha?from=chat', { headers: { 'user-agent': BROWSER_UA } });
  await settled();
});

describe('GET /api/report', () => {
  it('gives every month of the range with exact counts', async () => {
    const res = await api('/api/report?from=2026-01-01&to=2026-03-31&bucket=month');
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.range).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(report.series).toEqual([
      {
        start: '2026-01-01',
        end: '2026-01-31',
        writeups: 2,
        views: 5,
        engaged: 2,
        readers: 5,
        links: 1,
        reviews: 1,
        attendees: 2,
        voluntary: 1,
        participated: 1,
        responses: 2,
        linksByKind: { 'pull-request': 1 },
        learned: { yes: 1, somewhat: 1 },
      },
      {
        start: '2026-02-01',
        end: '2026-02-28',
        writeups: 0,
        views: 1,
        engaged: 0,
        readers: 1,
        links: 1,
        reviews: 0,
        attendees: 0,
        voluntary: 0,
        participated: 0,
        responses: 0,
        linksByKind: { chat: 1 },
        learned: {},
      },
      {
        start: '2026-03-01',
        end: '2026-03-31',
        writeups: 0,
        views: 0,
        engaged: 0,
        readers: 0,
        links: 0,
        reviews: 0,
        attendees: 0,
        voluntary: 0,
        participated: 0,
        responses: 0,
        linksByKind: {},
        learned: {},
      },
    ]);
    expect(report.writeups).toEqual([
      { id: 'alpha', title: 'Write-up alpha', views: 4, engaged: 1, links: 2, lastRead: '2026-02-20', publishedAt: '2026-01-05', readDaysAfterPublication: 46 },
      { id: 'beta', title: 'Write-up beta', views: 2, engaged: 1, links: 0, lastRead: '2026-01-14', publishedAt: '2026-01-14', readDaysAfterPublication: 0 },
    ]);
  });

  it('gives weeks starting on Monday, and only the days of the range', async () => {
    const report = await (await api('/api/report?from=2026-01-07&to=2026-01-18&bucket=week')).json();
    expect(
      report.series.map((b: { start: string; end: string; views: number; writeups: number; reviews: number }) => [
        b.start,
        b.end,
        b.views,
        b.writeups,
        b.reviews,
      ]),
    ).toEqual([
      ['2026-01-05', '2026-01-11', 0, 0, 0],
      ['2026-01-12', '2026-01-18', 3, 1, 1],
    ]);
  });

  it('reads one item per day, not per read', async () => {
    const res = await api('/api/report?from=2026-01-01&to=2026-12-31');
    // Days with activity, each write-up's active months, the write-ups.
    expect(Number(res.headers.get('x-store-items'))).toBe(5 + 3 + 2);
  });

  it('refuses a bad bucket or range', async () => {
    expect((await api('/api/report?bucket=year')).status).toBe(400);
    expect((await api('/api/report?from=2026-02-01&to=2026-01-01')).status).toBe(400);
  });
});

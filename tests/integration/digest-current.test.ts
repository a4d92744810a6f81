import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { createWriteup, newVisitId, sendBeacon } from '../helpers/apps';
import { adminHeaders, loginCookie, settled, testDeps } from '../helpers/deps';

// A fresh install on a Wednesday: last week is empty, this week is busy.
const NOW = new Date('2026-12-02T15:00:00Z');
let app: ReturnType<typeof localApp>;
let cookie: string;

beforeAll(async () => {
  const deps = await testDeps({ now: () => NOW });
  app = localApp(deps);
  cookie = await loginCookie(deps);
  await createWriteup(app, 'fresh-outage', { title: 'The first outage we wrote up', publishedAt: '2026-12-01' });
  for (let i = 0; i < 3; i++) await sendBeacon(app, { w: 'fresh-outage', k: 'view', u: 'https://docs.example.com/pir/fresh-outage', r: null, v: newVisitId() });
  await settled();
});

const preview = async (query = '') => {
  const res = await app.request(`/api/digest${query}`, { headers: adminHeaders });
  expect(res.status).toBe(200);
  return res.json();
};
const page = async (query = '') => {
  const res = await app.request(`/digest${query}`, { headers: { cookie, accept: 'text/html' } });
  expect(res.status).toBe(200);
  return res.text();
};

describe('the digest of the week so far (?week=current)', () => {
  it('GET /api/digest?week=current counts this week up to today, where last week is all zeros', async () => {
    const last = await preview();
    expect(last.week).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
    expect(last.digest.figures.views.now).toBe(0);
    const current = await preview('?week=current');
    expect(current.week).toEqual({ from: '2026-11-30', to: '2026-12-02', dueAt: '2026-12-07T09:00:00.000Z', soFar: true });
    expect(current.digest.figures.views).toEqual({ now: 3, before: 0 });
    expect(current.empty).toBe(false);
    expect(current.deliveries).toEqual([]);
  });

  it('the preview page switches between last week and this week so far, marking the one shown', async () => {
    const last = await page();
    expect(last).toContain('<a href="/digest" aria-current="page">Last week</a>');
    expect(last).toContain('<a href="/digest?week=current">This week so far</a>');
    expect(last).toContain('The digest of 23–29 November 2026');
    const current = await page('?week=current');
    expect(current).toContain('<a href="/digest?week=current" aria-current="page">This week so far</a>');
    expect(current).toContain('<a href="/digest">Last week</a>');
    expect(current).toContain('This week so far: 30 November – 2 December 2026');
    expect(current).toContain('goes out 2026-12-07 09:00 UTC');
    // The busy week shows, where last week was all zeros.
    const shown = (html: string) =>
      html
        .slice(html.indexOf('digest-preview'), html.indexOf('</article>'))
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ');
    expect(shown(current)).toContain('New write-ups 1 0 Reads 3 0');
    expect(shown(last)).toContain('New write-ups 0 0 Reads 0 0');
    // The week before the one under way is the last whole week.
    expect(current).toContain('href="/digest?week=2026-11-23">The week before');
    // Nothing to send by hand for a week that has not ended.
    expect(current).not.toContain("Send this week's digest now");
  });

  it('refuses a week that is neither a day nor current, saying so', async () => {
    const res = await app.request('/api/digest?week=soon', { headers: adminHeaders });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.issues[0]).toMatchObject({ path: 'week' });
    expect(body.error.issues[0].message).toContain('or current (the week so far)');
  });
});

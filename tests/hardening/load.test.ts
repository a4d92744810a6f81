import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { adminHeaders, BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { newVisitId } from '../helpers/apps';
import { recordFigure } from '../helpers/figures';

let app: ReturnType<typeof localApp>;
const WRITEUPS = 50;
const REVIEWS = 5;
const NOW = new Date('2026-07-01T12:00:00Z');

beforeAll(async () => {
  app = localApp(await testDeps({ now: () => NOW }));
  for (let w = 0; w < WRITEUPS; w++) {
    await app.request('/api/writeups', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ id: `load-${w}`, title: `Load ${w}`, url: `https://docs.example.com/load/${w}` }),
    });
  }
});

const api = async (path: string) => {
  await settled();
  return (await app.request(path, { headers: adminHeaders })).json();
};

describe('load', () => {
  it('1,000 concurrent beacons over 50 write-ups: every count exact, per write-up and for the organization', async () => {
    const started = Date.now();
    let refused = 0;
    const responses = await Promise.all(
      Array.from({ length: 1_000 }, async (_, i) => {
        const w = i % WRITEUPS;
        const engaged = i % 4 === 0;
        const body = JSON.stringify(
          engaged
            ? { w: `load-${w}`, k: 'engage', u: `https://docs.example.com/load/${w}`, r: null, v: newVisitId(), e: 45_000, s: 60 }
            : { w: `load-${w}`, k: 'view', u: `https://docs.example.com/load/${w}`, r: null, v: newVisitId() },
        );
        // 20 readers per write-up: each address reads its write-up once.
        const send = () =>
          app.request('/e', { method: 'POST', headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': `203.0.113.${Math.floor(i / WRITEUPS)}` }, body });
        // A burst past what the store takes is refused (503, the store gate): sent again, as a client would after
        // Retry-After, it must count once. A refused beacon left no trace, or the counts below would be over.
        for (let attempt = 1; ; attempt++) {
          const res = await send();
          if (res.status !== 503 || attempt === 8) return res;
          refused++;
          await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        }
      }),
    );
    const elapsed = Date.now() - started;
    const statusCounts: Record<number, number> = {};
    for (const r of responses) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
    expect(statusCounts).toEqual({ 202: 1_000 });
    for (let w = 0; w < WRITEUPS; w++) {
      const { reads } = await api(`/api/writeups/load-${w}/report?from=2026-07-01&to=2026-07-01`);
      // Of every 4 beacons, one is an engaged read on a visit never seen (it counts the view too).
      const engaged = Array.from({ length: 20 }, (_, k) => (k * WRITEUPS + w) % 4 === 0).filter(Boolean).length;
      expect(reads, `load-${w}`).toMatchObject({ views: 20, readers: 20, engaged });
    }
    const org = await api('/api/report?from=2026-07-01&to=2026-07-01&bucket=month');
    expect(org.series[0]).toMatchObject({ views: 1_000, readers: 1_000, engaged: 250 });
    expect(org.writeups.reduce((sum: number, w: { views: number }) => sum + w.views, 0)).toBe(1_000);
    recordFigure(
      `load: 1,000 concurrent beacons over 50 write-ups in ${(elapsed / 1000).toFixed(1)} s (${refused} refused by the store gate and sent again); views, readers and engaged reads exact per write-up and for the organization`,
    );
  }, 120_000);

  it('20 concurrent survey submits per review, 5 reviews at once: exactly 100 responses', async () => {
    const surveys: string[] = [];
    for (let r = 0; r < REVIEWS; r++) {
      const review = await (
        await app.request(`/api/writeups/load-${r}/reviews`, {
          method: 'POST',
          headers: adminHeaders,
          body: JSON.stringify({ startsAt: '2026-07-01T09:00:00Z' }),
        })
      ).json();
      surveys.push(new URL(review.surveyUrl).pathname);
    }
    const statuses = await Promise.all(
      surveys.flatMap((path, r) =>
        Array.from({ length: 20 }, async (_, i) => {
          const res = await app.request(path, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER_UA, 'x-forwarded-for': `198.51.100.${i}` },
            body: new URLSearchParams({ learned: i % 2 ? 'yes' : 'no', submissionId: `load-${r}-submission-${String(i).padStart(4, '0')}` }),
          });
          return res.status;
        }),
      ),
    );
    expect(statuses.every((s) => s === 201)).toBe(true);
    for (let r = 0; r < REVIEWS; r++) {
      const { surveys: section } = await api(`/api/writeups/load-${r}/report?from=2026-07-01&to=2026-07-01`);
      expect(section.responses).toBe(20);
      expect(section.questions[0].counts).toEqual({ yes: 10, somewhat: 0, no: 10 });
    }
    const org = await api('/api/report?from=2026-07-01&to=2026-07-01&bucket=month');
    expect(org.series[0]).toMatchObject({ responses: 100, reviews: REVIEWS, learned: { yes: 50, no: 50 } });
    recordFigure('load: 100 concurrent survey submits (20 per review, 5 reviews): exactly 100 responses, 20 per review, and the organization counts 100');
  }, 120_000);
});

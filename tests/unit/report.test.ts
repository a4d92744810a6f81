import { describe, expect, it } from 'vitest';
import { ageBucket, buildWriteupReport } from '../../functions/domain/report';
import { resolveRange } from '../../functions/domain/report-range';
import type { Writeup } from '../../functions/domain/writeup';

const writeup: Writeup = {
  id: 'db-outage',
  title: 'DB outage',
  url: 'https://docs.example.com/db',
  publishedAt: '2026-01-01',
  tags: [],
  copies: [],
  createdAt: '2025-12-30T10:00:00.000Z',
  updatedAt: '2025-12-30T10:00:00.000Z',
};

describe('buildWriteupReport', () => {
  it('lists every day of the range, zeros included, and sums the days', () => {
    const report = buildWriteupReport(writeup, { from: '2026-01-01', to: '2026-01-04' }, [
      { date: '2026-01-02', views: 5, engaged: 2, readers: 4, engagedScroll: 150 },
      { date: '2026-01-04', views: 1, engaged: 0, readers: 1, engagedScroll: 0 },
    ]);
    expect(report.reads.byDay).toEqual([
      { date: '2026-01-01', views: 0, engaged: 0, readers: 0 },
      { date: '2026-01-02', views: 5, engaged: 2, readers: 4 },
      { date: '2026-01-03', views: 0, engaged: 0, readers: 0 },
      { date: '2026-01-04', views: 1, engaged: 0, readers: 1 },
    ]);
    expect(report.reads).toMatchObject({ views: 6, engaged: 2, readers: 5, averageEngagedScrollPercent: 75 });
  });

  it('splits views by how long after publication they came', () => {
    const report = buildWriteupReport(writeup, { from: '2025-12-31', to: '2026-06-30' }, [
      { date: '2025-12-31', views: 1, engaged: 0, readers: 1 },
      { date: '2026-01-08', views: 2, engaged: 0, readers: 2 },
      { date: '2026-01-09', views: 3, engaged: 0, readers: 3 },
      { date: '2026-01-31', views: 4, engaged: 0, readers: 4 },
      { date: '2026-04-01', views: 5, engaged: 0, readers: 5 },
      { date: '2026-04-02', views: 6, engaged: 0, readers: 6 },
    ]);
    expect(report.reads.sincePublished).toEqual({ d0_7: 3, d8_30: 7, d31_90: 5, d91_: 6 });
  });

  it('measures the long tail from creation when there is no publication date', () => {
    const { publishedAt: _p, ...unpublished } = writeup;
    const report = buildWriteupReport(unpublished, { from: '2026-04-01', to: '2026-04-01' }, [{ date: '2026-04-01', views: 2, engaged: 0, readers: 2 }]);
    expect(report.reads.sincePublished.d91_).toBe(2);
  });

  it('has empty links, attendance and surveys sections for a write-up without reviews', () => {
    const report = buildWriteupReport(writeup, { from: '2026-01-01', to: '2026-01-01' }, []);
    expect(report.links).toEqual({ total: 0, newInRange: 0, byKind: {}, items: [], shown: 0, more: 0 });
    expect(report.attendance).toEqual({ reviews: 0, attendees: 0, voluntary: 0, participated: 0, byReview: [] });
    expect(report.surveys).toEqual({ responses: 0, responseRate: null, questions: [] });
  });

  it('puts the bucket edges where their names say', () => {
    expect([0, 7, 8, 30, 31, 90, 91].map(ageBucket)).toEqual(['d0_7', 'd0_7', 'd8_30', 'd8_30', 'd31_90', 'd31_90', 'd91_']);
  });
});

describe('resolveRange', () => {
  const now = new Date('2026-03-31T12:00:00Z');
  it('defaults to the 90 days ending today', () => {
    expect(resolveRange({}, now)).toEqual({ ok: true, range: { from: '2026-01-01', to: '2026-03-31' } });
  });
  it.each([
    [{ from: '2026-02-30' }, 'from'],
    [{ to: '31/03/2026' }, 'to'],
    [{ from: '2026-04-01', to: '2026-03-01' }, 'from'],
    [{ from: '2020-01-01', to: '2026-01-01' }, 'from'],
  ])('refuses %j', (query, path) => {
    expect(resolveRange(query, now)).toMatchObject({ ok: false, path });
  });
});

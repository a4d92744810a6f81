import { describe, expect, it } from 'vitest';
import { monthWithin, partMonths } from '../../functions/domain/org-report';

describe('the months a range covers in part', () => {
  it('are its first and last months when it starts or ends inside them, each cut to the range', () => {
    expect(partMonths({ from: '2026-04-11', to: '2026-05-10' })).toEqual([
      { month: '2026-04', from: '2026-04-11', to: '2026-04-30' },
      { month: '2026-05', from: '2026-05-01', to: '2026-05-10' },
    ]);
    expect(partMonths({ from: '2026-12-15', to: '2027-01-31' })).toEqual([{ month: '2026-12', from: '2026-12-15', to: '2026-12-31' }]);
    expect(partMonths({ from: '2024-02-01', to: '2024-02-28' })).toEqual([{ month: '2024-02', from: '2024-02-01', to: '2024-02-28' }]);
  });

  it('are none for whole months, and one for a range inside a month', () => {
    expect(partMonths({ from: '2026-01-01', to: '2026-03-31' })).toEqual([]);
    expect(partMonths({ from: '2026-04-02', to: '2026-04-20' })).toEqual([{ month: '2026-04', from: '2026-04-02', to: '2026-04-20' }]);
  });

  it("count a write-up's month over the part's days only", () => {
    const month = { period: '2026-04', writeupId: 'w', counts: { views: 9, engaged: 4, links: 3, lastRead: 20260429 } };
    const days = [
      { date: '2026-04-05', views: 2, engaged: 1 },
      { date: '2026-04-12', views: 3, engaged: 2 },
      { date: '2026-04-29', views: 4, engaged: 1 },
    ];
    const links = ['2026-04-01T10:00:00.000Z', '2026-04-12T23:59:59.000Z', '2026-04-21T00:00:00.000Z'];
    expect(monthWithin(month, { from: '2026-04-02', to: '2026-04-20' }, days, links)).toEqual({
      period: '2026-04',
      writeupId: 'w',
      counts: { views: 5, engaged: 3, links: 1, lastRead: 20260412 },
    });
    expect(monthWithin(month, { from: '2026-04-13', to: '2026-04-20' }, days, links).counts).toEqual({ views: 0, engaged: 0, links: 0 });
  });
});

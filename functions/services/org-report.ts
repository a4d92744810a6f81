import type { Store } from '../data/client';
import { listOrgPeriods } from '../data/rollups';
import { listAllWriteups } from '../data/writeups';
import { buildOrgReport, monthsOf, type Bucket, type OrgReport } from '../domain/org-report';
import type { DayRange } from '../domain/report-range';

/**
 * The organization's report: one small item per day of the range, one item
 * per month for the write-up list, and the write-ups themselves. The store
 * work does not grow with reads, and grows with write-ups only in the list.
 */
export async function orgReport(store: Store, range: DayRange, bucket: Bucket): Promise<OrgReport & { cost: { items: number } }> {
  const months = monthsOf(range);
  const [days, monthly, writeups] = await Promise.all([
    listOrgPeriods(store, 'DAY', range.from, range.to),
    listOrgPeriods(store, 'MONTH', months.from.slice(0, 7), months.to.slice(0, 7)),
    listAllWriteups(store),
  ]);
  const report = buildOrgReport(range, bucket, days, monthly, writeups);
  return { ...report, cost: { items: days.length + monthly.length + writeups.length } };
}

import type { Store } from '../data/client';
import { listOrgDays } from '../data/org-days';
import { listAllWriteups } from '../data/writeups';
import { buildOrgReport, type Bucket, type OrgReport } from '../domain/org-report';
import type { DayRange } from '../domain/report-range';

/**
 * The organization's report: one rollup item per day of the range, and the
 * write-up list. Store requests stay the same as write-ups and reads grow.
 */
export async function orgReport(store: Store, range: DayRange, bucket: Bucket): Promise<OrgReport & { cost: { requests: number; items: number } }> {
  const [{ days, requests: dayRequests }, { writeups, requests: listRequests }] = await Promise.all([
    listOrgDays(store, range.from, range.to),
    listAllWriteups(store),
  ]);
  const report = buildOrgReport(range, bucket, days, writeups);
  return { ...report, cost: { requests: dayRequests + listRequests, items: days.length + writeups.length } };
}

import type { Store } from '../data/client';
import { listDailyReads } from '../data/daily-reads';
import { getWriteup } from '../data/writeups';
import { buildWriteupReport, type WriteupReport } from '../domain/report';
import type { DayRange } from '../domain/report-range';

/** One write-up's report: one item per day with reads in the range, never a scan. */
export async function writeupReport(store: Store, id: string, range: DayRange): Promise<WriteupReport | undefined> {
  const [writeup, days] = await Promise.all([getWriteup(store, id), listDailyReads(store, id, range.from, range.to)]);
  return writeup && buildWriteupReport(writeup, range, days);
}

import type { Store } from '../data/client';
import { listResponses } from '../data/responses';
import { listOrgPeriods } from '../data/rollups';
import { listAllWriteups } from '../data/writeups';
import { eachDay } from '../domain/dates';
import { buildOrgReport, monthsOf, type Bucket, type OrgReport } from '../domain/org-report';
import type { DayRange } from '../domain/report-range';
import { countsFromFacts } from './recount';

/**
 * The organization's report: one small item per day of the range, one item
 * per month for the write-up list, and the write-ups themselves. The store
 * work does not grow with reads, and grows with write-ups only in the list.
 * With a tag, it covers that tag's write-ups, counted from their own facts
 * (the organization's days hold every write-up together).
 */
export async function orgReport(store: Store, range: DayRange, bucket: Bucket, tag?: string): Promise<OrgReport & { cost: { items: number } }> {
  const months = monthsOf(range);
  if (tag) {
    const writeups = (await listAllWriteups(store)).filter((w) => w.tags.includes(tag));
    const ids = new Set(writeups.map((w) => w.id));
    const [counted, monthly] = await Promise.all([
      countsFromFacts(store, writeups, range, eachDay(range.from, range.to)),
      listOrgPeriods(store, 'MONTH', months.from.slice(0, 7), months.to.slice(0, 7)),
    ]);
    const days = [...counted].map(([period, counts]) => ({ period, counts }));
    const mine = monthly.filter((m) => m.writeupId && ids.has(m.writeupId));
    return { ...buildOrgReport(range, bucket, days, mine, writeups), cost: { items: days.length + monthly.length + writeups.length } };
  }
  const [days, monthly, writeups] = await Promise.all([
    listOrgPeriods(store, 'DAY', range.from, range.to),
    listOrgPeriods(store, 'MONTH', months.from.slice(0, 7), months.to.slice(0, 7)),
    listAllWriteups(store),
  ]);
  const report = buildOrgReport(range, bucket, days, monthly, writeups);
  return { ...report, cost: { items: days.length + monthly.length + writeups.length } };
}

export interface Words {
  writeupId: string;
  writeupTitle: string;
  question: string;
  answer: string;
  submittedAt: string;
}

/** Questions whose answers are participants' own words about what surprised them and what is still unknown. */
const WORD_QUESTIONS = ['surprise', 'mystery', 'notWorse'];

/**
 * The newest answers in participants' own words across write-ups in a range,
 * from the write-ups read or reviewed then (at most 50 of them are looked at).
 */
export async function recentWords(store: Store, report: OrgReport, limit = 8): Promise<Words[]> {
  const candidates = report.writeups.slice(0, 50);
  const all = await Promise.all(candidates.map(async (w) => (await listResponses(store, w.id, report.range.from, report.range.to)).map((r) => ({ r, w }))));
  return all
    .flat()
    .flatMap(({ r, w }) =>
      WORD_QUESTIONS.filter((q) => typeof r.answers[q] === 'string' && (r.answers[q] as string).trim()).map((q) => ({
        writeupId: w.id,
        writeupTitle: w.title,
        question: q,
        answer: r.answers[q] as string,
        submittedAt: r.submittedAt,
      })),
    )
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
    .slice(0, limit);
}

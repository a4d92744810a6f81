import type { Store } from '../data/client';
import { listResponses } from '../data/responses';
import { listOrgPeriods } from '../data/rollups';
import { listAllWriteups } from '../data/writeups';
import { eachDay } from '../domain/dates';
import { previousRange, totalsOf } from '../domain/org-report';
import { tagCounts, type Writeup } from '../domain/writeup';
import { confluenceProblem, confluenceTotals } from './confluence';
import { buildOrgReport, monthsOf, type Bucket, type OrgReport } from '../domain/org-report';
import type { DayRange } from '../domain/report-range';
import { countsFromFacts } from './recount';
import { wordsIn } from '../domain/survey';

/**
 * The organization's report: one small item per day of the range, one item
 * per month for the write-up list, and the write-ups themselves. The store
 * work does not grow with reads, and grows with write-ups only in the list.
 * With a tag, it covers that tag's write-ups, counted from their own facts
 * (the organization's days hold every write-up together).
 */
export async function orgReport(store: Store, range: DayRange, bucket: Bucket, tag?: string, known?: Writeup[]): Promise<OrgReport & { cost: { items: number } }> {
  const months = monthsOf(range);
  if (tag) {
    const writeups = (known ?? (await listAllWriteups(store))).filter((w) => w.tags.includes(tag));
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
    known ?? listAllWriteups(store),
  ]);
  const report = buildOrgReport(range, bucket, days, monthly, writeups);
  return { ...report, cost: { items: days.length + monthly.length + writeups.length } };
}

/**
 * Everything the organization's page shows, with the write-up list read once:
 * the tags in use, the report (for a tag, when one in use is asked for) and the
 * one before it, participants' latest words, and Confluence's own counts.
 */
export async function organizationPage(store: Store, asked: { range: DayRange; bucket: Bucket; tag?: string }, confluenceSite?: string) {
  const writeups = await listAllWriteups(store);
  const tags = tagCounts(writeups).map((t) => t.tag);
  const tag = tags.find((t) => t === asked.tag);
  const [{ cost: _cost, ...report }, previous] = await Promise.all([
    orgReport(store, asked.range, asked.bucket, tag, writeups),
    orgReport(store, previousRange(asked.range), asked.bucket, tag, writeups),
  ]);
  const [words, confluence] = await Promise.all([
    recentWords(store, report),
    confluenceSite ? Promise.all([confluenceTotals(store, confluenceSite, asked.range, writeups), confluenceProblem(store)]) : undefined,
  ]);
  return {
    report,
    tag,
    tags,
    previous: totalsOf(previous),
    words,
    confluence: confluence && { ...confluence[0], problem: confluence[1]?.problem },
  };
}

export interface Words {
  writeupId: string;
  writeupTitle: string;
  question: string;
  answer: string;
  submittedAt: string;
}

/** Questions whose answers are participants' own words about what surprised them and what is still unknown. */
const WORD_QUESTIONS = ['surprise', 'mystery', 'notWorse'] as const;

/**
 * The newest answers in participants' own words across write-ups in a range,
 * from the write-ups read or reviewed then (at most 50 of them are looked at).
 */
export async function recentWords(store: Store, report: OrgReport, limit = 8): Promise<Words[]> {
  const candidates = report.writeups.slice(0, 50);
  const all = await Promise.all(candidates.map(async (w) => (await listResponses(store, w.id, report.range.from, report.range.to)).map((r) => ({ r, w }))));
  return all
    .flat()
    .flatMap(({ r, w }) => wordsIn(WORD_QUESTIONS, [r]).map((words) => ({ writeupId: w.id, writeupTitle: w.title, ...words })))
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
    .slice(0, limit);
}

import type { Store } from '../data/client';
import { listResponses } from '../data/responses';
import { listOrgPeriods } from '../data/rollups';
import { listAllWriteups } from '../data/writeups';
import { eachDay } from '../domain/dates';
import { listLinks } from '../data/links';
import { listDailyReads } from '../data/reads';
import {
  buildOrgReport,
  monthsOf,
  monthWithin,
  partMonths,
  previousRange,
  totalsOf,
  type Bucket,
  type OrgPeriod,
  type OrgReading,
  type OrgReport,
} from '../domain/org-report';
import type { DayRange } from '../domain/report-range';
import { participantWords, type ParticipantWords } from '../domain/survey';
import { tagCounts, type Writeup } from '../domain/writeup';
import { readershipPicture } from './read-places';
import type { AppDeps } from '../shared/deps';
import { countsFromFacts } from './recount';

/**
 * The organization's report: one small item per day of the range, one item
 * per month for the write-up list, and the write-ups themselves. The store
 * work does not grow with reads, and grows with write-ups only in the list.
 * With a tag, it covers that tag's write-ups, counted from their own facts
 * (the organization's days hold every write-up together).
 */
export async function orgReport(
  store: Store,
  range: DayRange,
  bucket: Bucket,
  tag?: string,
  known?: Writeup[],
): Promise<OrgReport & { cost: { items: number } }> {
  const months = monthsOf(range);
  if (tag) {
    const writeups = (known ?? (await listAllWriteups(store))).filter((w) => w.tags.includes(tag));
    const ids = new Set(writeups.map((w) => w.id));
    const [counted, monthly] = await Promise.all([
      countsFromFacts(store, writeups, range, eachDay(range.from, range.to)),
      listOrgPeriods(store, 'MONTH', months.from.slice(0, 7), months.to.slice(0, 7)),
    ]);
    const days = [...counted].map(([period, counts]) => ({ period, counts }));
    const mine = await cutToRange(
      store,
      range,
      monthly.filter((m) => m.writeupId && ids.has(m.writeupId)),
    );
    return {
      ...listedWithin(range, buildOrgReport(range, bucket, days, mine.months, writeups)),
      cost: { items: days.length + monthly.length + writeups.length + mine.items },
    };
  }
  const { days, months: monthly, writeups } = await readOrganization(store, { days: range, months }, known);
  const cut = await cutToRange(store, range, monthly);
  const report = listedWithin(range, buildOrgReport(range, bucket, days, cut.months, writeups));
  return { ...report, cost: { items: days.length + monthly.length + writeups.length + cut.items } };
}

/** The write-up list covers the range itself (its months cut to it below). */
const listedWithin = <R extends OrgReport>(range: DayRange, report: R): R => ({ ...report, writeupsCover: range });

/**
 * The write-ups' months the range covers only in part, cut to the range: each
 * such month with reads or links reads that write-up's days there and its
 * links, so the list counts the chosen days, not the whole months around them.
 */
async function cutToRange(store: Store, range: DayRange, months: OrgPeriod[]): Promise<{ months: OrgPeriod[]; items: number }> {
  const parts = partMonths(range);
  let items = 0;
  const cut = await Promise.all(
    months.map(async (month) => {
      const part = parts.find((p) => p.month === month.period);
      if (!part || !month.writeupId) return month;
      const { views = 0, engaged = 0, links = 0 } = month.counts;
      const [days, places] = await Promise.all([
        views || engaged ? listDailyReads(store, month.writeupId, part.from, part.to) : [],
        links ? listLinks(store, month.writeupId) : [],
      ]);
      items += days.length + places.length;
      return monthWithin(
        month,
        part,
        days,
        places.map((p) => p.firstSeen),
      );
    }),
  );
  return { months: cut, items };
}

/**
 * The organization's one reading: its days over `days`, its write-ups' months
 * over the whole months of `months`, and the write-ups (unless known). Three
 * queries however many write-ups there are; the domain splits it by range.
 */
export async function readOrganization(store: Store, span: { days: DayRange; months: DayRange }, known?: Writeup[]): Promise<OrgReading> {
  const [days, months, writeups] = await Promise.all([
    listOrgPeriods(store, 'DAY', span.days.from, span.days.to),
    listOrgPeriods(store, 'MONTH', span.months.from.slice(0, 7), span.months.to.slice(0, 7)),
    known ?? listAllWriteups(store),
  ]);
  return { days, months, writeups };
}

/**
 * Everything the organization's page shows, with the write-up list read once:
 * the tags in use, the report (for a tag, when one in use is asked for) and the
 * one before it, participants' latest words, and the readership picture (each place's own counts, and the blind spots).
 */
export async function organizationPage(
  store: Store,
  asked: { range: DayRange; bucket: Bucket; tag?: string },
  places: Pick<AppDeps, 'confluence' | 'google' | 'microsoft'> = {},
) {
  const writeups = await listAllWriteups(store);
  const tags = tagCounts(writeups).map((t) => t.tag);
  const tag = tags.find((t) => t === asked.tag);
  const before = previousRange(asked.range);
  const [{ cost: _cost, ...report }, previous] = await Promise.all([
    orgReport(store, asked.range, asked.bucket, tag, writeups),
    // A range starting 2000-01-01 has no days before it: compared with none counted.
    before ? orgReport(store, before, asked.bucket, tag, writeups) : { series: [] },
  ]);
  const [words, readership] = await Promise.all([recentWords(store, report), readershipPicture(store, places, asked.range, report.writeups, writeups)]);
  return {
    report,
    tag,
    tags,
    previous: totalsOf(previous),
    words,
    readership,
  };
}

/** Participants' words as the organization's page shows them (all of `PARTICIPANT_WORDS`). */
export type Words = ParticipantWords;

/**
 * The newest answers in participants' own words across write-ups in a range,
 * from the first 50 write-ups listed. None are looked for when the range's
 * counts say no one answered a survey then.
 */
export async function recentWords(store: Store, report: OrgReport, limit = 8): Promise<Words[]> {
  if (totalsOf(report).responses === 0) return [];
  const candidates = report.writeups.slice(0, 50);
  const all = await Promise.all(candidates.map(async (w) => participantWords(w, await listResponses(store, w.id, report.range.from, report.range.to))));
  return all
    .flat()
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
    .slice(0, limit);
}

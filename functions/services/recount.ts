import { listAttendees } from '../data/attendance';
import type { Store } from '../data/client';
import { listLinks } from '../data/links';
import { listDailyReads, listReaderDays } from '../data/reads';
import { listResponses } from '../data/responses';
import { listReviews } from '../data/reviews';
import { adjustRollups, listOrgPeriods } from '../data/rollups';
import { listAllWriteups } from '../data/writeups';
import { counterNames, LEARNED_OPTIONS, type Counts, type Increment } from '../domain/counts';
import { addDays, dayOf, earlierDay, eachDay, laterDay, MIN_DAY, type Day } from '../domain/dates';
import { summarizeAttendance } from '../domain/attendance';
import { monthsOf } from '../domain/org-report';
import type { DayRange } from '../domain/report-range';
import { publishedDay, type Writeup } from '../domain/writeup';
import { READER_DAY_DAYS } from './reads';

/** One counter a recount found wrong, and what it holds now. */
export interface Correction {
  rollup: 'dailyReads' | 'orgDay' | 'orgMonth';
  /** The write-up's day, the organization's day or the write-up's month. */
  of: string;
  writeupId?: string;
  counter: string;
  was: number;
  now: number;
}

export interface RecountResult {
  range: DayRange;
  corrections: Correction[];
  /** What could not be proved, and why. */
  notes: string[];
  applied: boolean;
}

/**
 * The days a recount can prove: before today (today's facts may still be on
 * their way to the counts), and for reads only while readers' days are kept
 * (and never before 2000-01-01, the first day the product knows). The range
 * was bounded by `resolveRange`, so its list of days is too.
 */
function provable(range: DayRange, now: Date) {
  const yesterday = addDays(dayOf(now), -1);
  const to = earlierDay(range.to, yesterday);
  const readsFrom = laterDay(addDays(dayOf(now), -(READER_DAY_DAYS - 1)), MIN_DAY);
  return { days: range.from <= to ? eachDay(range.from, to) : [], readsFrom, clipped: to !== range.to };
}

/**
 * Recounts one write-up's reads from the readers' days still in the table:
 * its daily reads, and its months in the organization's list (reads and
 * links). Says what it corrected; with `dryRun`, only says.
 */
export async function recountWriteup(store: Store, writeupId: string, range: DayRange, options: { now: Date; dryRun: boolean }): Promise<RecountResult> {
  const { days, readsFrom, clipped } = provable(range, options.now);
  const notes = clipped ? [`Today is left out: its facts may still be on their way to the counts.`] : [];
  const readDays = days.filter((day) => day >= readsFrom);
  if (readDays.length < days.length) notes.push(`Reads before ${readsFrom} cannot be recounted: readers' days are kept ${READER_DAY_DAYS} days.`);
  const corrections: Correction[] = [];
  const increments: Increment[] = [];
  const stored = new Map((await listDailyReads(store, writeupId, range.from, range.to)).map((day) => [day.date, day]));
  const corrected = new Map<Day, Counts>();
  for (const day of readDays) {
    const facts = await listReaderDays(store, writeupId, day);
    const expected = {
      views: sum(facts.map((f) => f.visits?.size ?? 0)),
      engaged: sum(facts.map((f) => f.engaged?.size ?? 0)),
      readers: facts.filter((f) => (f.visits?.size ?? 0) > 0).length,
      engagedScroll: sum(facts.map((f) => f.scroll ?? 0)),
    };
    const { date: _date, ...was } = stored.get(day) ?? { date: day, views: 0, engaged: 0, readers: 0, engagedScroll: 0 };
    const delta = differences(expected, was, (counter, before, after) =>
      corrections.push({ rollup: 'dailyReads', of: day, writeupId, counter, was: before, now: after }),
    );
    if (delta) increments.push({ rollup: 'dailyReads', writeupId, day, counts: delta });
    corrected.set(day, expected);
  }
  // The write-up's months: reads summed from its days (as corrected), links from when each was first seen.
  const months = [...new Set(days.map((day) => day.slice(0, 7)))];
  if (months.length) {
    // The whole months of the days, each day a real one (not "2026-02-31").
    const whole = monthsOf({ from: days[0]!, to: days.at(-1)! });
    const [monthDays, links, periods] = await Promise.all([
      listDailyReads(store, writeupId, whole.from, whole.to),
      listLinks(store, writeupId),
      listOrgPeriods(store, 'MONTH', months[0]!, months.at(-1)!),
    ]);
    for (const month of months) {
      const inMonth = monthDays.filter((day) => day.date.startsWith(month)).map((day) => ({ ...day, ...corrected.get(day.date) }));
      for (const [day, counts] of corrected)
        if (day.startsWith(month) && !inMonth.some((d) => d.date === day))
          inMonth.push({ date: day, views: counts.views!, engaged: counts.engaged!, readers: counts.readers! });
      const expected = {
        views: sum(inMonth.map((d) => d.views)),
        engaged: sum(inMonth.map((d) => d.engaged)),
        links: links.filter((link) => link.firstSeen.startsWith(month)).length,
      };
      const was = periods.find((p) => p.period === month && p.writeupId === writeupId)?.counts ?? {};
      const delta = differences(expected, was, (counter, before, after) =>
        corrections.push({ rollup: 'orgMonth', of: month, writeupId, counter, was: before, now: after }),
      );
      if (delta) increments.push({ rollup: 'orgMonth', month, writeupId, counts: delta });
    }
  }
  if (!options.dryRun && increments.length) await adjustRollups(store, increments);
  return { range, corrections, notes, applied: !options.dryRun && increments.length > 0 };
}

/**
 * Recounts the organization's days from the facts: write-ups, links, reviews,
 * attendance and responses from their items, reads from the write-ups' days.
 * Run it after the write-ups' recount, which proves those.
 */
export async function recountOrganization(store: Store, range: DayRange, options: { now: Date; dryRun: boolean }): Promise<RecountResult> {
  const { days, clipped } = provable(range, options.now);
  const notes = clipped ? [`Today is left out: its facts may still be on their way to the counts.`] : [];
  const expected = await countsFromFacts(store, await listAllWriteups(store), range, days);
  const stored = new Map((await listOrgPeriods(store, 'DAY', range.from, range.to)).map((p) => [p.period, p.counts]));
  const corrections: Correction[] = [];
  const increments: Increment[] = [];
  for (const [day, counts] of expected) {
    const delta = differences(counts, stored.get(day) ?? {}, (counter, was, now) => corrections.push({ rollup: 'orgDay', of: day, counter, was, now }));
    if (delta) increments.push({ rollup: 'orgDay', day, counts: delta });
  }
  if (!options.dryRun && increments.length) await adjustRollups(store, increments);
  return { range, corrections, notes, applied: !options.dryRun && increments.length > 0 };
}

/**
 * What the organization's days add up to, counted from the stored facts of
 * the given write-ups: their publication, reads, links, reviews with their
 * attendance, and responses. The recount proves the rollups with it; a report
 * for some write-ups (a tag's) is made from it.
 */
export async function countsFromFacts(store: Store, writeups: Writeup[], range: DayRange, days: Day[]): Promise<Map<Day, Counts>> {
  const inRange = (day: Day) => days.length > 0 && day >= days[0]! && day <= days.at(-1)!;
  const expected = new Map<Day, Counts>(days.map((day) => [day, {}]));
  const add = (day: Day, counter: string, n = 1) => {
    const counts = expected.get(day);
    if (counts) counts[counter] = (counts[counter] ?? 0) + n;
  };
  for (const writeup of writeups) {
    if (inRange(publishedDay(writeup))) add(publishedDay(writeup), 'writeups');
    const [reads, links, reviews, responses] = await Promise.all([
      listDailyReads(store, writeup.id, range.from, range.to),
      listLinks(store, writeup.id),
      listReviews(store, writeup.id),
      listResponses(store, writeup.id, range.from, range.to),
    ]);
    for (const day of reads) for (const counter of ['views', 'engaged', 'readers'] as const) add(day.date, counter, day[counter]);
    for (const link of links) {
      add(link.firstSeen.slice(0, 10), 'links');
      add(link.firstSeen.slice(0, 10), counterNames.links.of(link.kind));
    }
    // A cancelled review counts nowhere, nor its attendance or answers.
    for (const review of reviews.filter((r) => !r.cancelledAt && inRange(r.startsAt.slice(0, 10)))) {
      const day = review.startsAt.slice(0, 10);
      add(day, 'reviews');
      const attendance = summarizeAttendance(await listAttendees(store, review.id));
      for (const counter of ['attendees', 'voluntary', 'participated'] as const) add(day, counter, attendance[counter]);
    }
    for (const response of responses.filter((r) => !r.uncounted)) {
      const day = response.submittedAt.slice(0, 10);
      add(day, 'responses');
      const learned = response.answers.learned;
      if (typeof learned === 'string' && (LEARNED_OPTIONS as readonly string[]).includes(learned)) add(day, counterNames.learned.of(learned));
    }
  }
  return expected;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** What to add so the stored counters become the expected ones (every counter either side compared); undefined when none differ. */
function differences(expected: Counts, stored: Record<string, unknown>, found: (counter: string, was: number, now: number) => void): Counts | undefined {
  const delta: Counts = {};
  for (const counter of new Set([...Object.keys(expected), ...Object.keys(stored)])) {
    // Proxied views are counted from their own facts and left as they are (see docs/data-layout.md).
    if (counter === 'lastRead' || counter.startsWith('proxied') || (stored[counter] !== undefined && typeof stored[counter] !== 'number')) continue;
    const was = (stored[counter] as number | undefined) ?? 0;
    const now = expected[counter] ?? 0;
    if (was === now) continue;
    delta[counter] = now - was;
    found(counter, was, now);
  }
  return Object.keys(delta).length ? delta : undefined;
}

import { counterNames, type Counts } from './counts';
import { addDays, dayOf, daysBetween, earlierDay, laterDay, MAX_DAYS_LISTED, MIN_DAY, type Day } from './dates';
import type { Bucket, DayRange } from './report-range';
import type { DayReads } from './report';
import { publishedDay, type Writeup } from './writeup';

export type { Bucket };

const dayOfNumber = (n: number) => {
  const text = String(n);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
};

const SERIES_FIELDS = ['writeups', 'views', 'engaged', 'readers', 'links', 'reviews', 'attendees', 'voluntary', 'participated', 'responses'] as const;
export type SeriesField = (typeof SERIES_FIELDS)[number];

/** One week or month of the organization's signals. */
export type SeriesEntry = { start: Day; end: Day; linksByKind: Counts; learned: Counts } & Record<SeriesField, number>;

const isSeriesField = (name: string): name is SeriesField => (SERIES_FIELDS as readonly string[]).includes(name);

/** The first day of the week (Monday) or month a day falls in. */
export function bucketStart(day: Day, bucket: Bucket): Day {
  if (bucket === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

function nextBucket(start: Day, bucket: Bucket): Day {
  if (bucket === 'week') return addDays(start, 7);
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return dayOf(date);
}

export interface OrgPeriod {
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a write-up's month. */
  period: string;
  writeupId?: string;
  counts: Counts;
}

export interface WriteupListing {
  id: string;
  title: string;
  publishedAt?: string;
  createdAt: string;
}

/**
 * The organization's stored signals as one reading: its days over one span,
 * its write-ups' months over another, and the write-ups. A report, the range
 * before it or the digest's weeks are each split from it here, not read again.
 */
export interface OrgReading {
  days: OrgPeriod[];
  months: OrgPeriod[];
  writeups: Writeup[];
}

/** The whole months a range touches (the write-up months read for it). */
export function monthsOf(range: DayRange): DayRange {
  const end = new Date(`${range.to.slice(0, 7)}-01T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + 1);
  return { from: `${range.from.slice(0, 7)}-01`, to: addDays(dayOf(end), -1) };
}

/** The months a range covers only in part, each with the days of it the range holds. */
export function partMonths(range: DayRange): Array<DayRange & { month: string }> {
  const whole = monthsOf(range);
  const parts: Array<DayRange & { month: string }> = [];
  if (range.from !== whole.from) parts.push({ month: range.from.slice(0, 7), from: range.from, to: earlierDay(range.to, lastOfMonth(range.from)) });
  if (range.to !== whole.to && !parts.some((p) => p.month === range.to.slice(0, 7))) {
    parts.push({ month: range.to.slice(0, 7), from: laterDay(range.from, `${range.to.slice(0, 7)}-01`), to: range.to });
  }
  return parts;
}

const lastOfMonth = (day: Day) => monthsOf({ from: day, to: day }).to;

/**
 * A write-up's month cut to the days a range holds of it: its reads on those
 * days and the links first seen on them, as the month's counters count them.
 */
export function monthWithin(month: OrgPeriod, part: DayRange, days: Array<Pick<DayReads, 'date' | 'views' | 'engaged'>>, linksFirstSeen: string[]): OrgPeriod {
  const inPart = days.filter((d) => d.date >= part.from && d.date <= part.to);
  // Days as the month's `lastRead` keeps them: YYYYMMDD numbers.
  const read = inPart.filter((d) => d.views > 0 || d.engaged > 0).map((d) => Number(d.date.replaceAll('-', '')));
  const counts: Counts = {
    views: inPart.reduce((sum, d) => sum + d.views, 0),
    engaged: inPart.reduce((sum, d) => sum + d.engaged, 0),
    links: linksFirstSeen.filter((iso) => iso.slice(0, 10) >= part.from && iso.slice(0, 10) <= part.to).length,
  };
  if (read.length) counts.lastRead = Math.max(...read);
  return { ...month, counts };
}

/**
 * The organization's signals over time, one entry per week or month of the
 * range (zeros included, the last clipped to the range), and every write-up
 * with its reads and links in the months given (cut to the range by the caller).
 */
export function buildOrgReport(range: DayRange, bucket: Bucket, days: OrgPeriod[], months: OrgPeriod[], writeups: WriteupListing[]) {
  const series: SeriesEntry[] = [];
  // Bounded twice: by the range's end, and by the most days a list may hold (a bucket is at least a week).
  for (let start = bucketStart(range.from, bucket); start <= range.to && series.length <= MAX_DAYS_LISTED / 7; start = nextBucket(start, bucket)) {
    const end = addDays(nextBucket(start, bucket), -1);
    series.push({
      // The week 2000-01-01 falls in starts before the days the product knows: its first bucket starts then.
      start: laterDay(start, MIN_DAY),
      end: earlierDay(end, range.to),
      ...(Object.fromEntries(SERIES_FIELDS.map((field) => [field, 0])) as Record<SeriesField, number>),
      linksByKind: {},
      learned: {},
    });
  }
  const perWriteup = new Map<string, { views: number; engaged: number; links: number; lastRead: string | null }>();
  const entry = (id: string) => {
    const found = perWriteup.get(id) ?? { views: 0, engaged: 0, links: 0, lastRead: null };
    perWriteup.set(id, found);
    return found;
  };
  for (const day of days) {
    if (day.period < range.from || day.period > range.to) continue;
    const target = series.find((b) => day.period >= b.start && day.period <= b.end);
    if (!target) continue;
    for (const [name, value] of Object.entries(day.counts)) {
      const kind = counterNames.links.kindOf(name);
      const learned = counterNames.learned.kindOf(name);
      if (isSeriesField(name)) target[name] += value;
      else if (kind) target.linksByKind[kind] = (target.linksByKind[kind] ?? 0) + value;
      else if (learned) target.learned[learned] = (target.learned[learned] ?? 0) + value;
    }
  }
  for (const month of months) {
    if (!month.writeupId) continue;
    const totals = entry(month.writeupId);
    totals.views += month.counts.views ?? 0;
    totals.engaged += month.counts.engaged ?? 0;
    totals.links += month.counts.links ?? 0;
    const last = month.counts.lastRead ? dayOfNumber(month.counts.lastRead) : null;
    if (last && (!totals.lastRead || last > totals.lastRead)) totals.lastRead = last;
  }
  return {
    range,
    bucket,
    series,
    writeupsCover: monthsOf(range),
    writeups: writeups.map((writeup) => {
      const totals = perWriteup.get(writeup.id) ?? { views: 0, engaged: 0, links: 0, lastRead: null };
      const published = publishedDay(writeup);
      return {
        id: writeup.id,
        title: writeup.title,
        ...totals,
        publishedAt: published,
        // Read this long after publication: the long tail a leader looks for.
        readDaysAfterPublication: totals.lastRead ? Math.max(0, daysBetween(published, totals.lastRead)) : null,
      };
    }),
  };
}

export type OrgReport = ReturnType<typeof buildOrgReport>;

/**
 * The range of the same length just before this one, to compare with. Cut at
 * the first day the product knows, 2000-01-01 (nothing is counted before it);
 * none for a range starting then: it is compared with nothing.
 */
export function previousRange(range: DayRange): DayRange | undefined {
  if (range.from <= MIN_DAY) return undefined;
  const length = daysBetween(range.from, range.to) + 1;
  return { from: laterDay(addDays(range.from, -length), MIN_DAY), to: addDays(range.from, -1) };
}

export const SIGNALS = ['views', 'engaged', 'readers', 'reviews', 'attendees', 'voluntary', 'participated', 'links', 'responses'] as const;
export type SignalTotals = Record<(typeof SIGNALS)[number], number>;

/** Each signal's total over a report's range. */
export function totalsOf(report: Pick<OrgReport, 'series'>): SignalTotals {
  return Object.fromEntries(SIGNALS.map((signal) => [signal, report.series.reduce((sum, bucket) => sum + Number(bucket[signal] ?? 0), 0)])) as SignalTotals;
}

/** A range's totals of every series field, and new links by kind, counted as the organization's page counts them. */
export function rangeTotals(range: DayRange, days: OrgPeriod[]): { totals: Record<(typeof SERIES_FIELDS)[number], number>; linksByKind: Counts } {
  const { series } = buildOrgReport(range, 'month', days, [], []);
  const totals = Object.fromEntries(SERIES_FIELDS.map((field) => [field, series.reduce((sum, bucket) => sum + Number(bucket[field] ?? 0), 0)])) as Record<
    (typeof SERIES_FIELDS)[number],
    number
  >;
  const linksByKind: Counts = {};
  for (const bucket of series) for (const [kind, n] of Object.entries(bucket.linksByKind as Counts)) linksByKind[kind] = (linksByKind[kind] ?? 0) + n;
  return { totals, linksByKind };
}

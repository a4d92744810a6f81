import type { Attendee } from './attendance';
import { summarizeAttendance } from './attendance';
import { addDays, daysBetween, type Day } from './dates';
import type { ReadIncrement } from './engagement';
import type { LinkKind } from './links';
import type { DayRange } from './report-range';
import type { Answers } from './survey';
import { publishedDay } from './writeup';

export type Counts = Record<string, number>;
export type Bucket = 'week' | 'month';

/**
 * The names of the organization's daily counters. Totals are plain names;
 * per write-up ones carry the id (`w:views:{id}`) so one item per day answers
 * the whole organization report.
 */
export const orgCounts = {
  reads: (writeupId: string, increment: ReadIncrement): Counts => ({
    views: increment.views,
    engaged: increment.engaged,
    readers: increment.readers,
    [`w:views:${writeupId}`]: increment.views,
    [`w:engaged:${writeupId}`]: increment.engaged,
  }),
  writeups: (delta: number): Counts => ({ writeups: delta }),
  newLink: (writeupId: string, kind: LinkKind): Counts => ({ links: 1, [`links:${kind}`]: 1, [`w:links:${writeupId}`]: 1 }),
  review: (): Counts => ({ reviews: 1 }),
  attendance: (before: Attendee | undefined, after: Attendee): Counts => {
    const was = summarizeAttendance(before ? [before] : []);
    const now = summarizeAttendance([after]);
    return { attendees: now.attendees - was.attendees, voluntary: now.voluntary - was.voluntary, participated: now.participated - was.participated };
  },
  response: (answers: Answers): Counts => ({
    responses: 1,
    ...(typeof answers.learned === 'string' ? { [`learned:${answers.learned}`]: 1 } : {}),
  }),
};

const SERIES_FIELDS = ['writeups', 'views', 'engaged', 'readers', 'links', 'reviews', 'attendees', 'voluntary', 'participated', 'responses'] as const;

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
  return date.toISOString().slice(0, 10);
}

export interface OrgDay {
  date: string;
  counts: Counts;
}

export interface WriteupListing {
  id: string;
  title: string;
  publishedAt?: string;
  createdAt: string;
}

/**
 * The organization's signals over time, one entry per week or month of the
 * range (zeros included, the first and last clipped to the range), and every
 * write-up with its reads and links in the range.
 */
export function buildOrgReport(range: DayRange, bucket: Bucket, days: OrgDay[], writeups: WriteupListing[]) {
  const series: Array<Record<string, unknown> & { start: string; end: string }> = [];
  for (let start = bucketStart(range.from, bucket); start <= range.to; start = nextBucket(start, bucket)) {
    const end = addDays(nextBucket(start, bucket), -1);
    series.push({
      start,
      end: end > range.to ? range.to : end,
      ...Object.fromEntries(SERIES_FIELDS.map((field) => [field, 0])),
      linksByKind: {} as Record<string, number>,
      learned: {} as Record<string, number>,
    });
  }
  const perWriteup = new Map<string, { views: number; engaged: number; links: number; lastRead: string | null }>();
  const entry = (id: string) => {
    let found = perWriteup.get(id);
    if (!found) perWriteup.set(id, (found = { views: 0, engaged: 0, links: 0, lastRead: null }));
    return found;
  };
  for (const day of days) {
    if (day.date < range.from || day.date > range.to) continue;
    const target = series.find((b) => day.date >= b.start && day.date <= b.end);
    if (!target) continue;
    for (const [name, value] of Object.entries(day.counts)) {
      if ((SERIES_FIELDS as readonly string[]).includes(name)) target[name] = (target[name] as number) + value;
      else if (name.startsWith('links:')) (target.linksByKind as Counts)[name.slice(6)] = ((target.linksByKind as Counts)[name.slice(6)] ?? 0) + value;
      else if (name.startsWith('learned:')) (target.learned as Counts)[name.slice(8)] = ((target.learned as Counts)[name.slice(8)] ?? 0) + value;
      else if (name.startsWith('w:')) {
        const [, field, id] = /^w:(views|engaged|links):(.+)$/.exec(name) ?? [];
        if (!field || !id) continue;
        const totals = entry(id);
        totals[field as 'views' | 'engaged' | 'links'] += value;
        if (field === 'views' && value > 0 && (!totals.lastRead || day.date > totals.lastRead)) totals.lastRead = day.date;
      }
    }
  }
  return {
    range,
    bucket,
    series,
    writeups: writeups.map((writeup) => {
      const totals = perWriteup.get(writeup.id) ?? { views: 0, engaged: 0, links: 0, lastRead: null };
      const published = publishedDay(writeup);
      return {
        id: writeup.id,
        title: writeup.title,
        ...totals,
        publishedAt: published,
        // Read this long after publication, within the range: the long tail a leader looks for.
        readDaysAfterPublication: totals.lastRead ? Math.max(0, daysBetween(published, totals.lastRead)) : null,
      };
    }),
  };
}

export type OrgReport = ReturnType<typeof buildOrgReport>;


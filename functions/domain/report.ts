import { daysBetween, eachDay } from './dates';
import type { DayRange } from './report-range';
import { publishedDay, type Writeup } from './writeup';

export interface DayReads {
  date: string;
  views: number;
  engaged: number;
  readers: number;
  engagedScroll?: number;
}

export const READERS_NOTE =
  'readers is the sum of daily distinct readers: a person who reads on two days counts twice';

/** Which part of a write-up's life a day falls in, counted from publication. */
export function ageBucket(ageDays: number): 'd0_7' | 'd8_30' | 'd31_90' | 'd91_' {
  if (ageDays <= 7) return 'd0_7';
  if (ageDays <= 30) return 'd8_30';
  if (ageDays <= 90) return 'd31_90';
  return 'd91_';
}

/**
 * One write-up's signals over a range. `byDay` lists every day, zeros included;
 * `sincePublished` splits the range's views by how long after publication they came.
 * Links, attendance and surveys are filled by their own signals.
 */
export function buildWriteupReport(writeup: Writeup, range: DayRange, days: DayReads[]) {
  const known = new Map(days.map((day) => [day.date, day]));
  const byDay = eachDay(range.from, range.to).map((date) => {
    const day = known.get(date);
    return { date, views: day?.views ?? 0, engaged: day?.engaged ?? 0, readers: day?.readers ?? 0 };
  });
  const sincePublished = { d0_7: 0, d8_30: 0, d31_90: 0, d91_: 0 };
  const published = publishedDay(writeup);
  let views = 0;
  let engaged = 0;
  let readers = 0;
  let engagedScroll = 0;
  for (const day of days) {
    views += day.views;
    engaged += day.engaged;
    readers += day.readers;
    engagedScroll += day.engagedScroll ?? 0;
    // Views before the publication date (drafts, previews) count as its first week.
    sincePublished[ageBucket(Math.max(0, daysBetween(published, day.date)))] += day.views;
  }
  return {
    writeup: { id: writeup.id, title: writeup.title, url: writeup.url },
    range,
    reads: {
      views,
      engaged,
      readers,
      readersNote: READERS_NOTE,
      averageEngagedScrollPercent: engaged > 0 ? Math.round(engagedScroll / engaged) : null,
      byDay,
      sincePublished,
    },
    links: { total: 0, byKind: {}, items: [] },
    attendance: { reviews: 0, attendees: 0, voluntary: 0, participated: 0 },
    surveys: { responses: 0, questions: [] },
  };
}

export type WriteupReport = ReturnType<typeof buildWriteupReport>;

import type { placeReads, ReadPlace } from './read-places';
import { daysBetween, eachDay } from './dates';
import type { DayRange } from './report-range';
import { summarizeAttendance, type Attendee } from './attendance';
import type { Link, LinkKind } from './links';
import type { Review } from './review';
import { mergeQuestions, summarizeAnswers, type Answers } from './survey';
import { publishedDay, type Writeup } from './writeup';

export interface DayReads {
  date: string;
  views: number;
  engaged: number;
  readers: number;
  engagedScroll?: number;
  /** Pixels fetched by image proxies, apart from views, in all and by proxy. */
  proxied?: number;
  proxiedBy?: Record<string, number>;
}

/** What each place a write-up lives counted itself (`placeReads`): the places with nothing in the range are left out. */
export type PlatformReads = Partial<Record<ReadPlace, ReturnType<typeof placeReads>>>;

export const READERS_NOTE = 'readers is the sum of daily distinct readers: a person who reads on two days counts twice';

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
/**
 * The places that point at a write-up, as known by the end of the range: by
 * kind, busiest first. `newInRange` counts those first seen within it.
 */
export function linksSection(range: DayRange, links: Link[], limit = DEFAULT_LINKS_SHOWN) {
  const known = links.filter((link) => link.firstSeen.slice(0, 10) <= range.to);
  const byKind: Partial<Record<LinkKind, number>> = {};
  for (const link of known) if (!link.overflow) byKind[link.kind] = (byKind[link.kind] ?? 0) + 1;
  const items = [...known].sort((a, b) => b.clicks + b.views - (a.clicks + a.views) || a.firstSeen.localeCompare(b.firstSeen));
  return {
    total: known.filter((link) => !link.overflow).length,
    newInRange: known.filter((link) => !link.overflow && link.firstSeen.slice(0, 10) >= range.from).length,
    byKind,
    // The busiest first, and no more than asked: no report grows without bound.
    items: items.slice(0, limit),
    shown: Math.min(limit, items.length),
    more: Math.max(0, items.length - limit),
  };
}

/** Links a report lists unless asked for more (`?links=`, at most `MAX_LINKS_SHOWN`). */
export const DEFAULT_LINKS_SHOWN = 100;
export const MAX_LINKS_SHOWN = 1_000;

export function buildWriteupReport(
  writeup: Writeup,
  range: DayRange,
  days: DayReads[],
  reviews: ReviewSignals = NO_REVIEWS,
  links: Link[] = [],
  linksShown = DEFAULT_LINKS_SHOWN,
) {
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
  const proxied = { fetches: 0, byProxy: {} as Record<string, number> };
  for (const day of days) {
    proxied.fetches += day.proxied ?? 0;
    for (const [proxy, n] of Object.entries(day.proxiedBy ?? {})) proxied.byProxy[proxy] = (proxied.byProxy[proxy] ?? 0) + n;
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
      /** Fetched by image proxies (GitHub's camo, Google's, …): never views or readers. */
      proxied,
      /** What the platform a write-up lives on counted itself (Confluence); absent when none did. */
      platform: undefined as PlatformReads | undefined,
    },
    links: linksSection(range, links, linksShown),
    ...reviewSections(range, reviews),
  };
}

/** What a write-up's reviews gathered: attendance per review, and the survey answers. */
export interface ReviewSignals {
  /** Every review of the write-up, with its attendees. */
  reviews: Array<{ review: Review; attendees: Attendee[] }>;
  /** Answers submitted within the range, with the review each belongs to. */
  responses: Array<{ reviewId: string; answers: Answers }>;
}

const NO_REVIEWS: ReviewSignals = { reviews: [], responses: [] };

/**
 * Attendance counts the reviews that started within the range; surveys count
 * the responses submitted within it, summarized over the questions of every
 * template those reviews used.
 */
export function reviewSections(range: DayRange, signals: ReviewSignals) {
  const inRange = signals.reviews.filter(({ review }) => {
    const day = review.startsAt.slice(0, 10);
    return day >= range.from && day <= range.to;
  });
  const byReview = inRange.map(({ review, attendees }) => ({
    id: review.id,
    title: review.title ?? null,
    startsAt: review.startsAt,
    ...summarizeAttendance(attendees),
  }));
  const attendance = summarizeAttendance(inRange.flatMap(({ attendees }) => attendees));
  const answered = new Set(signals.responses.map((r) => r.reviewId));
  const templates = signals.reviews
    .filter(({ review }) => answered.has(review.id) || inRange.some((r) => r.review.id === review.id))
    .map(({ review }) => review.template.questions);
  const responses = signals.responses.length;
  return {
    attendance: { reviews: inRange.length, ...attendance, byReview },
    surveys: {
      responses,
      responseRate: attendance.attendees > 0 ? Math.round((responses / attendance.attendees) * 100) / 100 : null,
      questions: summarizeAnswers(
        mergeQuestions(templates),
        signals.responses.map((r) => r.answers),
      ),
    },
  };
}

export type WriteupReport = ReturnType<typeof buildWriteupReport>;

import { listAttendees } from '../data/attendance';
import type { Store } from '../data/client';
import { placesDays, type PlatformDay } from '../data/platform';
import { placeReads, type ReadPlace } from '../domain/read-places';
import { listDailyReads } from '../data/reads';
import { listLinks } from '../data/links';
import { listResponses } from '../data/responses';
import { listReviews } from '../data/reviews';
import { getWriteup } from '../data/writeups';
import { buildWriteupReport, type WriteupReport } from '../domain/report';
import type { DayRange } from '../domain/report-range';

/**
 * One write-up's report: one item per day with reads in the range, its
 * reviews with their attendees, the responses of the range, and its links. Never a scan.
 */
export async function writeupReport(store: Store, id: string, range: DayRange, linksShown?: number): Promise<WriteupReport | undefined> {
  return (await writeupDetails(store, id, range, linksShown))?.report;
}

/** The report with what only admins see beside it: each review with its attendees by name. */
export async function writeupDetails(store: Store, id: string, range: DayRange, linksShown?: number) {
  const [writeup, days, reviews, responses, links, platform] = await Promise.all([
    getWriteup(store, id),
    listDailyReads(store, id, range.from, range.to),
    listReviews(store, id),
    listResponses(store, id, range.from, range.to),
    listLinks(store, id),
    placesDays(store, id, range.from, range.to),
  ]);
  if (!writeup) return undefined;
  const withAttendees = await Promise.all(reviews.map(async (review) => ({ review, attendees: await listAttendees(store, review.id) })));
  // A cancelled review, its attendance and its answers count nowhere (the page still lists it, as cancelled).
  const counted = { reviews: withAttendees.filter(({ review }) => !review.cancelledAt), responses: responses.filter((r) => !r.uncounted) };
  return {
    writeup,
    report: withPlatform(buildWriteupReport(writeup, range, days, counted, links, linksShown), platform),
    reviews: withAttendees.filter(({ review }) => review.startsAt.slice(0, 10) >= range.from && review.startsAt.slice(0, 10) <= range.to),
    /** Every review, whatever the range: upcoming ones are listed always. */
    allReviews: withAttendees.map(({ review }) => review),
  };
}

/** Reads the places a write-up lives counted themselves, each beside the tracked reads and never added to them. */
function withPlatform<R extends { reads: object }>(report: R, places: Partial<Record<ReadPlace, PlatformDay[]>>) {
  const entries = Object.entries(places) as Array<[ReadPlace, PlatformDay[]]>;
  if (entries.length === 0) return report;
  const platform = Object.fromEntries(entries.map(([place, days]) => [place, placeReads(place, days)]));
  return { ...report, reads: { ...report.reads, platform } };
}

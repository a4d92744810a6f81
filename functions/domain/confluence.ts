import { addDays, eachDay, laterDay, MAX_DAYS_LISTED, type Day } from './dates';

/**
 * Confluence Cloud's own page views, imported once a day: its analytics answer
 * how many views (and distinct viewers) a page had since a date, so a day's
 * count is the difference of two such answers.
 */

/** The page id in a Confluence Cloud page URL on this site (`…/wiki/spaces/OPS/pages/123456/Title`, or `?pageId=123456`). */
export function confluencePageOf(url: string, site: string): string | undefined {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url);
    base = new URL(site);
  } catch {
    return undefined;
  }
  if (parsed.origin !== base.origin) return undefined;
  return (
    /\/pages\/(\d{1,20})(?:\/|$)/.exec(parsed.pathname)?.[1] ??
    (/^\d{1,20}$/.test(parsed.searchParams.get('pageId') ?? '') ? parsed.searchParams.get('pageId')! : undefined)
  );
}

/** The whole days to import: after the last one imported (or from `firstDays` ago) up to yesterday. */
export function daysToImport(lastDay: Day | undefined, today: Day, firstDays = 30): Day[] {
  const from = lastDay ? addDays(lastDay, 1) : addDays(today, -firstDays);
  // At most the days one list holds: an import stopped for years resumes with the latest of them.
  return eachDay(laterDay(from, addDays(today, -MAX_DAYS_LISTED)), addDays(today, -1));
}

/**
 * Each day's count from counts "since a day": since(d) − since(d + 1). Views
 * come out exact; for viewers this counts each person once, on the day of their
 * latest view before the import.
 */
export function perDay(days: Day[], since: (day: Day) => number): Array<{ day: Day; count: number }> {
  return days.map((day) => ({ day, count: Math.max(0, since(day) - since(addDays(day, 1))) }));
}

import type { Store } from '../data/client';
import type { ConfluenceSettings } from '../shared/deps';
import { importState, platformDays, saveImportedDays, setSiteProblem, siteProblem } from '../data/platform';
import type { DayRange } from '../domain/report-range';
import type { Writeup } from '../domain/writeup';
import { listAllWriteups } from '../data/writeups';
import { confluencePageOf, daysToImport, perDay } from '../domain/confluence';
import { addDays, dayOf } from '../domain/dates';

// Declared beside the other settings the apps are given (shared/deps.ts).
export type { ConfluenceSettings };

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One analytics count: bounded in time, retried on 429 and 5xx (honouring `Retry-After`), three tries at most. */
async function countSince(settings: ConfluenceSettings & { apiToken: string }, pageId: string, what: 'views' | 'viewers', day: string): Promise<number> {
  const url = `${settings.url.replace(/\/+$/, '')}/wiki/rest/api/analytics/content/${pageId}/${what}?fromDate=${day}`;
  const auth = `Basic ${Buffer.from(`${settings.email}:${settings.apiToken}`).toString('base64')}`;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: auth, accept: 'application/json' }, signal: AbortSignal.timeout(settings.timeoutMs ?? 5_000) });
    } catch (error) {
      if (attempt < 3) continue;
      throw new Refused(0, `Confluence did not answer (${(error as Error).name === 'TimeoutError' ? 'time-out' : (error as Error).message})`);
    }
    if (res.status === 429 || res.status >= 500) {
      const wait = Math.min(60_000, (Number(res.headers.get('retry-after')) || attempt) * 1_000);
      await res.arrayBuffer();
      if (attempt >= 3 || wait > (settings.maxRetryAfterMs ?? 10_000))
        throw new Refused(res.status, `Confluence answered ${res.status} ${res.status === 429 ? '(rate limited)' : ''}`.trim());
      await sleep(wait);
      continue;
    }
    const text = await res.text();
    if (res.status === 403)
      throw new Refused(
        403,
        /ViewAnalyticsRestricted|analytics/i.test(text)
          ? 'page analytics are not available on this Confluence site (a Premium feature, or switched off)'
          : 'Confluence refused the API token (403)',
      );
    if (res.status === 401) throw new Refused(401, 'Confluence refused the e-mail and API token (401)');
    if (!res.ok) throw new Refused(res.status, `Confluence answered ${res.status}`);
    let body: { count?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Refused(res.status, 'Confluence answered something that is not JSON');
    }
    if (typeof body.count !== 'number' || !Number.isInteger(body.count) || body.count < 0) throw new Refused(res.status, 'Confluence answered without a count');
    return body.count;
  }
}

/** A problem with the whole Confluence site that stopped imports, if there is one (shown on the dashboard). */
export const confluenceProblem = (store: Store) => siteProblem(store);

/** The organization's write-ups on Confluence over a range, by Confluence's own counts: beside the tracked reads. */
export async function confluenceTotals(
  store: Store,
  site: string,
  range: DayRange,
  known?: Writeup[],
): Promise<{ writeups: number; views: number; viewers: number }> {
  const onSite = (known ?? (await listAllWriteups(store))).filter((w) => [w.url, ...w.copies].some((url) => confluencePageOf(url, site)));
  const days = (await Promise.all(onSite.map((w) => platformDays(store, w.id, range.from, range.to)))).flat();
  return { writeups: onSite.length, views: days.reduce((n, d) => n + d.views, 0), viewers: days.reduce((n, d) => n + d.viewers, 0) };
}

export interface ImportReport {
  writeups: number;
  days: number;
  problems: string[];
}

/**
 * The daily import: for each write-up whose URL or a copy is a page on the
 * Confluence site, its views and viewers of each whole day since the last
 * import (30 days the first time), stored per day apart from tracked reads. A
 * write-up that fails keeps what it had and is picked up next time; a site
 * without analytics is said once and not asked again until it is solved.
 */
export async function importConfluence(store: Store, given: ConfluenceSettings, now: Date, options: { retrySite?: boolean } = {}): Promise<ImportReport> {
  const report: ImportReport = { writeups: 0, days: 0, problems: [] };
  const settings = { ...given, apiToken: typeof given.apiToken === 'string' ? given.apiToken : await given.apiToken() };
  const known = await siteProblem(store);
  if (known && !options.retrySite)
    return { ...report, problems: [`Not imported: ${known.problem} (said ${known.at.slice(0, 10)}; run the import by hand to try again).`] };
  const today = dayOf(now);
  for (const writeup of await listAllWriteups(store)) {
    const pageId = [writeup.url, ...writeup.copies].map((url) => confluencePageOf(url, settings.url)).find(Boolean);
    if (!pageId) continue;
    report.writeups++;
    const state = await importState(store, writeup.id);
    const days = daysToImport(state?.lastDay, today);
    if (days.length === 0) continue;
    try {
      const since = new Map<string, { views: number; viewers: number }>();
      for (const day of [...days, addDays(days.at(-1)!, 1)]) {
        since.set(day, { views: await countSince(settings, pageId, 'views', day), viewers: await countSince(settings, pageId, 'viewers', day) });
      }
      const views = perDay(days, (day) => since.get(day)!.views);
      const viewers = perDay(days, (day) => since.get(day)!.viewers);
      const stored = views.map((v, i) => ({ day: v.day, views: v.count, viewers: viewers[i]!.count }));
      if ((await saveImportedDays(store, writeup.id, pageId, stored, state?.lastDay, now)) === 'saved') report.days += stored.length;
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      if (error.status === 403 && /analytics/.test(error.message)) {
        await setSiteProblem(store, error.message, now);
        report.problems.push(`Stopped: ${error.message}.`);
        return report;
      }
      report.problems.push(`${writeup.id}: ${error.message}; it keeps what it had and is tried again next time.`);
    }
  }
  if (known) await setSiteProblem(store, undefined, now);
  return report;
}

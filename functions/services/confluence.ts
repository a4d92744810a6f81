import type { Store } from '../data/client';
import type { ConfluenceSettings } from '../shared/deps';
import { importState, platformDays, rememberTinyLink, saveImportedDays, setSiteProblem, siteProblem, tinyLinkPage } from '../data/platform';
import type { DayRange } from '../domain/report-range';
import type { Writeup } from '../domain/writeup';
import { listAllWriteups } from '../data/writeups';
import { confluenceAddressOf, daysToImport, perDay, tinyLinkPageId, type ConfluenceAddress } from '../domain/confluence';
import { confluenceApi, OutOfTime, Refused, type ConfluenceApi } from './confluence-api';
import { addDays, dayOf } from '../domain/dates';

// Declared beside the other settings the apps are given (shared/deps.ts).
export type { ConfluenceSettings };

/** One analytics count of a page since a day: `{id, count}`, as Atlassian documents it. */
async function countSince(api: ConfluenceApi, pageId: string, what: 'views' | 'viewers', day: string): Promise<number> {
  const res = await api.get(`/wiki/rest/api/analytics/content/${pageId}/${what}?fromDate=${day}`);
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

/**
 * The page a write-up's Confluence address is: its id, or a tiny link's page,
 * asked of the site once (it answers a redirect to the page's address) and
 * remembered; when the site says nowhere, the id the tiny code stands for.
 */
async function pageOf(store: Store, api: ConfluenceApi, address: ConfluenceAddress, now: Date): Promise<string | undefined> {
  if ('pageId' in address) return address.pageId;
  const known = await tinyLinkPage(store, address.tiny);
  if (known) return known;
  const res = await api.get(`/wiki/x/${address.tiny}`);
  await res.arrayBuffer();
  const location = res.headers.get('location');
  const target = res.status >= 300 && res.status < 400 && location ? new URL(location, `${api.site}/`).href : undefined;
  const resolved = target ? confluenceAddressOf(target, api.site) : undefined;
  const pageId = resolved && 'pageId' in resolved ? resolved.pageId : tinyLinkPageId(address.tiny);
  if (pageId) await rememberTinyLink(store, address.tiny, pageId, now);
  return pageId;
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
  const onSite = (known ?? (await listAllWriteups(store))).filter((w) => [w.url, ...w.copies].some((url) => confluenceAddressOf(url, site)));
  const days = (await Promise.all(onSite.map((w) => platformDays(store, w.id, range.from, range.to)))).flat();
  return { writeups: onSite.length, views: days.reduce((n, d) => n + d.views, 0), viewers: days.reduce((n, d) => n + d.viewers, 0) };
}

export interface ImportReport {
  writeups: number;
  days: number;
  /** Calls made to Confluence, retries included. */
  calls: number;
  /** Write-ups not done when the import had to stop (its time limit): the next run takes them. */
  left: number;
  problems: string[];
}

/** The imports function runs 10 minutes at most: it stops a minute before. */
export const IMPORT_STOPS_BEFORE_LIMIT_MS = 60_000;
/** An import by hand answers within the admin function's 29 s (API Gateway's 30 s). */
export const IMPORT_BY_HAND_MS = 20_000;

/**
 * The daily import: for each write-up whose URL or a copy is a page or blog
 * post on the Confluence site (in any address form, tiny links resolved
 * once), its views and viewers of each whole day since the last import (30
 * days the first time), stored per day apart from tracked reads. Calls go one
 * at a time; a 429 pauses the whole import as long as Confluence asks. A
 * write-up that fails keeps what it had and is picked up next time; at
 * `deadline` (epoch ms) the import stops between calls, stores nothing half
 * done, and the next run goes on (a day is stored once, whatever happens); a
 * site without analytics is said once and not asked again until it is solved.
 */
export async function importConfluence(
  store: Store,
  given: ConfluenceSettings,
  now: Date,
  options: { retrySite?: boolean; deadline?: number } = {},
): Promise<ImportReport> {
  const report: ImportReport = { writeups: 0, days: 0, calls: 0, left: 0, problems: [] };
  const settings = { ...given, apiToken: typeof given.apiToken === 'string' ? given.apiToken : await given.apiToken() };
  const known = await siteProblem(store);
  if (known && !options.retrySite)
    return { ...report, problems: [`Not imported: ${known.problem} (said ${known.at.slice(0, 10)}; run the import by hand to try again).`] };
  const api = confluenceApi(settings, options.deadline);
  const today = dayOf(now);
  const found = (await listAllWriteups(store)).flatMap((writeup) => {
    const address = [writeup.url, ...writeup.copies].map((url) => confluenceAddressOf(url, settings.url)).find(Boolean);
    return address ? [{ writeup, address }] : [];
  });
  // The furthest behind first (never imported, then the oldest last day): a run that stops early leaves no write-up behind for good.
  const onSite = (await Promise.all(found.map(async (entry) => ({ ...entry, state: await importState(store, entry.writeup.id) })))).sort((a, b) =>
    (a.state?.lastDay ?? '').localeCompare(b.state?.lastDay ?? ''),
  );
  report.writeups = onSite.length;
  for (const [done, { writeup, address, state }] of onSite.entries()) {
    try {
      const days = daysToImport(state?.lastDay, today);
      if (days.length === 0) continue;
      const pageId = await pageOf(store, api, address, now);
      if (!pageId) {
        report.problems.push(`${writeup.id}: its Confluence tiny link leads to no page.`);
        continue;
      }
      const since = new Map<string, { views: number; viewers: number }>();
      for (const day of [...days, addDays(days.at(-1)!, 1)]) {
        since.set(day, { views: await countSince(api, pageId, 'views', day), viewers: await countSince(api, pageId, 'viewers', day) });
      }
      const views = perDay(days, (day) => since.get(day)!.views);
      const viewers = perDay(days, (day) => since.get(day)!.viewers);
      const stored = views.map((v, i) => ({ day: v.day, views: v.count, viewers: viewers[i]!.count }));
      if ((await saveImportedDays(store, writeup.id, pageId, stored, state?.lastDay, now)) === 'saved') report.days += stored.length;
    } catch (error) {
      if (error instanceof OutOfTime) {
        report.left = onSite.length - done;
        report.problems.push(`Stopped before the time limit: ${report.left} of ${onSite.length} write-ups left for the next run.`);
        break;
      }
      if (!(error instanceof Refused)) throw error;
      if (error.status === 403 && /analytics/.test(error.message)) {
        await setSiteProblem(store, error.message, now);
        report.problems.push(`Stopped: ${error.message}.`);
        return { ...report, calls: api.calls() };
      }
      report.problems.push(`${writeup.id}: ${error.message}; it keeps what it had and is tried again next time.`);
    }
  }
  if (known) await setSiteProblem(store, undefined, now);
  return { ...report, calls: api.calls() };
}

import type { Store } from '../data/client';
import type { ConfluenceSettings } from '../shared/deps';
import { knownAddress, rememberAddress } from '../data/platform';
import { confluenceAddressOf, perDay, tinyLinkPageId, type ConfluenceAddress } from '../domain/confluence';
import { confluenceApi, Refused, type ConfluenceApi } from './confluence-api';
import { IMPORT_BY_HAND_MS, IMPORT_STOPS_BEFORE_LIMIT_MS, importPlace, type PlaceImportReport, type PlaceReader } from './place-imports';
import { addDays } from '../domain/dates';

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
  const known = await knownAddress(store, 'confluence', address.tiny);
  if (known) return known;
  const res = await api.get(`/wiki/x/${address.tiny}`);
  await res.arrayBuffer();
  const location = res.headers.get('location');
  const target = res.status >= 300 && res.status < 400 && location ? new URL(location, `${api.site}/`).href : undefined;
  const resolved = target ? confluenceAddressOf(target, api.site) : undefined;
  const pageId = resolved && 'pageId' in resolved ? resolved.pageId : tinyLinkPageId(address.tiny);
  if (pageId) await rememberAddress(store, 'confluence', address.tiny, pageId, now);
  return pageId;
}

/** What an import did (the same for every place). */
export type ImportReport = PlaceImportReport;
export { IMPORT_BY_HAND_MS, IMPORT_STOPS_BEFORE_LIMIT_MS };

/**
 * The daily import of Confluence's page views (see `importPlace`): each page's
 * views and viewers of a day are the difference of Confluence's counts "since
 * a day"; a tiny link is resolved once through the site; a site without
 * analytics is said once and not asked again until it is solved.
 */
export async function importConfluence(
  store: Store,
  given: ConfluenceSettings,
  now: Date,
  options: { retrySite?: boolean; deadline?: number } = {},
): Promise<ImportReport> {
  const settings = { ...given, apiToken: typeof given.apiToken === 'string' ? given.apiToken : await given.apiToken() };
  const api = confluenceApi(settings, options.deadline);
  const reader: PlaceReader<ConfluenceAddress> = {
    place: 'confluence',
    addressOf: (url) => confluenceAddressOf(url, settings.url),
    pageOf: (address) => pageOf(store, api, address, now),
    async read(pageId, days) {
      const since = new Map<string, { views: number; viewers: number }>();
      for (const day of [...days, addDays(days.at(-1)!, 1)]) {
        since.set(day, { views: await countSince(api, pageId, 'views', day), viewers: await countSince(api, pageId, 'viewers', day) });
      }
      const views = perDay(days, (day) => since.get(day)!.views);
      const viewers = perDay(days, (day) => since.get(day)!.viewers);
      return views.map((v, i) => ({ day: v.day, views: v.count, viewers: viewers[i]!.count }));
    },
    calls: () => api.calls(),
    stopsAll: (error) => error.status === 403 && /analytics/.test(error.message),
  };
  return importPlace(store, reader, now, options);
}

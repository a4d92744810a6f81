import { addDays, eachDay, laterDay, MAX_DAYS_LISTED, type Day } from './dates';

/**
 * The places write-ups live that count their own reads, imported once a day
 * and shown beside the tracked reads, never added to them: each counts its own
 * way, on its own clock, and a person who read two copies is one reader there
 * and one here. What each counts is said wherever its figures are shown.
 */
export const READ_PLACES = {
  confluence: {
    name: 'Confluence',
    key: 'CONFLUENCE',
    counts: 'page views, and viewers counted on the day of their latest view',
    clock: 'days as Confluence dates them',
  },
  google: {
    name: 'Google Workspace',
    key: 'GOOGLE',
    counts: "views in Drive's audit log, and distinct viewers each day",
    clock: 'UTC days',
  },
  microsoft: {
    name: 'Microsoft 365',
    key: 'MICROSOFT',
    counts: "views as SharePoint's item activity counts accesses, and distinct viewers each day",
    clock: 'UTC days',
  },
} as const;

export type ReadPlace = keyof typeof READ_PLACES;
export const READ_PLACE_IDS = Object.keys(READ_PLACES) as ReadPlace[];
export const isReadPlace = (name: string): name is ReadPlace => Object.hasOwn(READ_PLACES, name);

/** The days a read place has no more to say about: Google's audit log can be hours late, so its last days are read again. */
export const REREAD_DAYS: Record<ReadPlace, number> = { confluence: 0, google: 3, microsoft: 3 };

/**
 * The whole days to import: after the last one imported (or from `firstDays`
 * ago) up to yesterday, and again the last `reread` days before that, which the
 * place may still be filling in (each day is stored as the place last said, never added to).
 */
export function daysToRead(lastDay: Day | undefined, today: Day, options: { firstDays?: number; reread?: number } = {}): Day[] {
  const { firstDays = 30, reread = 0 } = options;
  const from = lastDay ? addDays(lastDay, 1 - reread) : addDays(today, -firstDays);
  // At most the days one list holds: an import stopped for years resumes with the latest of them.
  return eachDay(laterDay(from, addDays(today, -MAX_DAYS_LISTED)), addDays(today, -1));
}

/** Google's file ids: letters, digits, `-` and `_`, 25 to 60 of them (older files' are shorter than newer ones'). */
const FILE_ID = /^[A-Za-z0-9_-]{20,80}$/;

/**
 * The Drive file a URL opens, in any form Google hands out: a Doc, Sheet or
 * Slides (`docs.google.com/{document|spreadsheets|presentation}/d/{id}/…`,
 * with `/u/0/` or `/a/{domain}/` before it), a Drive file
 * (`drive.google.com/file/d/{id}/…`) or an `open?id=` link. A published
 * copy (`/d/e/2PACX…/pub`) names no file: undefined, as for anything else.
 */
export function googleFileIdOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || (parsed.hostname !== 'docs.google.com' && parsed.hostname !== 'drive.google.com')) return undefined;
  const path = parsed.pathname.replace(/^\/a\/[^/]+/, '').replace(/^(\/[a-z]+)?\/u\/\d+/, '$1');
  const inPath = /^\/(?:document|spreadsheets|presentation|file|drawings|forms)\/d\/([^/]+)/.exec(path)?.[1];
  if (inPath === 'e') return undefined;
  const id = inPath ?? (/^\/(?:open|uc)$/.test(path) ? parsed.searchParams.get('id') : undefined);
  return id && FILE_ID.test(id) ? id : undefined;
}

/**
 * Whether a URL is a document in SharePoint or OneDrive for work
 * (`{tenant}.sharepoint.com`, `{tenant}-my.sharepoint.com`): Microsoft Graph
 * resolves any of its forms (paths, `:w:/r/…` and `:w:/s/…` sharing links,
 * `Doc.aspx?sourcedoc=`) to the one item, once.
 */
export function isMicrosoftDocument(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && /^[a-z0-9-]+\.sharepoint\.com$/i.test(parsed.hostname) && parsed.pathname.length > 1;
  } catch {
    return false;
  }
}

/** The id Microsoft Graph's `/shares/{id}` takes for a URL: `u!` and the URL in unpadded base64url. */
export function sharingIdOf(url: string): string {
  return `u!${Buffer.from(url, 'utf8').toString('base64url')}`;
}

/** A day's reads as a place counted them. */
export interface PlaceDay {
  day: Day;
  views: number;
  viewers: number;
}

/**
 * Days of reads from single views (Google's audit events): each a time and
 * who viewed; every day asked for is listed, zeros included. Who viewed is
 * used only to count distinct viewers a day and is not kept.
 */
export function daysFromViews(days: Day[], views: Array<{ time: string; viewer: string }>): PlaceDay[] {
  const byDay = new Map(days.map((day) => [day, { views: 0, viewers: new Set<string>() }]));
  for (const view of views) {
    const time = Date.parse(view.time);
    if (Number.isNaN(time)) continue;
    const entry = byDay.get(new Date(time).toISOString().slice(0, 10));
    if (!entry) continue;
    entry.views++;
    entry.viewers.add(view.viewer);
  }
  return days.map((day) => ({ day, views: byDay.get(day)!.views, viewers: byDay.get(day)!.viewers.size }));
}

/** A place's reads of a write-up over a range, as reports show them: totals, each day, and what they count. */
export function placeReads(place: ReadPlace, days: PlaceDay[]) {
  return {
    views: days.reduce((n, d) => n + d.views, 0),
    viewers: days.reduce((n, d) => n + d.viewers, 0),
    byDay: days.map(({ day, views, viewers }) => ({ date: day, views, viewers })),
    counts: READ_PLACES[place].counts,
    clock: READ_PLACES[place].clock,
  };
}

import type { Store } from '../data/client';
import { googleFileIdOf, isMicrosoftDocument, READ_PLACE_IDS, type ReadPlace } from '../domain/read-places';
import { confluenceAddressOf } from '../domain/confluence';
import { platformDays, siteProblem } from '../data/platform';
import type { DayRange } from '../domain/report-range';
import type { Writeup } from '../domain/writeup';
import type { AppDeps } from '../shared/deps';
import { SETTINGS, type Declaration, type SettingName } from '../shared/settings';
import { importConfluence } from './confluence';
import { importGoogle } from './google-reads';
import { importMicrosoft } from './microsoft-reads';
import type { PlaceImportReport } from './place-imports';

/** The places set up here, as the settings say. */
export function placesSetUp(deps: Pick<AppDeps, 'confluence' | 'google' | 'microsoft'>): ReadPlace[] {
  return (['confluence', 'google', 'microsoft'] as const).filter((place) => deps[place]);
}

/** What each place needs set to be imported, said when it is not: its settings, as settings.ts declares them for its feature. */
const PLACE_SETTING_NAMES = Object.fromEntries(
  READ_PLACE_IDS.map((place) => [
    place,
    (Object.entries(SETTINGS) as Array<[SettingName, Declaration]>).filter(([, setting]) => setting.aws?.when === place).map(([name]) => name),
  ]),
) as Record<ReadPlace, SettingName[]>;
const inWords = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? ''));
export const PLACE_SETTINGS = Object.fromEntries(Object.entries(PLACE_SETTING_NAMES).map(([place, names]) => [place, inWords(names)])) as Record<
  ReadPlace,
  string
>;

/** Which of a place's settings are not set (a secret set through its SSM parameter is set), in words. */
export function placeSettingsMissing(place: ReadPlace, settings: Partial<Record<string, unknown>>): string {
  const missing = PLACE_SETTING_NAMES[place].filter((name) => !settings[name] && !settings[`${name}_PARAMETER`]);
  return missing.length ? `${inWords(missing)} ${missing.length > 1 ? 'are' : 'is'} not set` : `${PLACE_SETTINGS[place]} are not all usable`;
}

/** One place's import (daily, or by hand with `retrySite`); undefined when the place is not set up here. */
export async function importReadPlace(
  store: Store,
  deps: Pick<AppDeps, 'confluence' | 'google' | 'microsoft'>,
  place: ReadPlace,
  now: Date,
  options: { retrySite?: boolean; deadline?: number } = {},
): Promise<PlaceImportReport | undefined> {
  if (place === 'confluence') return deps.confluence && importConfluence(store, deps.confluence, now, options);
  if (place === 'google') return deps.google && importGoogle(store, deps.google, now, options);
  return deps.microsoft && importMicrosoft(store, deps.microsoft, now, options);
}

/** A place's reads of the organization's write-ups over a range, by its own counts, and a problem that stopped its imports. */
export interface PlaceSummary {
  place: ReadPlace;
  writeups: number;
  views: number;
  viewers: number;
  problem?: string;
}

/** How many write-ups show any read signal in a range, and from where: the rest are blind spots. */
export interface ReadCoverage {
  writeups: number;
  tracked: number;
  byPlace: Partial<Record<ReadPlace, number>>;
  any: number;
  /** The write-ups with no read signal at all in the range. */
  none: Array<{ id: string; title: string }>;
}

/**
 * The organization's readership over a range, one picture: each place's own
 * counts (its write-ups, views, viewers; never summed with another's or with
 * the tracked reads) and which write-ups have any read signal, from where.
 * Only the write-ups whose address or a copy is at a place are asked of it.
 */
/** Whether a URL is at each place set up here (Confluence's own site, any Google file, any SharePoint document). */
export function placeAddresses(deps: Pick<AppDeps, 'confluence' | 'google' | 'microsoft'>): Record<ReadPlace, (url: string) => boolean> {
  return {
    confluence: (url) => Boolean(deps.confluence && confluenceAddressOf(url, deps.confluence.url)),
    google: (url) => Boolean(deps.google && googleFileIdOf(url)),
    microsoft: (url) => Boolean(deps.microsoft && isMicrosoftDocument(url)),
  };
}

/** Whether a write-up (its address or a copy) is at any place set up here. */
export function atAPlace(deps: Pick<AppDeps, 'confluence' | 'google' | 'microsoft'>): (writeup: Pick<Writeup, 'url' | 'copies'>) => boolean {
  const at = Object.values(placeAddresses(deps));
  return (writeup) => [writeup.url, ...writeup.copies].some((url) => at.some((is) => is(url)));
}

export async function readershipPicture(
  store: Store,
  deps: Pick<AppDeps, 'confluence' | 'google' | 'microsoft'>,
  range: DayRange,
  listed: Array<{ id: string; title: string; views: number }>,
  writeups: Writeup[],
): Promise<{ places: PlaceSummary[]; coverage: ReadCoverage }> {
  const addressOf = placeAddresses(deps);
  const shown = new Set(listed.map((w) => w.id));
  const readAt = new Map<ReadPlace, Set<string>>();
  const places = await Promise.all(
    placesSetUp(deps).map(async (place): Promise<PlaceSummary> => {
      const there = writeups.filter((w) => shown.has(w.id) && [w.url, ...w.copies].some((url) => addressOf[place](url)));
      const days = await Promise.all(there.map(async (w) => ({ id: w.id, days: await platformDays(store, place, w.id, range.from, range.to) })));
      readAt.set(place, new Set(days.filter((w) => w.days.some((d) => d.views > 0)).map((w) => w.id)));
      const all = days.flatMap((w) => w.days);
      const problem = await siteProblem(store, place);
      return {
        place,
        writeups: there.length,
        views: all.reduce((n, d) => n + d.views, 0),
        viewers: all.reduce((n, d) => n + d.viewers, 0),
        ...(problem ? { problem: problem.problem } : {}),
      };
    }),
  );
  const tracked = new Set(listed.filter((w) => w.views > 0).map((w) => w.id));
  const read = (id: string) => tracked.has(id) || [...readAt.values()].some((ids) => ids.has(id));
  return {
    places,
    coverage: {
      writeups: listed.length,
      tracked: tracked.size,
      byPlace: Object.fromEntries([...readAt].map(([place, ids]) => [place, ids.size])),
      any: listed.filter((w) => read(w.id)).length,
      none: listed.filter((w) => !read(w.id)).map(({ id, title }) => ({ id, title })),
    },
  };
}

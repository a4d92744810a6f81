import { isbot } from 'isbot';
import type { Store } from '../data/client';
import { claimNewPlaces, correctLinkKind, countClick, knownPlaces, listLinks, registerLink, removeLink, type Link } from '../data/links';
import { findWriteupByUrl, getWriteup } from '../data/writeups';
import { dayOf } from '../domain/dates';
import { classifyUrl, linkKindSchema, linkTarget, normalizeLinkUrl, type LinkKind, type LinkRegistration, type LinkVia, type NamedLink } from '../domain/links';
import type { DropReason } from '../domain/beacon';
import { normalizeReferrer } from '../domain/referrer';
import type { Writeup } from '../domain/writeup';
import { claimReaderTally, type Reader } from './reads';

export interface LinkSettings {
  onboardingPrefixes: string[];
}

/** The kind of a place: another tracked write-up, onboarding, or by its URL's shape. */
export async function classifyPlace(store: Store, url: string, settings: LinkSettings, self?: string): Promise<LinkKind> {
  const normalized = normalizeLinkUrl(url);
  const writeupId = normalized ? await findWriteupByUrl(store, normalized) : undefined;
  const isOtherWriteup = writeupId !== undefined && writeupId !== self;
  return classifyUrl(url, { isWriteupUrl: () => isOtherWriteup, onboardingPrefixes: settings.onboardingPrefixes });
}

export type RegisterResult =
  | { ok: true; link: Link; created: boolean }
  | { ok: false; reason: 'no-writeup' }
  | { ok: false; reason: 'bad-url'; message: string };

/** A link an admin or the scanner registers; the same place twice is one link. */
export async function registerLinkFor(
  store: Store,
  writeupId: string,
  input: Omit<LinkRegistration, 'via'> & { via?: LinkVia },
  settings: LinkSettings,
  now: Date,
): Promise<RegisterResult> {
  const target = linkTarget(input);
  if ('error' in target) return { ok: false, reason: 'bad-url', message: target.error };
  if (!(await getWriteup(store, writeupId))) return { ok: false, reason: 'no-writeup' };
  const kind = input.kind ?? (await classifyPlace(store, target.url, settings, writeupId));
  const { link, created } = await registerLink(store, writeupId, { url: target.url, kind, via: input.via ?? 'manual' }, now);
  return { ok: true, link, created };
}

/** What a webhook's delivery did with the links it named. */
export interface DeliveryLinks {
  created: number;
  existing: number;
  /** Named and not recorded: past the delivery's links, or new places past a write-up's day. */
  skipped: number;
  /** Of those, new places past the write-up's new places of the day. */
  overDayLimit: number;
}

/**
 * The links a webhook's delivery names (at most MAX_LINKS_PER_DELIVERY, see
 * `linksNamed`): places a write-up knows are found; new ones take the
 * write-up's new places of the day, the same the public routes take, in the
 * order named. A mention past that is left out and said, not counted on the
 * overflow place: a webhook brings no click or read that would be lost, and
 * the overflow place would show as a place of kind `other` that stands for
 * nothing anyone can follow. A known place this integration registered with
 * another kind takes the kind the delivery says (a person's or another way's kind stays).
 */
export async function registerDeliveryLinks(
  store: Store,
  named: { taken: NamedLink<{ url: string; kind: LinkKind }>[]; skipped: number },
  via: Extract<LinkVia, 'github' | 'slack'>,
  now: Date,
): Promise<DeliveryLinks> {
  const byWriteup = new Map<string, Array<{ url: string; kind: LinkKind }>>();
  for (const { writeupId, place } of named.taken) byWriteup.set(writeupId, [...(byWriteup.get(writeupId) ?? []), place]);
  const results = await Promise.all(
    [...byWriteup].map(async ([writeupId, places]) => {
      const known = await knownPlaces(
        store,
        writeupId,
        places.map((p) => p.url),
      );
      const fresh = places.filter((p) => !known.has(p.url));
      // A place this integration stored with another kind (an issue event on a pull request once made a `ticket`) takes the kind it says now.
      await Promise.all(
        places.map((place) => {
          const was = known.get(place.url);
          return was && was.via === via && was.kind !== place.kind ? correctLinkKind(store, writeupId, place.url, was.kind, place.kind) : undefined;
        }),
      );
      const room = fresh.length > 0 ? await claimNewPlaces(store, writeupId, dayOf(now), fresh.length, now) : 0;
      // At once: a delivery writes at most 50, and one after another they took seconds of GitHub's 10.
      const written = await Promise.all(fresh.slice(0, room).map((place) => registerLink(store, writeupId, { ...place, via }, now)));
      const created = written.filter((link) => link.created).length;
      return { created, existing: places.length - created - (fresh.length - room), overDayLimit: fresh.length - room };
    }),
  );
  const sum = (key: 'created' | 'existing' | 'overDayLimit') => results.reduce((total, r) => total + r[key], 0);
  return { created: sum('created'), existing: sum('existing'), skipped: named.skipped + sum('overDayLimit'), overDayLimit: sum('overDayLimit') };
}

/**
 * A go-link click: the Referer (if any, and not a bot's) is the place it came
 * from, `from` (or the Referer's shape) its kind. Without a Referer the click
 * counts on the link with no URL for that kind. One reader adds at most as
 * many clicks to a write-up a day as views; past that it is sent on, uncounted.
 */
export async function recordGoClick(
  store: Store,
  writeup: Writeup,
  click: Reader & { referer?: string; from?: string },
  settings: LinkSettings,
  now: Date,
): Promise<{ counted: true } | { counted: false; dropped: Extract<DropReason, 'bot' | 'limit'> }> {
  if (!click.userAgent || isbot(click.userAgent)) return { counted: false, dropped: 'bot' };
  if (!(await claimReaderTally(store, writeup.id, click, 'clicks', now))) return { counted: false, dropped: 'limit' };
  const from = linkKindSchema.safeParse(click.from);
  const source = normalizeReferrer(click.referer, writeup.url);
  const kind = from.success ? from.data : source ? await classifyPlace(store, source, settings, writeup.id) : 'other';
  await countClick(store, writeup.id, { url: source, kind, via: 'go' }, now);
  return { counted: true };
}

/** The places that point at a write-up; undefined when there is no such write-up. */
export async function linksOf(store: Store, writeupId: string): Promise<Link[] | undefined> {
  const [writeup, links] = await Promise.all([getWriteup(store, writeupId), listLinks(store, writeupId)]);
  return writeup ? links : undefined;
}

/** Removes a place from a write-up, its clicks with it; the link removed, undefined when the write-up or the place is not there. Counts follow on the stream. */
export async function removeLinkOf(store: Store, writeupId: string, url: string): Promise<Link | undefined> {
  if (!(await getWriteup(store, writeupId))) return undefined;
  return removeLink(store, writeupId, url);
}

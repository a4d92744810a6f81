import { isbot } from 'isbot';
import type { Store } from '../data/client';
import { countOnLink, registerLink, type Link } from '../data/links';
import { addOrgCounts } from '../data/org-days';
import { findWriteupByUrl, getWriteup } from '../data/writeups';
import { dayOf } from '../domain/dates';
import { orgCounts } from '../domain/org-report';
import { classifyUrl, linkKindSchema, linkTarget, normalizeLinkUrl, type LinkKind, type LinkRegistration } from '../domain/links';
import { normalizeReferrer } from '../domain/referrer';
import type { Writeup } from '../domain/writeup';

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

export type RegisterResult = { ok: true; link: Link; created: boolean } | { ok: false; reason: 'no-writeup' } | { ok: false; reason: 'bad-url'; message: string };

/** A link an admin or the scanner registers; the same place twice is one link. */
export async function registerLinkFor(
  store: Store,
  writeupId: string,
  input: LinkRegistration,
  settings: LinkSettings,
  now: Date,
): Promise<RegisterResult> {
  const target = linkTarget(input);
  if ('error' in target) return { ok: false, reason: 'bad-url', message: target.error };
  if (!(await getWriteup(store, writeupId))) return { ok: false, reason: 'no-writeup' };
  const kind = input.kind ?? (await classifyPlace(store, target.url, settings, writeupId));
  const { link, created } = await registerLink(store, writeupId, { url: target.url, kind, via: input.via ?? 'manual' }, now);
  if (created) await addOrgCounts(store, dayOf(now), orgCounts.newLink(writeupId, kind));
  return { ok: true, link, created };
}

/**
 * A go-link click: the Referer (if any, and not a bot's) is the place it came
 * from, `from` (or the Referer's shape) its kind. Without a Referer the click
 * counts on the link with no URL for that kind.
 */
export async function recordGoClick(
  store: Store,
  writeup: Writeup,
  click: { referer?: string; from?: string; userAgent: string },
  settings: LinkSettings,
  now: Date,
): Promise<void> {
  if (!click.userAgent || isbot(click.userAgent)) return;
  const from = linkKindSchema.safeParse(click.from);
  const source = normalizeReferrer(click.referer, writeup.url);
  const kind = from.success ? from.data : source ? await classifyPlace(store, source, settings, writeup.id) : 'other';
  await countAndNote(store, writeup.id, { url: source, kind, via: 'go' }, 'clicks', now);
}

/** A read that arrived from another site: that page links to the write-up. */
export async function recordReferredRead(
  store: Store,
  writeupId: string,
  visit: { referrer?: string | null; pageUrl: string },
  settings: LinkSettings,
  now: Date,
): Promise<void> {
  const source = normalizeReferrer(visit.referrer, visit.pageUrl);
  if (!source) return;
  const kind = await classifyPlace(store, source, settings, writeupId);
  await countAndNote(store, writeupId, { url: source, kind, via: 'referrer' }, 'views', now);
}

/** Counts on a link; a link seen for the first time counts for the organization that day. */
async function countAndNote(store: Store, writeupId: string, place: Parameters<typeof countOnLink>[2], counter: 'clicks' | 'views', now: Date) {
  const { created } = await countOnLink(store, writeupId, place, counter, now);
  if (created) await addOrgCounts(store, dayOf(now), orgCounts.newLink(writeupId, place.kind));
}

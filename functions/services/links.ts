import { isbot } from 'isbot';
import type { Store } from '../data/client';
import { countClick, listLinks, registerLink, type Link } from '../data/links';
import { findWriteupByUrl, getWriteup } from '../data/writeups';
import { classifyUrl, linkKindSchema, linkTarget, normalizeLinkUrl, type LinkKind, type LinkRegistration, type LinkVia } from '../domain/links';
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
  await countClick(store, writeup.id, { url: source, kind, via: 'go' }, now);
}

/** The places that point at a write-up; undefined when there is no such write-up. */
export async function linksOf(store: Store, writeupId: string): Promise<Link[] | undefined> {
  const [writeup, links] = await Promise.all([getWriteup(store, writeupId), listLinks(store, writeupId)]);
  return writeup ? links : undefined;
}

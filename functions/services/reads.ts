import { isbot } from 'isbot';
import type { Store } from '../data/client';
import { findVisit, recordProxiedFetch, recordRead, tallyReader, type ReaderKey } from '../data/reads';
import { dailySalt } from '../data/salts';
import { writeupAtUrl, writeupExists } from '../data/writeups';
import type { Beacon, DropReason } from '../domain/beacon';
import { addDays, dayOf, epochSeconds } from '../domain/dates';
import { claimsEngagedRead } from '../domain/engagement';
import { pageUrlCandidates } from '../domain/links';
import { readerHash, visitKey } from '../domain/reader';
import { normalizeReferrer } from '../domain/referrer';

export type BeaconResult = { counted: boolean; dropped?: DropReason };

export interface Reader {
  address: string;
  userAgent: string;
}

/**
 * A reader's day is kept a month: long enough for an operator to recount a
 * month's reads from its facts. It holds a daily hash and hashed visit ids,
 * nothing that leads back to a person once the day's salt is gone.
 */
export const READER_DAY_DAYS = 35;
const READER_DAY_SECONDS = READER_DAY_DAYS * 86_400;

/** A reader's day with a write-up: its daily hash, from the day's salt. */
async function readerOn(store: Store, writeupId: string, reader: Reader, day: string): Promise<ReaderKey> {
  return { writeupId, day, hash: readerHash(await dailySalt(store, day), writeupId, reader.address, reader.userAgent) };
}

/**
 * Takes one of the go-link clicks or image-proxy fetches a reader may add to
 * a write-up today (as many as its views); false past them. Kept two days,
 * as long as the salt that makes the hash.
 */
export async function claimReaderTally(store: Store, writeupId: string, reader: Reader, tally: 'clicks' | 'fetches', now: Date): Promise<boolean> {
  return tallyReader(store, await readerOn(store, writeupId, reader, dayOf(now)), tally, epochSeconds(now) + 2 * 86_400);
}

/**
 * A pixel fetched by an image proxy: counted apart as a proxied view of the
 * write-up that day (one write), never as a view or a reader; each of the
 * proxy's addresses adds at most as many a day as a reader's views.
 */
export async function recordProxiedView(
  store: Store,
  writeupId: string,
  proxy: string,
  reader: Reader,
  now: Date,
): Promise<'counted' | 'unknown-writeup' | 'limit'> {
  if (!(await writeupExists(store, writeupId))) return 'unknown-writeup';
  if (!(await claimReaderTally(store, writeupId, reader, 'fetches', now))) return 'limit';
  await recordProxiedFetch(store, { writeupId, day: dayOf(now), proxy, expiresAt: epochSeconds(now) + READER_DAY_SECONDS });
  return 'counted';
}

/**
 * The write-up a beacon counts for: the one it names, or, when it names none
 * (a page without `data-writeup`), the one whose URL or copy is its page.
 */
async function writeupOf(store: Store, beacon: Beacon): Promise<string | undefined> {
  if (beacon.w) return (await writeupExists(store, beacon.w)) ? beacon.w : undefined;
  for (const url of pageUrlCandidates(beacon.u)) {
    const id = await writeupAtUrl(store, url);
    if (id) return id;
  }
  return undefined;
}

/**
 * Counts one beacon in one write: bots and unknown write-ups are dropped, then
 * the visit (and its engaged read) is added to the reader's day, which says
 * whether it was new. The counts follow from that fact on the table's stream.
 */
export async function recordBeacon(store: Store, beacon: Beacon, reader: Reader, options: { readSeconds: number; now: Date }): Promise<BeaconResult> {
  // No user agent at all is a script, not a person's browser.
  if (!reader.userAgent || isbot(reader.userAgent)) return { counted: false, dropped: 'bot' };
  const writeupId = await writeupOf(store, beacon);
  if (!writeupId) return { counted: false, dropped: 'unknown-writeup' };

  const engaged = claimsEngagedRead(beacon, options.readSeconds);
  const visit = visitKey(beacon.v);
  let key = await readerOn(store, writeupId, reader, dayOf(options.now));
  // A visit that began before midnight UTC is engaged on the day it began.
  if (beacon.k === 'engage' && options.now.getUTCHours() === 0) {
    const yesterday = await readerOn(store, writeupId, reader, addDays(key.day, -1));
    if ((await findVisit(store, yesterday, visit)).seen) key = yesterday;
  }
  const outcome = await recordRead(store, {
    ...key,
    visit,
    ...(engaged ? { engaged: { scroll: beacon.k === 'engage' ? beacon.s : 0 } } : {}),
    ref: normalizeReferrer(beacon.r, beacon.u),
    at: options.now,
    expiresAt: epochSeconds(options.now) + READER_DAY_SECONDS,
  });
  if (outcome === 'new') return { counted: true };
  if (outcome === 'over-limit') return { counted: false, dropped: 'limit' };
  // A short engage beacon for a known visit is normal (the reader left early): nothing to count.
  return beacon.k === 'view' || engaged ? { counted: false, dropped: 'duplicate' } : { counted: false };
}

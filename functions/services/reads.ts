import { isbot } from 'isbot';
import { markReader } from '../data/readers';
import { addDailyReads } from '../data/daily-reads';
import { addOrgCounts } from '../data/org-days';
import { orgCounts } from '../domain/org-report';
import { dailySalt } from '../data/salts';
import { markVisit } from '../data/visits';
import { writeupExists } from '../data/writeups';
import type { Store } from '../data/client';
import type { Beacon } from '../domain/beacon';
import { dayOf, epochSeconds } from '../domain/dates';
import { claimsEngagedRead, isEmpty, readIncrement } from '../domain/engagement';
import { readerHash } from '../domain/reader';
import { recordReferredRead, type LinkSettings } from './links';

export type DropReason = 'bot' | 'unknown-writeup' | 'duplicate';
export type BeaconResult = { counted: boolean; dropped?: DropReason };

export interface Reader {
  address: string;
  userAgent: string;
}

/** De-duplication state lives two days: long enough for a visit that spans midnight. */
const DEDUP_SECONDS = 2 * 86_400;

/**
 * Counts one beacon: drops bots and unknown write-ups, marks the visit (a view
 * once per visit, an engaged read once per visit), marks the day's reader, and
 * adds what is new to the day's rollup. A new visit from another site counts
 * as a read referred by that page's link.
 */
export async function recordBeacon(
  store: Store,
  beacon: Beacon,
  reader: Reader,
  options: { readSeconds: number; now: Date; links: LinkSettings },
): Promise<BeaconResult> {
  // No user agent at all is a script, not a person's browser.
  if (!reader.userAgent || isbot(reader.userAgent)) return { counted: false, dropped: 'bot' };
  if (!(await writeupExists(store, beacon.w))) return { counted: false, dropped: 'unknown-writeup' };

  const day = dayOf(options.now);
  const expiresAt = epochSeconds(options.now) + DEDUP_SECONDS;
  const engaged = claimsEngagedRead(beacon, options.readSeconds);
  const visit = await markVisit(store, { writeupId: beacon.w, visitId: beacon.v, engaged, expiresAt });
  if (!visit.newVisit && !visit.newlyEngaged) {
    // A short engage beacon for a known visit is normal (the reader left early): nothing to count.
    return beacon.k === 'view' || engaged ? { counted: false, dropped: 'duplicate' } : { counted: false };
  }
  const newReader = visit.newVisit
    ? await markReader(store, {
        writeupId: beacon.w,
        day,
        hash: readerHash(await dailySalt(store, day), beacon.w, reader.address, reader.userAgent),
        expiresAt,
      })
    : false;
  const increment = readIncrement(visit, newReader, beacon.k === 'engage' ? beacon.s : 0);
  if (!isEmpty(increment)) {
    await Promise.all([addDailyReads(store, beacon.w, day, increment), addOrgCounts(store, day, orgCounts.reads(beacon.w, day, increment))]);
  }
  if (visit.newVisit && beacon.r) {
    await recordReferredRead(store, beacon.w, { referrer: beacon.r, pageUrl: beacon.u }, options.links, options.now);
  }
  return { counted: true };
}

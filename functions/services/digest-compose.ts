import type { Store } from '../data/client';
import { listDailyReads } from '../data/reads';
import { listResponses } from '../data/responses';
import { composeDigestOf, digestSpans, digestToRead, type Digest, type ToRead } from '../domain/digest';
import type { DayRange } from '../domain/report-range';
import { readOrganization } from './org-report';
import { atAPlace } from './read-places';
import { placesDays } from '../data/platform';
import type { AppDeps } from '../shared/deps';

/**
 * The week's digest over the stored signals: the organization read once (its
 * days over the words' four weeks, which hold both weeks compared; its
 * write-ups' months; the write-ups), then only what that reading says is still
 * needed, write-up by write-up; the domain makes the digest of it.
 */
export async function composeDigest(
  store: Store,
  week: DayRange,
  dashboardUrl: string,
  places: Pick<AppDeps, 'confluence' | 'google' | 'microsoft'> = {},
): Promise<Digest> {
  const spans = digestSpans(week);
  const read = await readOrganization(store, spans);
  // An archived write-up is left out of the digest's lists; the organization's days still hold its history.
  const org = { ...read, writeups: read.writeups.filter((w) => !w.archivedAt) };
  const toRead = digestToRead(spans, org, atAPlace(places));
  const [reads, responses, placeReads] = await Promise.all([
    readEach(toRead.reads, (r) => listDailyReads(store, r.writeupId, r.from, r.to)),
    readEach(toRead.responses, (r) => listResponses(store, r.writeupId, r.from, r.to)),
    readEach(toRead.placeReads, (r) => placesDays(store, r.writeupId, r.from, r.to)),
  ]);
  return composeDigestOf(spans, org, { reads, responses, placeReads }, dashboardUrl);
}

async function readEach<T>(wanted: ToRead[], read: (r: ToRead) => Promise<T>): Promise<Map<string, T>> {
  return new Map(await Promise.all(wanted.map(async (r) => [r.writeupId, await read(r)] as const)));
}

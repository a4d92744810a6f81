import type { Store } from '../data/client';
import { importState, saveImportedDays, setSiteProblem, siteProblem } from '../data/platform';
import { listAllWriteups } from '../data/writeups';
import { dayOf, type Day } from '../domain/dates';
import { daysToRead, READ_PLACES, REREAD_DAYS, type PlaceDay, type ReadPlace } from '../domain/read-places';
import { ApiRefused } from './json-api';

/** The import's time is up: what is left is for the next run. */
export class OutOfTime extends Error {}

/** How one place is read: where a write-up is there, which document that is, and its days. */
export interface PlaceReader<A> {
  place: ReadPlace;
  /** Where a URL is at this place, or undefined: not there. */
  addressOf(url: string): A | undefined;
  /** The document an address is (resolved once and remembered where the place must be asked); undefined: it leads nowhere. */
  pageOf(address: A): Promise<string | undefined>;
  /** Each of `days` as the place counted it. */
  read(pageId: string, days: Day[]): Promise<PlaceDay[]>;
  /** Calls made so far, retries included. */
  calls(): number;
  /** Whether a refusal is the whole place's (its credentials, its licence, its API switched off), not one document's. */
  stopsAll(error: ApiRefused): boolean;
}

export interface PlaceImportReport {
  writeups: number;
  days: number;
  /** Calls made to the place, retries included. */
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
 * A place's daily import: for each write-up whose URL or a copy is there (in
 * any address form), each whole day since the last import (30 days the first
 * time), and again the last days the place may still be filling in, stored per
 * day apart from tracked reads, set and never added to. The write-ups furthest
 * behind go first. A write-up that fails keeps what it had and is tried again
 * next time; at `deadline` (epoch ms) the import stops between write-ups,
 * stores nothing half done, and the next run goes on. A problem of the whole
 * place (credentials refused, no licence) is said once, stops the import, and
 * is not asked again until an import by hand (`retrySite`) finds it solved.
 */
export async function importPlace<A>(
  store: Store,
  reader: PlaceReader<A>,
  now: Date,
  options: { retrySite?: boolean; deadline?: number } = {},
): Promise<PlaceImportReport> {
  const { place } = reader;
  const report: PlaceImportReport = { writeups: 0, days: 0, calls: 0, left: 0, problems: [] };
  const known = await siteProblem(store, place);
  if (known && !options.retrySite)
    return {
      ...report,
      problems: [`Not imported: ${known.problem} (said ${known.at.slice(0, 10)}; run the import by hand, npx learning-signals import ${place}, to try again).`],
    };
  const today = dayOf(now);
  const found = (await listAllWriteups(store)).flatMap((writeup) => {
    const address = [writeup.url, ...writeup.copies].map((url) => reader.addressOf(url)).find((a) => a !== undefined);
    return address === undefined ? [] : [{ writeup, address }];
  });
  const there = (await Promise.all(found.map(async (entry) => ({ ...entry, state: await importState(store, place, entry.writeup.id) })))).sort((a, b) =>
    (a.state?.lastDay ?? '').localeCompare(b.state?.lastDay ?? ''),
  );
  report.writeups = there.length;
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  for (const [done, { writeup, address, state }] of there.entries()) {
    try {
      if (Date.now() >= deadline) throw new OutOfTime();
      const days = daysToRead(state?.lastDay, today, { reread: REREAD_DAYS[place] });
      if (days.length === 0) continue;
      const pageId = await reader.pageOf(address);
      if (!pageId) {
        report.problems.push(`${writeup.id}: its ${READ_PLACES[place].name} address leads to no document.`);
        continue;
      }
      const read = await reader.read(pageId, days);
      const reread = new Set(state ? days.filter((day) => day <= state.lastDay) : []);
      if ((await saveImportedDays(store, place, writeup.id, pageId, read, state?.lastDay, now, reread)) === 'saved') report.days += read.length;
    } catch (error) {
      if (error instanceof OutOfTime) {
        report.left = there.length - done;
        report.problems.push(`Stopped before the time limit: ${report.left} of ${there.length} write-ups left for the next run.`);
        break;
      }
      if (!(error instanceof ApiRefused)) throw error;
      if (reader.stopsAll(error)) {
        await setSiteProblem(store, place, error.message, now);
        report.problems.push(`Stopped: ${error.message}.`);
        return { ...report, calls: reader.calls() };
      }
      report.problems.push(`${writeup.id}: ${error.message}; it keeps what it had and is tried again next time.`);
    }
  }
  if (known) await setSiteProblem(store, place, undefined, now);
  return { ...report, calls: reader.calls() };
}

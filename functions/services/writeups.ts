import type { Store } from '../data/client';
import { stampAttendanceDay } from '../data/attendance';
import { removeAllLinks } from '../data/links';
import { removePlatformDays } from '../data/platform';
import { removeReads } from '../data/reads';
import { listReviews, removeReviewItems } from '../data/reviews';
import {
  createWriteup,
  createWriteups,
  getWriteup,
  listAllWriteups,
  listWriteups,
  removeWriteupItem,
  setArchived,
  updateWriteup,
  type WriteupPage,
} from '../data/writeups';
import { addDays, dayOf } from '../domain/dates';
import { READER_DAY_DAYS } from './reads';
import type { ImportRow, RowProblem } from '../domain/writeup-csv';
import { tagCounts } from '../domain/writeup';
import type { NewWriteup, Writeup, WriteupPatch } from '../domain/writeup';

/** Creates a write-up; `exists` when its id is taken. The organization counts it on its publication day. */
export function addWriteup(store: Store, input: NewWriteup, now: Date): Promise<Writeup | 'exists'> {
  return createWriteup(store, input, now);
}

/** Updates the named fields; a changed publication day moves it in the organization's counts. */
export function editWriteup(store: Store, id: string, patch: WriteupPatch, now: Date): Promise<Writeup | undefined> {
  return updateWriteup(store, id, patch, now);
}

export function findWriteup(store: Store, id: string): Promise<Writeup | undefined> {
  return getWriteup(store, id);
}

/** A page of write-ups: those not archived, or (`archived`) only the archived ones. A page may hold fewer than asked; `next` goes on. */
export async function pageOfWriteups(store: Store, options: { limit: number; after?: string; archived?: boolean }): Promise<WriteupPage> {
  const page = await listWriteups(store, options);
  return { ...page, writeups: page.writeups.filter((w) => Boolean(w.archivedAt) === Boolean(options.archived)) };
}

/** Archives a write-up: out of lists, pickers and the digest; its facts stay, and its tracker keeps counting. */
export function archiveWriteup(store: Store, id: string, now: Date): Promise<Writeup | undefined> {
  return setArchived(store, id, now.toISOString());
}

/** Brings an archived write-up back into lists, pickers and the digest. */
export function restoreWriteup(store: Store, id: string): Promise<Writeup | undefined> {
  return setArchived(store, id, undefined);
}

/** What deleting a write-up removed. */
export interface Deleted {
  writeup: Writeup;
  reviews: number;
  links: number;
  daysWithReads: number;
}

/**
 * Deletes a write-up and every fact about it, the counts following: its
 * reviews with their attendance and answers, its links, its reads (taken out
 * of the organization's days and months), what platforms counted, then the
 * write-up itself, last. Each step removes only what is still there, so a
 * second try after a fault finishes the first and counts nothing twice.
 */
export async function deleteWriteup(store: Store, id: string, now: Date): Promise<Deleted | undefined> {
  const writeup = await getWriteup(store, id);
  if (!writeup) return undefined;
  const reviews = await listReviews(store, id);
  for (const review of reviews) {
    // Records from before days were stored learn theirs now, while their review is there to say it.
    await stampAttendanceDay(store, review.id, review.startsAt.slice(0, 10));
    await removeReviewItems(store, review);
  }
  const links = await removeAllLinks(store, id);
  const days = await removeReads(store, id, addDays(dayOf(now), -READER_DAY_DAYS));
  await removePlatformDays(store, id);
  await removeWriteupItem(store, writeup);
  return { writeup, reviews: reviews.length, links, daysWithReads: days.length };
}

/**
 * The write-up list people search: those whose id, title or URL hold the words
 * asked for, with a tag when one is named, newest first; and every tag in use.
 */
export async function searchWriteups(
  store: Store,
  query: { q?: string; tag?: string; archived?: boolean },
): Promise<{ writeups: Writeup[]; tags: Array<{ tag: string; count: number }>; archivedCount: number }> {
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const tag = query.tag?.toLowerCase();
  const every = await listAllWriteups(store);
  // The archived ones are a list of their own, to restore from.
  const all = every.filter((w) => Boolean(w.archivedAt) === Boolean(query.archived));
  const writeups = all
    .filter((w) => (!tag || w.tags.includes(tag)) && words.every((word) => `${w.id} ${w.title} ${w.url}`.toLowerCase().includes(word)))
    .sort((a, b) => (b.publishedAt ?? b.createdAt).localeCompare(a.publishedAt ?? a.createdAt));
  return { writeups, tags: tagCounts(all), archivedCount: every.filter((w) => w.archivedAt).length };
}

/**
 * Imports checked rows: an id already taken is a problem of its row and
 * nothing is stored; otherwise they are written in transactions of up to
 * 100 items (a write-up, its URL and its copies), each all or nothing.
 */
export async function importWriteups(
  store: Store,
  rows: ImportRow[],
  now: Date,
  options: { dryRun?: boolean } = {},
): Promise<{ ok: true; created: number } | { ok: false; problems: RowProblem[] }> {
  const taken = await Promise.all(rows.map(async (row) => ((await getWriteup(store, row.input.id)) ? row : undefined)));
  const problems = taken
    .filter((row): row is ImportRow => Boolean(row))
    .map((row) => ({ line: row.line, message: `id "${row.input.id}" is taken by a write-up already here` }));
  if (problems.length) return { ok: false, problems };
  // A dry run answers as the import would, and stores nothing.
  if (options.dryRun) return { ok: true, created: 0 };
  // A transaction holds 100 items: a write-up is one, its URL and each copy one more.
  const chunks: ImportRow[][] = [[]];
  let items = 0;
  for (const row of rows) {
    const size = 2 + (row.input.copies?.length ?? 0);
    if (items + size > 100) {
      chunks.push([]);
      items = 0;
    }
    chunks.at(-1)!.push(row);
    items += size;
  }
  for (const chunk of chunks) {
    const result = await createWriteups(
      store,
      chunk.map((row) => row.input),
      now,
    );
    if (result === 'exists')
      return {
        ok: false,
        problems: [{ line: chunk[0]!.line, message: 'a write-up of these rows was created meanwhile; nothing from this part of the file was stored' }],
      };
  }
  return { ok: true, created: rows.length };
}

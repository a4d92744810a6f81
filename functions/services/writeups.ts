import type { Store } from '../data/client';
import { createWriteup, createWriteups, getWriteup, listAllWriteups, listWriteups, updateWriteup, type WriteupPage } from '../data/writeups';
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

export function pageOfWriteups(store: Store, options: { limit: number; after?: string }): Promise<WriteupPage> {
  return listWriteups(store, options);
}

/**
 * The write-up list people search: those whose id, title or URL hold the words
 * asked for, with a tag when one is named, newest first; and every tag in use.
 */
export async function searchWriteups(
  store: Store,
  query: { q?: string; tag?: string },
): Promise<{ writeups: Writeup[]; tags: Array<{ tag: string; count: number }> }> {
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const tag = query.tag?.toLowerCase();
  const all = await listAllWriteups(store);
  const writeups = all
    .filter((w) => (!tag || w.tags.includes(tag)) && words.every((word) => `${w.id} ${w.title} ${w.url}`.toLowerCase().includes(word)))
    .sort((a, b) => (b.publishedAt ?? b.createdAt).localeCompare(a.publishedAt ?? a.createdAt));
  return { writeups, tags: tagCounts(all) };
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

import type { Store } from '../data/client';
import { addOrgCounts } from '../data/org-days';
import { createWriteup, getWriteup, updateWriteup } from '../data/writeups';
import { orgCounts } from '../domain/org-report';
import { publishedDay, type NewWriteup, type Writeup, type WriteupPatch } from '../domain/writeup';

/** Creates a write-up; the organization counts it on its publication day (else today). */
export async function addWriteup(store: Store, input: NewWriteup, now: Date): Promise<Writeup | 'exists'> {
  const created = await createWriteup(store, input, now);
  if (created !== 'exists') await addOrgCounts(store, publishedDay(created), orgCounts.writeups(1));
  return created;
}

/** Updates a write-up; a changed publication day moves it in the organization's counts. */
export async function editWriteup(store: Store, id: string, patch: WriteupPatch, now: Date): Promise<Writeup | undefined> {
  const before = patch.publishedAt !== undefined ? await getWriteup(store, id) : undefined;
  const after = await updateWriteup(store, id, patch, now);
  if (before && after && publishedDay(before) !== publishedDay(after)) {
    await Promise.all([
      addOrgCounts(store, publishedDay(before), orgCounts.writeups(-1)),
      addOrgCounts(store, publishedDay(after), orgCounts.writeups(1)),
    ]);
  }
  return after;
}

export function findWriteup(store: Store, id: string): Promise<Writeup | undefined> {
  return getWriteup(store, id);
}

import type { Store } from '../data/client';
import { createWriteup, getWriteup, listWriteups, updateWriteup, type WriteupPage } from '../data/writeups';
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

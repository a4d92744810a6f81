import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../domain/people';
import type { DayRange } from '../domain/report-range';
import type { Store } from '../data/client';
import { appendAudit, auditBetweenDays } from '../data/people';
import { logger } from '../shared/logger';

// The audit trail: every change, who made it, when and through which route.

/** Tries of an audit write, and the waits between them: a blip should not leave a change unrecorded. */
const AUDIT_WAITS_MS = [50, 250];

/**
 * Appends an entry, trying again after a blip; false when it could not be
 * written. The change it records stands either way (undoing it, or answering
 * an error a person would retry, would make it twice): the whole entry then
 * goes to the log as an error, where an alarm can find it, and the caller
 * tells the client the entry is missing.
 */
export async function recordChange(store: Store, entry: AuditEntry): Promise<boolean> {
  const id = randomBytes(6).toString('hex');
  const errors: unknown[] = [];
  for (const wait of [0, ...AUDIT_WAITS_MS]) {
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      // The same id each try: a write that landed but answered late is not kept twice.
      await appendAudit(store, entry, id);
      return true;
    } catch (error) {
      errors.push(error);
    }
  }
  logger.error('audit entry not written', { entry, tries: errors.length, error: errors.at(-1) });
  return false;
}

/** The entries within a range of days, oldest first. */
export function auditEntries(store: Store, range: DayRange): AsyncGenerator<AuditEntry> {
  return auditBetweenDays(store, range.from, range.to);
}

/** The newest entries within a range (at most `limit`, newest first); `more` when older ones were left out. */
export async function auditBetween(store: Store, range: DayRange, limit = 1_000): Promise<{ items: AuditEntry[]; more: boolean }> {
  const items: AuditEntry[] = [];
  let more = false;
  for await (const entry of auditEntries(store, range)) {
    items.push(entry);
    if (items.length > limit) {
      items.shift();
      more = true;
    }
  }
  return { items: items.reverse(), more };
}

/** Entries shown a page at a time on the audit page. */
export const AUDIT_PAGE_SIZE = 100;

/**
 * One page of the entries within a range that match a person and an action
 * (either may be left out), newest first; with everyone who made a change in
 * the range, to pick from, and how many match in all. The range is read
 * whole, as the CSV reads it: people's changes are few enough.
 */
export async function auditSearch(
  store: Store,
  range: DayRange,
  filter: { actor?: string; action?: string },
  page: number,
): Promise<{ items: AuditEntry[]; total: number; actors: string[] }> {
  const matching: AuditEntry[] = [];
  const actors = new Set<string>();
  for await (const entry of auditEntries(store, range)) {
    actors.add(entry.actor);
    if ((filter.actor === undefined || entry.actor === filter.actor) && (filter.action === undefined || entry.action === filter.action)) matching.push(entry);
  }
  matching.reverse();
  const start = (page - 1) * AUDIT_PAGE_SIZE;
  return { items: matching.slice(start, start + AUDIT_PAGE_SIZE), total: matching.length, actors: [...actors].sort() };
}

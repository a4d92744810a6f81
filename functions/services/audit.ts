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

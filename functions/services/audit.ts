import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../domain/people';
import type { DayRange } from '../domain/report-range';
import type { Store } from '../data/client';
import { appendAudit, auditBetweenDays } from '../data/people';
import { logger } from '../shared/logger';

// The audit trail: every change, who made it, when and through which route.

/** Appends an entry; tried twice, since a change already made should not go unrecorded for a blip. */
export async function recordChange(store: Store, entry: AuditEntry): Promise<void> {
  const id = randomBytes(6).toString('hex');
  try {
    await appendAudit(store, entry, id);
  } catch (first) {
    try {
      await appendAudit(store, entry, id);
    } catch (error) {
      logger.error('audit entry not written', { entry, error, first });
      throw error;
    }
  }
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

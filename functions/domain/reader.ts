import { createHash, createHmac } from 'node:crypto';

/**
 * A reader's daily pseudonym for one write-up. The salt changes every day and
 * is deleted after two, so the hash cannot be linked across days or reversed to
 * an address; the address and user agent themselves are never stored.
 */
export function readerHash(dailySalt: string, writeupId: string, address: string, userAgent: string): string {
  return createHmac('sha256', dailySalt).update(`${writeupId}\n${address}\n${userAgent}`).digest('base64url').slice(0, 22);
}

/** A visit id as a reader's day keeps it: short and fixed in length, whatever the client sent. */
export function visitKey(visitId: string): string {
  return createHash('sha256').update(visitId).digest('base64url').slice(0, 11);
}

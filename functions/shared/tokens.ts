import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares in constant time: both sides are hashed to the same length first. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

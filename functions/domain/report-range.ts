import { addDays, dayOf, daysBetween, laterDay, MAX_DAY, MAX_RANGE_DAYS, MIN_DAY, readDay, type Day } from './dates';

export { MAX_RANGE_DAYS };
export const DEFAULT_RANGE_DAYS = 90;

export interface DayRange {
  from: Day;
  to: Day;
}

export type RangeResult = { ok: true; range: DayRange } | { ok: false; path: 'from' | 'to'; message: string };

export type Bucket = 'week' | 'month';

/** Reads `from`/`to` (inclusive UTC days); without them, the 90 days ending today. */
export function resolveRange(query: { from?: string; to?: string }, now: Date): RangeResult {
  const to = query.to === undefined ? { ok: true as const, day: dayOf(now) } : readDay(query.to);
  if (!to.ok) return { ok: false, path: 'to', message: to.message };
  // The default's start is cut at the first day the product knows (only a clock in January 2000 would reach it).
  const from = query.from === undefined ? { ok: true as const, day: laterDay(addDays(to.day, 1 - DEFAULT_RANGE_DAYS), MIN_DAY) } : readDay(query.from);
  if (!from.ok) return { ok: false, path: 'from', message: from.message };
  return spanOf(from.day, to.day, MAX_RANGE_DAYS);
}

/**
 * Reads an export's `from`/`to`: without them, every day the product knows
 * (an export has no longest range; it streams).
 */
export function resolveOpenRange(query: { from?: string; to?: string }): RangeResult {
  const to = query.to === undefined ? { ok: true as const, day: MAX_DAY } : readDay(query.to);
  if (!to.ok) return { ok: false, path: 'to', message: to.message };
  const from = query.from === undefined ? { ok: true as const, day: MIN_DAY } : readDay(query.from);
  if (!from.ok) return { ok: false, path: 'from', message: from.message };
  return spanOf(from.day, to.day, Number.POSITIVE_INFINITY);
}

function spanOf(from: Day, to: Day, longest: number): RangeResult {
  const span = daysBetween(from, to) + 1;
  if (span < 1) return { ok: false, path: 'from', message: 'must not be after to' };
  if (span > longest) return { ok: false, path: 'from', message: `a range covers at most ${longest} days` };
  return { ok: true, range: { from, to } };
}

/** A range with its grouping (`bucket`, by month when not given), as the organization report takes it. */
export function resolveBucketedRange(
  query: { from?: string; to?: string; bucket?: string },
  now: Date,
): { ok: true; range: DayRange; bucket: Bucket } | { ok: false; path: 'from' | 'to' | 'bucket'; message: string } {
  const bucket = query.bucket ?? 'month';
  if (bucket !== 'week' && bucket !== 'month') return { ok: false, path: 'bucket', message: 'must be week or month' };
  const range = resolveRange(query, now);
  return range.ok ? { ...range, bucket } : range;
}

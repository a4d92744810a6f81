import { addDays, dayOf, daysBetween, parseDay, type Day } from './dates';

export const DEFAULT_RANGE_DAYS = 90;
/** Long enough for multi-year trends, short enough to keep one report cheap. */
export const MAX_RANGE_DAYS = 1_096;

export interface DayRange {
  from: Day;
  to: Day;
}

export type RangeResult = { ok: true; range: DayRange } | { ok: false; path: 'from' | 'to'; message: string };

export type Bucket = 'week' | 'month';

/** Reads `from`/`to` (inclusive UTC days); without them, the 90 days ending today. */
export function resolveRange(query: { from?: string; to?: string }, now: Date): RangeResult {
  const to = query.to === undefined ? dayOf(now) : parseDay(query.to);
  if (!to) return { ok: false, path: 'to', message: 'must be a day written YYYY-MM-DD' };
  const from = query.from === undefined ? addDays(to, 1 - DEFAULT_RANGE_DAYS) : parseDay(query.from);
  if (!from) return { ok: false, path: 'from', message: 'must be a day written YYYY-MM-DD' };
  const span = daysBetween(from, to) + 1;
  if (span < 1) return { ok: false, path: 'from', message: 'must not be after to' };
  if (span > MAX_RANGE_DAYS) return { ok: false, path: 'from', message: `a range covers at most ${MAX_RANGE_DAYS} days` };
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

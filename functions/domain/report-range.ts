import { addDays, dayOf, daysBetween, parseDay, type Day } from './dates';

export const DEFAULT_RANGE_DAYS = 90;
/** Long enough for multi-year trends, short enough to keep one report cheap. */
export const MAX_RANGE_DAYS = 1_096;

export interface DayRange {
  from: Day;
  to: Day;
}

export type RangeResult = { ok: true; range: DayRange } | { ok: false; path: 'from' | 'to'; message: string };

/** For pages: the asked-for range when it is valid, else the default one. */
export function rangeOrDefault(query: { from?: string; to?: string }, now: Date): DayRange {
  const asked = resolveRange({ from: query.from || undefined, to: query.to || undefined }, now);
  if (asked.ok) return asked.range;
  const fallback = resolveRange({}, now);
  if (!fallback.ok) throw new Error('the default range is always valid');
  return fallback.range;
}

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

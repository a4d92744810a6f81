/** Calendar days in UTC, written `YYYY-MM-DD`: the unit of every rollup and report. */
export type Day = string;

/**
 * The days the product knows (DESIGN.md, "HTTP contract"): any day asked for,
 * stored or derived lies within them. Beyond them dates stop being written
 * `YYYY-MM-DD` (year 0000 less a day is "-000001-12-31"), and a loop over such
 * days never ended.
 */
export const MIN_DAY: Day = '2000-01-01';
export const MAX_DAY: Day = '2999-12-31';

/** Long enough for multi-year trends, short enough to keep one report cheap. */
export const MAX_RANGE_DAYS = 1_096;
/** The most days one list holds: the longest range and the range before it, which it is compared with. */
export const MAX_DAYS_LISTED = 2 * MAX_RANGE_DAYS;

/** What a request is told when a day is not one: the same words on every route and page. */
export const DAY_FORM_MESSAGE = 'must be a day written YYYY-MM-DD';
export const DAY_BOUNDS_MESSAGE = `must be a day from ${MIN_DAY} to ${MAX_DAY}`;
/** For a date and time: its day is what is bounded. */
export const INSTANT_BOUNDS_MESSAGE = `must be on a day from ${MIN_DAY} to ${MAX_DAY}`;

const DAY_MS = 86_400_000;
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day of an instant. Throws outside years 0000–9999, where ISO days are no longer `YYYY-MM-DD`. */
export function dayOf(date: Date): Day {
  const time = date.getTime();
  if (!Number.isFinite(time)) throw new RangeError('not a date');
  const day = date.toISOString().slice(0, 10);
  if (!DAY_PATTERN.test(day)) throw new RangeError(`no YYYY-MM-DD day for ${date.toISOString()}`);
  return day;
}

/** Milliseconds at the start of a real calendar day written `YYYY-MM-DD`, or NaN. */
function startOf(value: string): number {
  if (value.length !== 10 || !DAY_PATTERN.test(value)) return Number.NaN;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value) ? time : Number.NaN;
}

const startOfDay = (day: Day): number => {
  const time = startOf(day);
  if (Number.isNaN(time)) throw new RangeError(`not a day written YYYY-MM-DD: ${day.slice(0, 40)}`);
  return time;
};

export type DayReading = { ok: true; day: Day } | { ok: false; message: string };

/** A day as a request gives it: a real calendar day written `YYYY-MM-DD` (2026-02-30 is not one), within the bounds. */
export function readDay(value: string): DayReading {
  if (Number.isNaN(startOf(value))) return { ok: false, message: DAY_FORM_MESSAGE };
  if (value < MIN_DAY || value > MAX_DAY) return { ok: false, message: DAY_BOUNDS_MESSAGE };
  return { ok: true, day: value };
}

/** A day within the bounds, or undefined. */
export function parseDay(value: string): Day | undefined {
  const read = readDay(value);
  return read.ok ? read.day : undefined;
}

/** The UTC day of an instant (milliseconds), when it is within the bounds. */
export function instantDay(time: number): Day | undefined {
  if (!Number.isFinite(time) || Math.abs(time) > 8.64e15) return undefined;
  const day = new Date(time).toISOString().slice(0, 10);
  return DAY_PATTERN.test(day) && day >= MIN_DAY && day <= MAX_DAY ? day : undefined;
}

/** The earlier of two days (days written YYYY-MM-DD compare as text). */
export const earlierDay = (a: Day, b: Day): Day => (a < b ? a : b);
/** The later of two days. */
export const laterDay = (a: Day, b: Day): Day => (a > b ? a : b);

/** A day some whole days away, written in full; throws rather than leave years 0000–9999. */
export function addDays(day: Day, days: number): Day {
  if (!Number.isInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  return dayOf(new Date(startOfDay(day) + days * DAY_MS));
}

/** Whole days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((startOfDay(to) - startOfDay(from)) / DAY_MS);
}

/**
 * Every day from `from` to `to`, inclusive (none when `to` is earlier). Counted
 * before it is made: a list longer than the longest range and the one before it
 * is a mistake upstream, refused rather than grown without end.
 */
export function eachDay(from: Day, to: Day): Day[] {
  const count = daysBetween(from, to) + 1;
  if (count > MAX_DAYS_LISTED) throw new RangeError(`${count} days from ${from} to ${to}: at most ${MAX_DAYS_LISTED} are listed at once`);
  const start = startOfDay(from);
  return Array.from({ length: Math.max(0, count) }, (_, i) => dayOf(new Date(start + i * DAY_MS)));
}

/** An instant to the minute, as pages show times: `2026-11-22 16:33 UTC`. */
export function utcMinute(instant: string | Date): string {
  const iso = typeof instant === 'string' ? instant : instant.toISOString();
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Seconds since the epoch, as DynamoDB's TTL wants them. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

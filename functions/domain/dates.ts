/** Calendar days in UTC, written `YYYY-MM-DD`: the unit of every rollup and report. */
export type Day = string;

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function dayOf(date: Date): Day {
  return date.toISOString().slice(0, 10);
}

/** A real calendar day in `YYYY-MM-DD` form, or undefined (2026-02-30 is not one). */
export function parseDay(value: string): Day | undefined {
  if (!DAY_PATTERN.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && dayOf(date) === value ? value : undefined;
}

/** The earlier of two days (days written YYYY-MM-DD compare as text). */
export const earlierDay = (a: Day, b: Day): Day => (a < b ? a : b);

export function addDays(day: Day, days: number): Day {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** Whole days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function eachDay(from: Day, to: Day): Day[] {
  const days: Day[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
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

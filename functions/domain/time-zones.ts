/** Wall-clock times in a person's time zone, as the review form takes them. */

const ZONES = new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
ZONES.add('UTC');

export const timeZones = (): string[] => [...ZONES].sort();
/** A zone the runtime knows, listed or one of the IANA aliases it does not list (Asia/Kolkata, listed as Asia/Calcutta). */
export const isTimeZone = (zone: string) => ZONES.has(zone) || (/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(zone) && knownToIntl(zone));

function knownToIntl(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(zone: string, instant: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The instant a local date and time (`2026-12-01T14:30`, as a datetime-local
 * field sends it) means in a zone; undefined when it is not a real time.
 */
export function localToUtc(local: string, zone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match || !isTimeZone(zone)) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  // The offset at the guess, then at the result: right on either side of a change of clocks.
  let instant = wall - offsetMinutes(zone, wall) * 60_000;
  instant = wall - offsetMinutes(zone, instant) * 60_000;
  return new Date(instant);
}

/** The same instant as a datetime-local value in a zone, to show a form's value back. */
export function utcToLocal(instant: Date, zone: string): string {
  const shifted = new Date(instant.getTime() + offsetMinutes(zone, instant.getTime()) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

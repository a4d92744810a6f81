import type { Beacon } from './beacon';

/** An engaged read: at least `readSeconds` of visible, focused time in one visit. */
export function isEngagedRead(engagedMs: number, readSeconds: number): boolean {
  return engagedMs >= readSeconds * 1_000;
}

/** Whether a beacon, on its own, claims an engaged read. */
export function claimsEngagedRead(beacon: Beacon, readSeconds: number): boolean {
  return beacon.k === 'engage' && isEngagedRead(beacon.e, readSeconds);
}

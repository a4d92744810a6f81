import type { Beacon } from './beacon';

/** An engaged read: at least `readSeconds` of visible, focused time in one visit. */
export function isEngagedRead(engagedMs: number, readSeconds: number): boolean {
  return engagedMs >= readSeconds * 1_000;
}

/** Whether a beacon, on its own, claims an engaged read. */
export function claimsEngagedRead(beacon: Beacon, readSeconds: number): boolean {
  return beacon.k === 'engage' && isEngagedRead(beacon.e, readSeconds);
}

/** What the store said about a beacon's visit. */
export interface VisitOutcome {
  /** The visit had not been seen: its view counts now. */
  newVisit: boolean;
  /** The visit crossed the engaged threshold for the first time. */
  newlyEngaged: boolean;
}

export interface ReadIncrement {
  views: number;
  engaged: number;
  readers: number;
  /** Scroll depth of newly engaged reads, summed, for an average next to the count. */
  engagedScroll: number;
}

/**
 * Turns one beacon's outcome into the counts it adds to its day. A view counts
 * once per visit, an engaged read once per visit, a reader once per day.
 */
export function readIncrement(visit: VisitOutcome, newReader: boolean, scrollPercent: number): ReadIncrement {
  return {
    views: visit.newVisit ? 1 : 0,
    engaged: visit.newlyEngaged ? 1 : 0,
    readers: visit.newVisit && newReader ? 1 : 0,
    engagedScroll: visit.newlyEngaged ? Math.round(scrollPercent) : 0,
  };
}

export function isEmpty(increment: ReadIncrement): boolean {
  return increment.views === 0 && increment.engaged === 0 && increment.readers === 0;
}

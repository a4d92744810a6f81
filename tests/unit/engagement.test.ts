import { describe, expect, it } from 'vitest';
import { claimsEngagedRead, isEngagedRead, readIncrement } from '../../functions/domain/engagement';

const base = { w: 'db-outage', u: 'https://docs.example.com/x', v: 'visit-0001' };

describe('engaged reads', () => {
  it('start at READ_SECONDS of visible, focused time', () => {
    expect(isEngagedRead(29_999, 30)).toBe(false);
    expect(isEngagedRead(30_000, 30)).toBe(true);
    expect(isEngagedRead(2_000, 2)).toBe(true);
  });

  it('are claimed only by engage beacons', () => {
    expect(claimsEngagedRead({ ...base, k: 'view' }, 0)).toBe(false);
    expect(claimsEngagedRead({ ...base, k: 'engage', e: 31_000, s: 50 }, 30)).toBe(true);
    expect(claimsEngagedRead({ ...base, k: 'engage', e: 5_000, s: 50 }, 30)).toBe(false);
  });
});

describe('readIncrement', () => {
  it('counts a new visit’s view and, for a new reader, the reader', () => {
    expect(readIncrement({ newVisit: true, newlyEngaged: false }, true, 0)).toEqual({ views: 1, engaged: 0, readers: 1, engagedScroll: 0 });
    expect(readIncrement({ newVisit: true, newlyEngaged: false }, false, 0)).toEqual({ views: 1, engaged: 0, readers: 0, engagedScroll: 0 });
  });

  it('counts an engaged read once, with its scroll depth', () => {
    expect(readIncrement({ newVisit: false, newlyEngaged: true }, false, 72.4)).toEqual({ views: 0, engaged: 1, readers: 0, engagedScroll: 72 });
  });

  it('counts the view too when an engage arrives for a visit never seen', () => {
    expect(readIncrement({ newVisit: true, newlyEngaged: true }, true, 100)).toEqual({ views: 1, engaged: 1, readers: 1, engagedScroll: 100 });
  });
});

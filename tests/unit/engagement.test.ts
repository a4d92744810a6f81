import { describe, expect, it } from 'vitest';
import { claimsEngagedRead, isEngagedRead } from '../../functions/domain/engagement';

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

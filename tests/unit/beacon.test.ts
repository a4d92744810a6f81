import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BEACON_BYTES, parseBeacon, trimAddress } from '../../functions/domain/beacon';

const view = { w: 'db-outage', k: 'view', u: 'https://docs.example.com/pir/db', r: null, v: 'visit-0001' };
const engage = { ...view, k: 'engage', e: 45_000, s: 80 };

describe('parseBeacon', () => {
  it('accepts the tracker’s view and engage beacons', () => {
    expect(parseBeacon(JSON.stringify(view))).toEqual({ ok: true, beacon: view });
    expect(parseBeacon(JSON.stringify(engage))).toEqual({ ok: true, beacon: engage });
  });

  it('accepts a missing referrer and ignores fields it does not know', () => {
    const { r: _r, ...withoutReferrer } = view;
    const parsed = parseBeacon(JSON.stringify({ ...withoutReferrer, extra: 1 }));
    expect(parsed).toEqual({ ok: true, beacon: withoutReferrer });
  });

  it('accepts a beacon without a write-up id, from a page without data-writeup', () => {
    const { w: _w, ...anonymous } = view;
    expect(parseBeacon(JSON.stringify(anonymous))).toEqual({ ok: true, beacon: anonymous });
  });

  it('takes a long address the body can hold, trimmed query first, never refused', () => {
    const path = 'https://docs.example.com/pir/db';
    const long = `${path}?q=${'x'.repeat(1_968)}`;
    const { w: _w, ...anonymous } = view;
    const body = JSON.stringify({ ...anonymous, u: long });
    expect(long.length).toBeGreaterThan(2_000);
    expect(body.length).toBeLessThanOrEqual(MAX_BEACON_BYTES);
    expect(parseBeacon(body)).toMatchObject({ ok: true, beacon: { u: path } });
  });

  it('trims an address to 2,000 characters: hash, then query, then the end of the path', () => {
    expect(trimAddress('https://a.example/p?q=1#h')).toBe('https://a.example/p?q=1#h');
    expect(trimAddress(`https://a.example/p?q=1#${'h'.repeat(2_000)}`)).toBe('https://a.example/p?q=1');
    expect(trimAddress(`https://a.example/${'p'.repeat(2_100)}?q=1`)).toHaveLength(2_000);
  });

  it.each([
    ['not JSON', 'nope', ''],
    ['an unknown kind', JSON.stringify({ ...view, k: 'click' }), 'k'],
    ['an invalid write-up id', JSON.stringify({ ...view, w: 'DB Outage' }), 'w'],
    ['a javascript: page URL', JSON.stringify({ ...view, u: 'javascript:alert(1)' }), 'u'],
    ['a short visit id', JSON.stringify({ ...view, v: 'abc' }), 'v'],
    ['an engage without time', JSON.stringify({ ...view, k: 'engage', s: 10 }), 'e'],
    ['negative engaged time', JSON.stringify({ ...engage, e: -1 }), 'e'],
    ['scroll past 100%', JSON.stringify({ ...engage, s: 101 }), 's'],
    ['fractional milliseconds', JSON.stringify({ ...engage, e: 1.5 }), 'e'],
  ])('refuses %s and names the field', (_name, body, path) => {
    const parsed = parseBeacon(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain(path);
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (body) => {
          expect(() => parseBeacon(body)).not.toThrow();
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { tinyLinkPageId, waitAfter } from '../../functions/domain/confluence';

const headers =
  (given: Record<string, string>) =>
  (name: string): string | null =>
    given[name] ?? null;
const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('waitAfter: how long Confluence asks the import to wait', () => {
  it('waits at least what Retry-After says, in seconds or as a date, with a little more at random, never less', () => {
    for (const random of [0, 0.5, 0.999]) {
      const wait = waitAfter(429, headers({ 'retry-after': '30' }), 1, NOW, random)!;
      expect(wait).toBeGreaterThanOrEqual(30_000);
      expect(wait).toBeLessThanOrEqual(31_000);
    }
    expect(waitAfter(503, headers({ 'retry-after': 'Mon, 02 Mar 2026 10:00:05 GMT' }), 1, NOW, 0)).toBe(5_000);
  });

  it('without Retry-After, waits until X-RateLimit-Reset (yyyy-MM-ddTHH:mmZ)', () => {
    expect(waitAfter(429, headers({ 'x-ratelimit-reset': '2026-03-02T10:02Z' }), 1, NOW, 0)).toBe(120_000);
  });

  it('without either, backs off exponentially with jitter on 429 and 5xx, up to a minute', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => waitAfter(429, headers({}), attempt, NOW, 0)!);
    const high = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => waitAfter(500, headers({}), attempt, NOW, 0.999)!);
    expect(low.slice(0, 5)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(Math.max(...high)).toBeLessThanOrEqual(60_000);
    for (let i = 0; i < low.length; i++) expect(high[i]).toBeGreaterThan(low[i]!);
  });

  it('asks for no wait on an answer that is neither 429 nor 5xx', () => {
    for (const status of [200, 302, 401, 403, 404]) expect(waitAfter(status, headers({ 'retry-after': '30' }), 1, NOW, 0)).toBeUndefined();
  });
});

describe('tinyLinkPageId', () => {
  it('reads the page id a tiny link code stands for', () => {
    expect(tinyLinkPageId('OAAB')).toBe('65592');
    expect(tinyLinkPageId('kh')).toBe('4242');
    expect(tinyLinkPageId('FGoKzg')).toBe('3456789012');
    expect(tinyLinkPageId('not a code')).toBeUndefined();
  });
});

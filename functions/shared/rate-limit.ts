import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { clientAddress } from './client-address';
import { errorResponse, type BackLink } from './errors';

export interface RateLimit {
  /** Requests allowed per address within one window. */
  max: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** TRUST_PROXY: how many proxies stand in front (see `clientAddress`). */
  trustProxy?: number;
  /** Which answers use up the allowance; every request when unset. */
  counts?: (status: number) => boolean;
  /** Where a person who hit the limit can go back to, on the 429 page. */
  backTo?: { href: string; label: string };
  now?: () => number;
}

/**
 * A fixed-window limit per client address, for the local server. In AWS the
 * HTTP API's throttle is one limit for the whole stage, not per address: the
 * edge (CloudFront with AWS WAF's rate-based rules) does this job there.
 * Over the limit: 429 with Retry-After.
 */
export function rateLimit(limit: RateLimit, options: RateLimitOptions = {}) {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return createMiddleware(async (c: Context, next) => {
    const at = now();
    if (windows.size > 50_000) for (const [key, w] of windows) if (at - w.start >= limit.windowMs) windows.delete(key);
    const key = clientAddress(c, options.trustProxy) || 'unknown';
    const seen = windows.get(key);
    const window = seen && at - seen.start < limit.windowMs ? seen : { start: at, count: 0 };
    windows.set(key, window);
    if (window.count >= limit.max) {
      const retryAfter = Math.max(1, Math.ceil((window.start + limit.windowMs - at) / 1000));
      c.header('Retry-After', String(retryAfter));
      return errorResponse(c, 429, 'rate_limited', `Too many requests from this address; try again in ${retryAfter} s.`, undefined, options.backTo);
    }
    // Counted before it runs, so a burst in parallel cannot slip past; given
    // back afterwards when the answer is one that does not count.
    window.count++;
    const counted = window;
    await next();
    if (options.counts && !options.counts(c.res.status) && windows.get(key) === counted) counted.count--;
  });
}

/**
 * The per-address limits, by class; each operation names its class in its
 * declaration. The local server applies them as they are; the edge (AWS WAF's
 * rate-based rules) applies the same number over the same window, except
 * where it cannot tell what counts (`edge`).
 */
export const RATE_CLASSES = {
  /** Generous for people, tight for scripts: a reader sends two or three beacons a page. */
  beacons: { max: 600, windowMs: 60_000 },
  pixels: { max: 600, windowMs: 60_000 },
  goLinks: { max: 120, windowMs: 60_000 },
  forms: { max: 60, windowMs: 60_000 },
  /** Failed logins only: someone who logs in often is not guessing. The edge cannot see which failed, so it counts all, more loosely. */
  login: { max: 10, windowMs: 60_000, failuresOnly: true, edge: { max: 100, windowMs: 300_000 }, backTo: { href: '/login', label: 'Back to the login form' } },
  /** Starting a sign-in with the provider (each writes a sign-in under way). */
  signIn: { max: 30, windowMs: 60_000 },
} satisfies Record<string, RateLimit & { failuresOnly?: true; edge?: RateLimit; backTo?: BackLink }>;

export type RateClass = keyof typeof RATE_CLASSES;

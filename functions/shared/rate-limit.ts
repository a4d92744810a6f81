import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { errorResponse } from './errors';

export interface RateLimit {
  /** Requests allowed per address within one window. */
  max: number;
  windowMs: number;
}

/**
 * Who is asking, for rate limiting: the socket's address when there is one
 * (a header is easy to forge), else the forwarded one.
 */
function limiterKey(c: Context): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return socket ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';
}

/**
 * A fixed-window limit per client address, for the local server (API Gateway's
 * throttling does this job in AWS). Over the limit: 429 with Retry-After.
 */
export function rateLimit(limit: RateLimit, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  return createMiddleware(async (c, next) => {
    const at = now();
    if (windows.size > 50_000) for (const [key, w] of windows) if (at - w.start >= limit.windowMs) windows.delete(key);
    const key = limiterKey(c);
    let window = windows.get(key);
    if (!window || at - window.start >= limit.windowMs) windows.set(key, (window = { start: at, count: 0 }));
    window.count++;
    if (window.count > limit.max) {
      const retryAfter = Math.max(1, Math.ceil((window.start + limit.windowMs - at) / 1000));
      c.header('Retry-After', String(retryAfter));
      return errorResponse(c, 429, 'rate_limited', `Too many requests from this address; try again in ${retryAfter} s.`);
    }
    await next();
  });
}

/** Generous for people, tight for scripts: a reader sends two or three beacons a page. */
export const LOCAL_LIMITS: Record<string, RateLimit> = {
  beacons: { max: 600, windowMs: 60_000 },
  forms: { max: 60, windowMs: 60_000 },
  login: { max: 10, windowMs: 60_000 },
};

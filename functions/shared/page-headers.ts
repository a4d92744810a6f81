import { createMiddleware } from 'hono/factory';

/**
 * The headers every page people open carries: what it may load (a Content
 * Security Policy that also forbids framing by another site), no sniffing, no
 * framing for older browsers, a referrer policy and, where set, no caching.
 */
export const pageHeaders = (options: { csp: string; referrer: 'same-origin' | 'no-referrer'; noStore?: boolean }) =>
  createMiddleware(async (c, next) => {
    await next();
    c.header('Content-Security-Policy', options.csp);
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', options.referrer);
    if (options.noStore) c.header('Cache-Control', 'no-store');
  });

/**
 * Pages that load nothing but their own styles and scripts, and are never framed. Their script may ask this
 * site alone (`connect-src 'self'`): the room's check-in screen asks for its own page to update its count.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

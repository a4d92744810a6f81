import { createHash, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppDeps } from './deps';
import { ApiError } from './errors';

/** Compares in constant time: both sides are hashed to the same length first. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

/** The admin API: `Authorization: Bearer {token}`, else 401. */
export const requireAdmin = (deps: AppDeps) =>
  createMiddleware(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1] || !tokensMatch(match[1], await deps.adminToken())) {
      c.header('WWW-Authenticate', 'Bearer realm="learning-signals"');
      throw new ApiError(401, 'unauthorized', 'An admin bearer token is required.');
    }
    await next();
  });

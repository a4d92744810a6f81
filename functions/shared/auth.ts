import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { SESSION_COOKIE, sessionIsValid } from './session';
import { tokensMatch } from './tokens';
import type { AppDeps } from './deps';
import { ApiError } from './errors';

/**
 * The admin API: `Authorization: Bearer {token}`, else 401. A logged-in
 * dashboard session may read (GET) too, so its pages can link the exports.
 */
export const requireAdmin = (deps: AppDeps) =>
  createMiddleware(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const adminToken = await deps.adminToken();
    const bySession =
      c.req.method === 'GET' && sessionIsValid(getCookie(c, SESSION_COOKIE), adminToken, Math.floor((deps.now?.() ?? new Date()).getTime() / 1000));
    if (!bySession && (!match?.[1] || !tokensMatch(match[1], adminToken))) {
      c.header('WWW-Authenticate', 'Bearer realm="learning-signals"');
      throw new ApiError(401, 'unauthorized', 'An admin bearer token is required.');
    }
    await next();
  });

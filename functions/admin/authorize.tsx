import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { actorOf, atLeast, type Caller } from '../domain/people';
import { callerFromBearer, callerFromSession } from '../services/access';
import { recordChange } from '../services/audit';
import { nowOf, type AppDeps } from '../shared/deps';
import { ApiError } from '../shared/errors';
import { fromOwnPages, readSessionCookie } from '../shared/session';
import { DashboardPage } from './dashboard/layout';
import { ruleFor, type RouteRule } from './route-table';

/** The caller the authorization middleware found; every route past it that needs a role has one. */
export const callerOf = (c: Context): Caller => c.get('caller' as never) as Caller;
/** What a change was made to, when the path alone does not say (a new write-up's id). */
export const setAuditTarget = (c: Context, target: string) => c.set('auditTarget' as never, target as never);

/**
 * Every request of the admin app, checked against the route table: public
 * routes pass with no read; others need a caller (admin token, personal token,
 * or a session cookie, which may change things only from our own pages) with
 * the route's role, else 401/403 (a trip to the login page for pages). A change
 * that succeeded is appended to the audit trail.
 */
export const authorize = (deps: AppDeps) =>
  createMiddleware(async (c, next) => {
    const found = ruleFor(c.req.method, c.req.path);
    // Outside the table: the API is closed to all but admins (404 for them); other paths fall through to not found.
    if (!found && !c.req.path.startsWith('/api/')) return next();
    const rule: RouteRule = found?.rule ?? { method: 'GET', path: c.req.path, access: 'admin' };
    if (rule.access === 'public') return next();

    const now = nowOf(deps);
    const adminToken = await deps.adminToken();
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    let caller: Caller | undefined;
    if (c.req.header('authorization') !== undefined) {
      caller = bearer ? await callerFromBearer(deps.store, bearer, adminToken, now) : undefined;
    } else {
      const cookie = readSessionCookie(c);
      const safe = c.req.method === 'GET' || c.req.method === 'HEAD';
      if (cookie && !safe && !fromOwnPages(c, deps.publicUrl)) throw new ApiError(403, 'forbidden', 'A change made with a session must come from this site\'s own pages.');
      caller = await callerFromSession(deps.store, cookie, adminToken, now);
    }

    if (!caller) {
      if (rule.page) {
        const url = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
      }
      c.header('WWW-Authenticate', 'Bearer realm="learning-signals"');
      throw new ApiError(401, 'unauthorized', 'Sign in, or send a personal API token or the admin token as a bearer token.');
    }
    if (!atLeast(caller.role, rule.access)) {
      const message = `This needs the ${rule.access} role; ${caller.email ?? caller.name} has ${caller.role}.`;
      if (rule.page) return c.html(<DashboardPage title="Not allowed" caller={caller}><h1>Not allowed</h1><p>{message}</p><p><a href="/">Back to the organization's signals</a></p></DashboardPage>, 403);
      throw new ApiError(403, 'forbidden', message);
    }
    c.set('caller' as never, caller as never);
    await next();

    if (rule.action && c.res.status < 400) {
      const params = Object.values(found?.params ?? {}).map((value) => safeDecode(value));
      // What was changed: as the route said, else the path's ids, else where a new thing now lives.
      const created = c.res.headers.get('location')?.split('/').filter(Boolean).map(safeDecode);
      const target = (c.get('auditTarget' as never) as string | undefined) ?? (params.join('/') || (created ? created.slice(2).join('/') : ''));
      await recordChange(deps.store, { at: now.toISOString(), actor: actorOf(caller), action: rule.action, target, route: `${rule.method} ${rule.path}`, status: c.res.status }).catch(() => {
        // Logged by the service: the change itself stands.
      });
    }
  });

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

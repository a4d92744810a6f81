import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { actorOf, atLeast, type Caller, type Role } from '../domain/people';
import { callerFromBearer, callerFromSession } from '../services/access';
import { recordChange } from '../services/audit';
import { nowOf, type AppDeps } from '../shared/deps';
import { ApiError } from '../shared/errors';
import { fromOwnPages, readSessionCookie } from '../shared/session';
import { DashboardPage } from './dashboard/layout';
import type { Operation } from '../shared/operation';

/** The caller the authorization middleware found; every route past it that needs a role has one. */
export const callerOf = (c: Context): Caller => c.get('caller' as never) as Caller;
/** What a change was made to, when the path alone does not say (a new write-up's id). */
export const setAuditTarget = (c: Context, target: string) => c.set('auditTarget' as never, target as never);

/**
 * The checks an operation's declaration asks for: public ones pass with no
 * read; others need a caller (admin token, personal token, or a session
 * cookie, which may change things only from our own pages) with the
 * operation's role, else 401/403 (a trip to the login page for pages). A
 * change that succeeded is appended to the audit trail.
 */
export const authorize =
  (deps: AppDeps) =>
  (operation: Operation): MiddlewareHandler[] =>
    operation.access === 'public' ? [] : [checkCaller(deps, operation)];

const checkCaller = (deps: AppDeps, operation: Operation) =>
  createMiddleware(async (c, next) => {
    const now = nowOf(deps);
    const adminToken = await deps.adminToken();
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    let caller: Caller | undefined;
    if (c.req.header('authorization') !== undefined) {
      caller = bearer ? await callerFromBearer(deps.store, bearer, adminToken, now) : undefined;
    } else {
      const cookie = readSessionCookie(c);
      const safe = c.req.method === 'GET' || c.req.method === 'HEAD';
      if (cookie && !safe && !fromOwnPages(c, deps.publicUrl))
        throw new ApiError(403, 'forbidden', "A change made with a session must come from this site's own pages.");
      caller = await callerFromSession(deps.store, cookie, adminToken, now);
    }

    const access = operation.access as Role;
    if (!caller) {
      if (operation.page) {
        const url = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
      }
      c.header('WWW-Authenticate', 'Bearer realm="learning-signals"');
      throw new ApiError(401, 'unauthorized', 'Sign in, or send a personal API token or the admin token as a bearer token.');
    }
    if (!atLeast(caller.role, access)) {
      const message = `This needs the ${access} role; ${caller.email ?? caller.name} has ${caller.role}.`;
      if (operation.page)
        return c.html(
          <DashboardPage title="Not allowed" caller={caller}>
            <h1>Not allowed</h1>
            <p>{message}</p>
            <p>
              <a href="/">Back to the organization's signals</a>
            </p>
          </DashboardPage>,
          403,
        );
      throw new ApiError(403, 'forbidden', message);
    }
    c.set('caller' as never, caller as never);
    await next();

    if (operation.action && c.res.status < 400) {
      const params = Object.values(c.req.param() as Record<string, string>).map((value) => safeDecode(value));
      // What was changed: as the route said, else the path's ids, else where a new thing now lives.
      const created = c.res.headers.get('location')?.split('/').filter(Boolean).map(safeDecode);
      const target = (c.get('auditTarget' as never) as string | undefined) ?? (params.join('/') || (created ? created.slice(2).join('/') : ''));
      const route = `${operation.method.toUpperCase()} ${operation.path.replace(/\{([^}]+)\}/g, ':$1')}`;
      await recordChange(deps.store, { at: now.toISOString(), actor: actorOf(caller), action: operation.action, target, route, status: c.res.status }).catch(
        () => {
          // Logged by the service: the change itself stands.
        },
      );
    }
  });

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

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
      const route = `${operation.method.toUpperCase()} ${operation.path.replace(/\{([^}]+)\}/g, ':$1')}`;
      const entry = { at: now.toISOString(), actor: actorOf(caller), action: operation.action, target: auditTargetOf(c), route, status: c.res.status };
      if (!(await recordChange(deps.store, entry))) markAuditMissing(c);
    }
  });

/** The header that tells a client its change stands but its audit entry could not be written (the log holds it). */
export const AUDIT_MISSING_HEADER = 'X-Audit-Entry';
export const markAuditMissing = (c: Context) => c.header(AUDIT_MISSING_HEADER, 'missing');

/** A new review, and the write-up it is for: how the trail names it, from the API and the page alike. */
export const reviewAuditTarget = (reviewId: string, writeupId: string) => `${reviewId} (write-up ${writeupId})`;

/**
 * What a change was made to: as the handler said, else the path's ids, else
 * where a new thing now lives; for a download (a GET with an action), the file
 * and the days it covers.
 */
function auditTargetOf(c: Context): string {
  const said = c.get('auditTarget' as never) as string | undefined;
  if (said !== undefined) return said;
  const params = Object.values(c.req.param() as Record<string, string>).map((value) => safeDecode(value));
  if (params.length) return params.join('/');
  const created = c.res.headers.get('location')?.split('/').filter(Boolean).map(safeDecode);
  if (created) return created.slice(2).join('/');
  if (c.req.method !== 'GET') return '';
  const file = c.req.path.split('/').at(-1) ?? '';
  const [from, to] = [c.req.query('from'), c.req.query('to')];
  if (from === undefined && to === undefined) return `${file} (everything)`;
  return [file, from !== undefined ? `from ${from}` : '', to !== undefined ? `to ${to}` : ''].filter(Boolean).join(' ');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

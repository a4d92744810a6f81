import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppDeps } from './deps';
import { tokensMatch } from './tokens';

export const SESSION_COOKIE = 'ls_session';
export const SESSION_SECONDS = 12 * 3_600;

/**
 * A session is its expiry and an HMAC of it keyed by the admin token: nothing
 * to store, it ends on time, and changing the token ends every session.
 */
export function sessionValue(adminToken: string, expiresAt: number): string {
  const mac = createHmac('sha256', adminToken).update(`session:${expiresAt}`).digest('base64url');
  return `${expiresAt}.${mac}`;
}

export function sessionIsValid(value: string | undefined, adminToken: string, nowSeconds: number): boolean {
  const [expires, mac] = (value ?? '').split('.');
  const expiresAt = Number(expires);
  if (!mac || !Number.isInteger(expiresAt) || expiresAt <= nowSeconds || !adminToken) return false;
  return tokensMatch(value!, sessionValue(adminToken, expiresAt));
}

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

export function startSession(c: Context, adminToken: string, nowSeconds: number) {
  const expiresAt = nowSeconds + SESSION_SECONDS;
  setCookie(c, SESSION_COOKIE, sessionValue(adminToken, expiresAt), {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
    maxAge: SESSION_SECONDS,
  });
}

export function endSession(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Strict' });
}

/**
 * Where to go after logging in: a path on this site, or `/`. Browsers forgive
 * a lot (`/\t/host` and `/\\host` both lead elsewhere), so the path is read as
 * a browser would, against a placeholder origin, and kept only when it stays
 * there; control characters (a CR/LF could split a header) are never kept.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2_000 || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  const base = 'https://own.invalid';
  try {
    const url = new URL(next, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

/** Dashboard pages: a valid session, or a trip to the login page and back. */
export const requireSession = (deps: AppDeps) =>
  createMiddleware(async (c, next) => {
    const now = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
    if (!sessionIsValid(getCookie(c, SESSION_COOKIE), await deps.adminToken(), now)) {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
    }
    await next();
  });

/**
 * Requests that change state must come from this site's own pages: a present
 * Origin must be ours (SameSite=Strict already keeps the cookie off others').
 */
export function sameOrigin(c: Context, publicUrl: string | undefined): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true;
  const own = new Set([new URL(c.req.url).origin, ...(publicUrl ? [new URL(publicUrl).origin] : [])]);
  return own.has(origin);
}

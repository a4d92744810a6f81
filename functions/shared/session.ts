import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The session cookie. Over https it carries the `__Host-` prefix (Secure, this
 * host only, path /); over plain http, where a browser would refuse that
 * prefix, the same cookie without it.
 */
export const SESSION_COOKIE = 'ls_session';
export const HOST_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

export function setSessionCookie(c: Context, value: string, maxAgeSeconds: number) {
  const secure = isHttps(c);
  setCookie(c, secure ? HOST_SESSION_COOKIE : SESSION_COOKIE, value, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: maxAgeSeconds });
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, HOST_SESSION_COOKIE) ?? getCookie(c, SESSION_COOKIE);
}

export function clearSessionCookie(c: Context) {
  if (isHttps(c)) deleteCookie(c, HOST_SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict' });
}

/**
 * Where to go after logging in: a path on this site, or `/`. Browsers forgive
 * a lot (`/\t/host` and `/\\host` both lead elsewhere), so the path is read as
 * a browser would, against a placeholder origin, and kept only when it stays
 * there; control characters (a CR/LF could split a header) are never kept.
 */
export function safeNext(next: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses (a CR/LF could split a header).
  if (!next || next.length > 2_000 || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  const base = 'https://own.invalid';
  try {
    const url = new URL(next, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

const ownOrigins = (c: Context, publicUrl: string | undefined) => new Set([new URL(c.req.url).origin, ...(publicUrl ? [new URL(publicUrl).origin] : [])]);

/**
 * Requests that change state must come from this site's own pages: a present
 * Origin must be ours (SameSite=Strict already keeps the cookie off others').
 */
export function sameOrigin(c: Context, publicUrl: string | undefined): boolean {
  const origin = c.req.header('origin');
  return !origin || ownOrigins(c, publicUrl).has(origin);
}

/** A change made with a session cookie must say it comes from our own pages: Origin present and ours. */
export function fromOwnPages(c: Context, publicUrl: string | undefined): boolean {
  const origin = c.req.header('origin');
  return Boolean(origin) && ownOrigins(c, publicUrl).has(origin!);
}

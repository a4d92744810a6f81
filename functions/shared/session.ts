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

const OWN = 'https://own.invalid';
/** A path still changing after this many decodings is not one a person wrote. */
const MAX_DECODINGS = 8;

/**
 * `value` as a browser reads it in a Location or a link on one of our pages:
 * the path, query and fragment it leads to on this site, or undefined when it
 * leads elsewhere. Browsers drop tabs and newlines anywhere and take `\` for
 * `/`, so `/\t/host` and `/\\host` lead to another host; dot segments resolved
 * (`/.//host`) can leave `//host` in front, which read again is another host too.
 */
function ownPath(value: string): string | undefined {
  const seen = value.replace(/[\t\n\r]/g, '');
  if (!seen.startsWith('/') || seen[1] === '/' || seen[1] === '\\') return undefined;
  try {
    const url = new URL(value, OWN);
    if (url.origin !== OWN || url.pathname.startsWith('//')) return undefined;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder();
/** Percent-escapes decoded once, as UTF-8; a byte that is not UTF-8 becomes U+FFFD rather than failing. */
const decodedOnce = (value: string) =>
  value.replace(/(?:%[0-9a-f]{2})+/gi, (run) => utf8.decode(Uint8Array.from(run.slice(1).split('%'), (hex) => Number.parseInt(hex, 16))));

/**
 * Where to go after logging in: a path on this site, or `/`. The path is read
 * as a browser would (`ownPath`), then decoded again and again until it no
 * longer changes, both as it came and as read, and every form must stay on
 * this site: no decoder along the way (a proxy, a framework, a second
 * redirect) can make it lead elsewhere either, so `/%2e//host` and
 * `/%252e//host` are refused like `/.//host`. What is kept is the first
 * reading, still encoded. Control characters (a CR/LF could split a header)
 * are never kept.
 */
export function safeNext(next: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses (a CR/LF could split a header).
  if (!next || next.length > 2_000 || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  const kept = ownPath(next);
  if (!kept) return '/';
  return decodingsStayHome(next, decodedOnce) && decodingsStayHome(kept, (form) => ownPath(decodedOnce(form))) ? kept : '/';
}

/** Whether every decoding of `start` (by `decode`) is read as a path on this site, and they end within a few. */
function decodingsStayHome(start: string, decode: (form: string) => string | undefined): boolean {
  let form = start;
  for (let decodings = 0; decodings < MAX_DECODINGS; decodings++) {
    const again = decode(form);
    if (again === undefined || !ownPath(again)) return false;
    if (again === form) return true;
    form = again;
  }
  return false;
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

import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppDeps } from '../shared/deps';

/**
 * `GET /t.js`: the tracker. Cached a day, then revalidated in the background
 * for a week, so a changed script reaches every page within a day or so.
 */
export const trackerScript = (deps: AppDeps) => {
  let cached: { body: string; etag: string } | undefined;
  const script = () => {
    if (!cached) {
      const body = deps.trackerScript();
      cached = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
    }
    return cached;
  };
  return (c: Context) => {
    const { body, etag } = script();
    c.header('Cache-Control', 'public, max-age=86400, stale-while-revalidate=604800');
    c.header('ETag', etag);
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(body);
  };
};

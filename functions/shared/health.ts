import { Hono } from 'hono';
import { pingStore } from '../data/health';
import type { AppDeps } from './deps';
import { unavailableResponse } from './errors';

/** `GET /healthz`: 200 once the store answers, 503 otherwise. */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await pingStore(deps.store);
      return c.json({ ok: true });
    } catch {
      return unavailableResponse(c);
    }
  });
}

import { Hono } from 'hono';
import { checkStore } from '../services/health';
import type { AppDeps } from '../shared/deps';
import { unavailableResponse } from '../shared/errors';

/** `GET /healthz`: 200 once the store answers, 503 otherwise. */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await checkStore(deps.store);
      return c.json({ ok: true });
    } catch {
      return unavailableResponse(c);
    }
  });
}

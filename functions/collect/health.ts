import type { Context } from 'hono';
import { StoreUnavailable } from '../domain/errors';
import { checkStore } from '../services/health';
import type { AppDeps } from '../shared/deps';

/** `GET /healthz`: 200 once the store answers, 503 otherwise. */
export const health = (deps: AppDeps) => async (c: Context) => {
  c.header('Cache-Control', 'no-store');
  try {
    await checkStore(deps.store);
  } catch (error) {
    throw error instanceof StoreUnavailable ? error : new StoreUnavailable('the store did not answer the health check', { cause: error });
  }
  return c.json({ ok: true as const }, 200);
};

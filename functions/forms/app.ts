import { Hono } from 'hono';
import type { AppDeps } from '../shared/deps';
import { handleError, handleNotFound } from '../shared/errors';

/**
 * Review check-in (`/c/*`) and post-review survey (`/s/*`) pages. Their routes
 * come with the reviews signal; until then every address here is not found.
 */
export function formsApp(_deps: AppDeps) {
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

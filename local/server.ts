import { Hono } from 'hono';
import { adminApp } from '../functions/admin/app';
import { collectApp } from '../functions/collect/app';
import { formsApp } from '../functions/forms/app';
import type { AppDeps } from '../functions/shared/deps';
import { handleError, handleNotFound } from '../functions/shared/errors';

/** The three Lambda apps on one port, as the local server runs them. */
export function localApp(deps: AppDeps) {
  const app = new Hono();
  app.route('/', collectApp(deps));
  app.route('/', formsApp(deps));
  app.route('/', adminApp(deps));
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

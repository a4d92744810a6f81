import { adminApp } from '../functions/admin/app';
import { collectApp } from '../functions/collect/app';
import { formsApp } from '../functions/forms/app';
import type { AppDeps } from '../functions/shared/deps';
import { contractApp } from '../functions/shared/app';

/** The three Lambda apps on one port, as the local server runs them. */
export function localApp(deps: AppDeps) {
  const app = contractApp();
  app.route('/', collectApp(deps));
  app.route('/', formsApp(deps));
  app.route('/', adminApp(deps));
  return app;
}

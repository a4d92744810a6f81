import { bodyLimit } from 'hono/body-limit';
import { requireAdmin } from '../shared/auth';
import type { AppDeps } from '../shared/deps';
import { contractApp } from '../shared/app';
import { payloadTooLarge } from '../shared/errors';
import { dashboardRoutes } from './dashboard/routes';
import { exportRoutes } from './exports';
import { linkBatchRoutes } from './links';
import { orgReportRoutes } from './org-report';
import { recountRoutes } from './recount';
import { reviewRoutes } from './reviews';
import { templateRoutes } from './templates';
import { writeupRoutes } from './writeups';

/** Admin API bodies are small JSON documents. */
const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** The admin API (bearer token) and the dashboard (session cookie). */
export function adminApp(deps: AppDeps) {
  const app = contractApp();
  app.use('/api/*', requireAdmin(deps));
  app.use('/api/*', bodyLimit({ maxSize: MAX_ADMIN_BODY_BYTES, onError: payloadTooLarge(MAX_ADMIN_BODY_BYTES) }));
  app.route('/api/writeups', writeupRoutes(deps));
  app.route('/api/reviews', reviewRoutes(deps));
  app.route('/api/links', linkBatchRoutes(deps));
  app.route('/api/report', orgReportRoutes(deps));
  app.route('/api/export', exportRoutes(deps));
  app.route('/api/recount', recountRoutes(deps));
  app.route('/', dashboardRoutes(deps));
  app.route('/api/survey-templates', templateRoutes(deps));
  return app;
}

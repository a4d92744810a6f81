import { requireAdmin } from '../shared/auth';
import type { AppDeps } from '../shared/deps';
import { contractApp } from '../shared/app';
import { dashboardRoutes } from './dashboard/routes';
import { exportRoutes } from './exports';
import { linkBatchRoutes } from './links';
import { orgReportRoutes } from './org-report';
import { recountRoutes } from './recount';
import { reviewRoutes } from './reviews';
import { templateRoutes } from './templates';
import { writeupRoutes } from './writeups';

/** The admin API (bearer token) and the dashboard (session cookie); bodies of at most 64 KB, the login's too. */
export function adminApp(deps: AppDeps) {
  const app = contractApp();
  app.use('/api/*', requireAdmin(deps));
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

import type { AppDeps } from '../shared/deps';
import { contractApp } from '../shared/app';
import { PAGE_CSP, pageHeaders } from '../shared/page-headers';
import { authRoutes } from './auth';
import { authorize } from './authorize';
import { dashboardRoutes } from './dashboard/routes';
import { peoplePages } from './dashboard/people-pages';
import { reviewPages } from './dashboard/review-pages';
import { templatePages } from './dashboard/template-pages';
import { writeupPages } from './dashboard/writeup-forms';
import { docsRoutes } from './docs';
import { exportRoutes } from './exports';
import { linkBatchRoutes } from './links';
import { orgReportRoutes } from './org-report';
import { auditRoutes, meRoutes, peopleRoutes, tokenRoutes } from './people';
import { importRoutes } from './imports';
import { digestRoutes } from './digest';
import { digestPages } from './dashboard/digest-page';
import { recountRoutes } from './recount';
import { reviewRoutes } from './reviews';
import { templateRoutes } from './templates';
import { writeupRoutes } from './writeups';

const PAGES = ['/', '/login', '/logout', '/auth/*', '/writeups', '/writeups/*', '/reviews/*', '/templates', '/templates/*', '/assets/*', '/tokens', '/tokens/*', '/people', '/people/*', '/audit', '/digest', '/digest/*', '/api/docs'];

/**
 * The admin API and the dashboard. Every request passes the route table's
 * check (`authorize`): who the caller is, whether their role may use the
 * route, and an audit entry for each change. Bodies of at most 64 KB.
 */
export function adminApp(deps: AppDeps) {
  const app = contractApp();
  const headers = pageHeaders({ csp: PAGE_CSP, referrer: 'same-origin', noStore: true });
  for (const path of PAGES) app.use(path, headers);
  app.use(authorize(deps));
  app.route('/api', docsRoutes(deps, () => app));
  app.route('/api/me', meRoutes());
  app.route('/api/writeups', writeupRoutes(deps));
  app.route('/api/reviews', reviewRoutes(deps));
  app.route('/api/links', linkBatchRoutes(deps));
  app.route('/api/report', orgReportRoutes(deps));
  app.route('/api/export', exportRoutes(deps));
  app.route('/api/recount', recountRoutes(deps));
  app.route('/api/import', importRoutes(deps));
  app.route('/api/digest', digestRoutes(deps));
  app.route('/api/survey-templates', templateRoutes(deps));
  app.route('/api/tokens', tokenRoutes(deps));
  app.route('/api/people', peopleRoutes(deps));
  app.route('/api/audit', auditRoutes(deps));
  app.route('/', authRoutes(deps));
  // Before the dashboard's `/writeups/:id`: `/writeups/new` and `/writeups/import` are pages of their own.
  app.route('/', writeupPages(deps));
  app.route('/', reviewPages(deps));
  app.route('/', templatePages(deps));
  app.route('/', dashboardRoutes(deps));
  app.route('/', peoplePages(deps));
  app.route('/', digestPages(deps));
  return app;
}

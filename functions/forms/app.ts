import type { AppDeps } from '../shared/deps';
import { contractApp } from '../shared/app';
import { PAGE_CSP, pageHeaders } from '../shared/page-headers';
import { checkinRoutes } from './checkin';
import { surveyRoutes } from './survey';

/** The pages attendees use: review check-in (`/c/*`) and the post-review survey (`/s/*`). */
export function formsApp(deps: AppDeps) {
  // A survey of 50 long answers is the largest body any route takes.
  const app = contractApp({ maxBodyBytes: 1_024 * 1_024 });
  // Never framed by another site: a check-in or a survey answered through someone else's page is clickjacking.
  const headers = pageHeaders({ csp: PAGE_CSP, referrer: 'no-referrer' });
  app.use('/c/*', headers);
  app.use('/s/*', headers);
  app.route('/c', checkinRoutes(deps));
  app.route('/s', surveyRoutes(deps));
  return app;
}

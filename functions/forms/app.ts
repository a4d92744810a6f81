import type { AppDeps } from '../shared/deps';
import { contractApp } from '../shared/app';
import { checkinRoutes } from './checkin';
import { surveyRoutes } from './survey';

/** The pages attendees use: review check-in (`/c/*`) and the post-review survey (`/s/*`). */
export function formsApp(deps: AppDeps) {
  const app = contractApp();
  app.route('/c', checkinRoutes(deps));
  app.route('/s', surveyRoutes(deps));
  return app;
}

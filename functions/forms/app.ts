import { createMiddleware } from 'hono/factory';
import type { AppDeps } from '../shared/deps';
import { contractApp } from '../shared/app';
import { checkinRoutes } from './checkin';
import { surveyRoutes } from './survey';

/**
 * The forms' pages may not be framed by another site (a check-in or a survey
 * answered through someone else's page is clickjacking), and load nothing but
 * their own styles and the survey's one script.
 */
const FORM_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const formHeaders = createMiddleware(async (c, next) => {
  await next();
  c.header('Content-Security-Policy', FORM_CSP);
  c.header('X-Frame-Options', 'DENY');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
});

/** The pages attendees use: review check-in (`/c/*`) and the post-review survey (`/s/*`). */
export function formsApp(deps: AppDeps) {
  // A survey of 50 long answers is the largest body any route takes.
  const app = contractApp({ maxBodyBytes: 1_024 * 1_024 });
  app.use('/c/*', formHeaders);
  app.use('/s/*', formHeaders);
  app.route('/c', checkinRoutes(deps));
  app.route('/s', surveyRoutes(deps));
  return app;
}

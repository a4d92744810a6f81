import { adminApp } from '../functions/admin/app';
import { collectApp } from '../functions/collect/app';
import { formsApp } from '../functions/forms/app';
import { hooksApp, MAX_HOOK_BYTES } from '../functions/hooks/app';
import { contractApp } from '../functions/shared/app';
import type { AppDeps } from '../functions/shared/deps';
import { LOCAL_LIMITS, rateLimit, type RateLimit } from '../functions/shared/rate-limit';

export type Limits = Record<keyof typeof LOCAL_LIMITS, RateLimit>;

/** For load tests and benchmarks from one machine: `RATE_LIMITS=off`. */
export const NO_LIMITS: Limits = Object.fromEntries(
  Object.keys(LOCAL_LIMITS).map((name) => [name, { max: Number.MAX_SAFE_INTEGER, windowMs: 1 }]),
) as Limits;

/**
 * The three Lambda apps on one port, as the local server runs them, with
 * per-address limits on the public routes that write (the edge's rate-based
 * rules do this in AWS).
 */
export function localApp(deps: AppDeps, limits: Limits = LOCAL_LIMITS) {
  // Each app keeps its own limits; this one only bounds the largest (the survey's).
  const app = contractApp({ maxBodyBytes: MAX_HOOK_BYTES });
  const trustProxy = deps.trustProxy;
  app.on('POST', '/e', rateLimit(limits.beacons, { trustProxy }));
  app.on('GET', '/p.gif', rateLimit(limits.pixels, { trustProxy }));
  app.on('POST', ['/c/*', '/s/*'], rateLimit(limits.forms, { trustProxy }));
  app.on('POST', '/login', rateLimit(limits.login, { trustProxy, counts: (status) => status === 401, backTo: { href: '/login', label: 'Back to the login form' } }));
  // First: the other apps' smaller body limits apply to every path they are mounted on.
  app.route('/', hooksApp(deps));
  app.route('/', collectApp(deps));
  app.route('/', formsApp(deps));
  app.route('/', adminApp(deps));
  return app;
}

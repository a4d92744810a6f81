import { adminApp } from '../functions/admin/app';
import { collectApp } from '../functions/collect/app';
import { formsApp } from '../functions/forms/app';
import { contractApp } from '../functions/shared/app';
import type { AppDeps } from '../functions/shared/deps';
import { LOCAL_LIMITS, rateLimit, type RateLimit } from '../functions/shared/rate-limit';

/**
 * The three Lambda apps on one port, as the local server runs them, with the
 * per-address limits on public POST routes that API Gateway gives in AWS.
 */
/** For load tests and benchmarks from one machine: `RATE_LIMITS=off`. */
export const NO_LIMITS: Record<keyof typeof LOCAL_LIMITS, RateLimit> = {
  beacons: { max: Number.MAX_SAFE_INTEGER, windowMs: 1 },
  forms: { max: Number.MAX_SAFE_INTEGER, windowMs: 1 },
  login: { max: Number.MAX_SAFE_INTEGER, windowMs: 1 },
};

export function localApp(deps: AppDeps, limits: Record<keyof typeof LOCAL_LIMITS, RateLimit> = LOCAL_LIMITS) {
  const app = contractApp();
  const beacons = rateLimit(limits.beacons!);
  const forms = rateLimit(limits.forms!);
  const login = rateLimit(limits.login!);
  app.on('POST', '/e', beacons);
  app.on('POST', ['/c/*', '/s/*'], forms);
  app.on('POST', '/login', login);
  app.route('/', collectApp(deps));
  app.route('/', formsApp(deps));
  app.route('/', adminApp(deps));
  return app;
}

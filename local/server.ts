import type { MiddlewareHandler } from 'hono';
import { adminApp } from '../functions/admin/app';
import { collectApp } from '../functions/collect/app';
import { formsApp } from '../functions/forms/app';
import { hooksApp, MAX_HOOK_BYTES } from '../functions/hooks/app';
import { OPERATIONS } from '../functions/operations';
import { contractApp } from '../functions/shared/app';
import type { AppDeps } from '../functions/shared/deps';
import { honoPath } from '../functions/shared/operation';
import { RATE_CLASSES, rateLimit, type RateClass, type RateLimit } from '../functions/shared/rate-limit';

export type Limits = Record<RateClass, RateLimit>;

/** For load tests and benchmarks from one machine: `RATE_LIMITS=off`. */
export const NO_LIMITS: Limits = Object.fromEntries(Object.keys(RATE_CLASSES).map((name) => [name, { max: Number.MAX_SAFE_INTEGER, windowMs: 1 }])) as Limits;

/**
 * The Lambda apps on one port, as the local server runs them, with the
 * per-address limits each operation's declaration names (the edge's
 * rate-based rules do this in AWS). `limits` may change a class's numbers.
 */
export function localApp(deps: AppDeps, limits: Partial<Limits> = {}) {
  // Each app keeps its own limits; this one only bounds the largest (the webhooks').
  const app = contractApp({ maxBodyBytes: MAX_HOOK_BYTES });
  const limiters = new Map<RateClass, MiddlewareHandler>();
  const limiterOf = (name: RateClass) => {
    const rule: (typeof RATE_CLASSES)[RateClass] & { failuresOnly?: true; backTo?: { href: string; label: string } } = RATE_CLASSES[name];
    if (!limiters.has(name)) {
      const counts = rule.failuresOnly ? (status: number) => status === 401 : undefined;
      limiters.set(name, rateLimit({ ...rule, ...limits[name] }, { trustProxy: deps.trustProxy, counts, backTo: rule.backTo }));
    }
    return limiters.get(name)!;
  };
  for (const operation of OPERATIONS) if (operation.rate) app.on(operation.method.toUpperCase(), honoPath(operation.path), limiterOf(operation.rate));
  // First: the other apps' smaller body limits apply to every path they are mounted on.
  app.route('/', hooksApp(deps));
  app.route('/', collectApp(deps));
  app.route('/', formsApp(deps));
  app.route('/', adminApp(deps));
  return app;
}

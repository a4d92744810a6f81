import { Hono } from 'hono';
import type { AppDeps } from '../shared/deps';
import { handleError, handleNotFound } from '../shared/errors';
import { healthRoutes } from '../shared/health';
import { beaconRoutes, pixelRoutes } from './beacons';
import { goLinkRoutes } from './go-links';
import { trackerRoutes } from './tracker';

/** What readers' browsers call: the tracker, beacons, the pixel and go-links. */
export function collectApp(deps: AppDeps) {
  const app = new Hono();
  app.route('/', healthRoutes(deps));
  app.route('/t.js', trackerRoutes(deps));
  app.route('/e', beaconRoutes(deps));
  app.route('/p.gif', pixelRoutes(deps));
  app.route('/go', goLinkRoutes(deps));
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

import type { AppDeps } from '../shared/deps';
import { contractApp } from '../shared/app';
import { healthRoutes } from './health';
import { beaconRoutes, pixelRoutes } from './beacons';
import { goLinkRoutes } from './go-links';
import { trackerRoutes } from './tracker';

/** What readers' browsers call: the tracker, beacons, the pixel and go-links. */
export function collectApp(deps: AppDeps) {
  const app = contractApp();
  app.route('/', healthRoutes(deps));
  app.route('/t.js', trackerRoutes(deps));
  app.route('/e', beaconRoutes(deps));
  app.route('/p.gif', pixelRoutes(deps));
  app.route('/go', goLinkRoutes(deps));
  return app;
}

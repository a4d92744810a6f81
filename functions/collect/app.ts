import type { AppDeps } from '../shared/deps';
import { contractApp, group, mount } from '../shared/app';
import { health } from './health';
import { beacon, pixel } from './beacons';
import { goLink } from './go-links';
import { collectRoutes } from './routes';
import { trackerScript } from './tracker';

/** What readers' browsers call: the tracker, beacons, the pixel and go-links. */
export function collectApp(deps: AppDeps) {
  const countPixel = pixel(deps);
  const follow = goLink(deps);
  return mount(contractApp({ edgeSecret: deps.edgeSecret }), [
    group(collectRoutes, {
      health: health(deps),
      trackerScript: trackerScript(deps),
      beacon: beacon(deps),
      pixel: (c) => countPixel(c, c.req.valid('query').w),
      goLink: (c) => follow(c, c.req.valid('param').id),
    }),
  ]);
}

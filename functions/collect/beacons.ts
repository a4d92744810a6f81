import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { MAX_BEACON_BYTES, parseBeacon } from '../domain/beacon';
import { writeupIdSchema } from '../domain/writeup';
import { imageProxyOf } from '../domain/proxies';
import { recordBeacon, recordProxiedView, type BeaconResult } from '../services/reads';
import { clientAddress, userAgent } from '../shared/client-address';
import { nowOf, type AppDeps } from '../shared/deps';
import { payloadTooLarge, validationFailed } from '../shared/errors';

const DROPPED_HEADER = 'X-Signals-Dropped';
/** Said on a pixel an image proxy fetched: counted apart, as a proxied view. */
const PROXIED_HEADER = 'X-Signals-Proxied';

function markDropped(c: Context, result: BeaconResult) {
  if (result.dropped) c.header(DROPPED_HEADER, result.dropped);
}

/** `POST /e`: the tracker's beacons, from any origin. */
export function beaconRoutes(deps: AppDeps) {
  return new Hono()
    .use(cors({ origin: '*', allowMethods: ['POST'], allowHeaders: ['Content-Type'], exposeHeaders: [DROPPED_HEADER], maxAge: 86_400 }))
    .post('/', bodyLimit({ maxSize: MAX_BEACON_BYTES, onError: payloadTooLarge(MAX_BEACON_BYTES) }), async (c) => {
      const parsed = parseBeacon(await c.req.text());
      if (!parsed.ok) throw validationFailed(parsed.issues, 'The beacon is malformed.');
      const result = await recordBeacon(
        deps.store,
        parsed.beacon,
        { address: clientAddress(c, deps.trustProxy, deps.edgeSecret), userAgent: userAgent(c) },
        { readSeconds: deps.readSeconds, now: nowOf(deps) },
      );
      markDropped(c, result);
      return c.body(null, 202);
    });
}

// The smallest transparent GIF: 1×1, one transparent colour.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** `GET /p.gif?w={id}`: a view from a page that cannot run scripts. */
export function pixelRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const id = writeupIdSchema.safeParse(c.req.query('w'));
    if (!id.success) throw validationFailed([{ path: 'w', message: 'must be a write-up id' }]);
    // Caches (an image proxy's, a browser's) must ask again each time, or reads go unseen.
    c.header('Cache-Control', 'no-cache, no-store');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Content-Type', 'image/gif');
    const proxy = imageProxyOf(userAgent(c));
    if (proxy) {
      const proxied = await recordProxiedView(deps.store, id.data, proxy, nowOf(deps));
      c.header(proxied === 'counted' ? PROXIED_HEADER : DROPPED_HEADER, proxied === 'counted' ? proxy : proxied);
      return c.body(PIXEL);
    }
    // Each load is its own visit: a pixel has no visit id to send.
    const visitId = crypto.randomUUID().replaceAll('-', '');
    const result = await recordBeacon(
      deps.store,
      { k: 'view', w: id.data, v: visitId, u: c.req.url, r: null },
      { address: clientAddress(c, deps.trustProxy, deps.edgeSecret), userAgent: userAgent(c) },
      { readSeconds: deps.readSeconds, now: nowOf(deps) },
    );
    markDropped(c, result);
    return c.body(PIXEL);
  });
}

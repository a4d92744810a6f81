import type { Context } from 'hono';
import { parseBeacon } from '../domain/beacon';
import { imageProxyOf } from '../domain/proxies';
import { recordBeacon, recordProxiedView, type BeaconResult } from '../services/reads';
import { readerOf } from '../shared/client-address';
import { nowOf, type AppDeps } from '../shared/deps';
import { validationFailed } from '../shared/errors';
import { DROPPED_HEADER, PROXIED_HEADER } from './routes';

function markDropped(c: Context, result: BeaconResult) {
  if (result.dropped) c.header(DROPPED_HEADER, result.dropped);
}

/** `POST /e`: the tracker's beacons, from any origin. */
export const beacon = (deps: AppDeps) => async (c: Context) => {
  const parsed = parseBeacon(await c.req.text());
  if (!parsed.ok) throw validationFailed(parsed.issues, 'The beacon is malformed.');
  const result = await recordBeacon(deps.store, parsed.beacon, readerOf(c, deps.trustProxy), { readSeconds: deps.readSeconds, now: nowOf(deps) });
  markDropped(c, result);
  return c.body(null, 202);
};

// The smallest transparent GIF: 1×1, one transparent colour.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** `GET /p.gif?w={id}`: a view from a page that cannot run scripts. */
export const pixel = (deps: AppDeps) => async (c: Context, writeupId: string) => {
  // Caches (an image proxy's, a browser's) must ask again each time, or reads go unseen.
  c.header('Cache-Control', 'no-cache, no-store');
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  c.header('Content-Type', 'image/gif');
  const reader = readerOf(c, deps.trustProxy);
  const proxy = imageProxyOf(reader.userAgent);
  if (proxy) {
    const proxied = await recordProxiedView(deps.store, writeupId, proxy, reader, nowOf(deps));
    c.header(proxied === 'counted' ? PROXIED_HEADER : DROPPED_HEADER, proxied === 'counted' ? proxy : proxied);
    return c.body(PIXEL);
  }
  // Each load is its own visit: a pixel has no visit id to send.
  const visitId = crypto.randomUUID().replaceAll('-', '');
  const result = await recordBeacon(deps.store, { k: 'view', w: writeupId, v: visitId, u: c.req.url, r: null }, reader, {
    readSeconds: deps.readSeconds,
    now: nowOf(deps),
  });
  markDropped(c, result);
  return c.body(PIXEL);
};

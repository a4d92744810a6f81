import * as z from 'zod';
import { beaconSchema, DROP_REASONS, MAX_BEACON_BYTES } from '../domain/beacon';
import { WRITEUP_ID_PATTERN } from '../domain/writeup';
import { empty, json, media, operations, rawBody } from '../shared/operation';
import { errorSchema } from '../shared/schemas';

/** Why a beacon, a pixel or a go-link click was not counted, when it was not. */
export const DROPPED_HEADER = 'X-Signals-Dropped';
/** Said on a pixel an image proxy fetched: counted apart, as a proxied view. */
export const PROXIED_HEADER = 'X-Signals-Proxied';

const dropped = z.object({
  [DROPPED_HEADER]: z.enum(DROP_REASONS).optional().meta({ description: 'Received, not counted, and why' }),
});

/** What readers' browsers call: the tracker, beacons, the pixel and go-links; and the health check. */
export const collectRoutes = operations(
  'collect',
  { name: 'reads', description: "Readers' browsers: the tracker, its beacons, the pixel and go-links" },
  {
    health: {
      method: 'get',
      path: '/healthz',
      access: 'public',
      summary: 'Whether the store answers',
      responses: { 200: json(z.object({ ok: z.literal(true) }), 'The store answers') },
    },
    trackerScript: {
      method: 'get',
      path: '/t.js',
      access: 'public',
      summary: 'The tracker script, cached a day',
      responses: { 200: media('text/javascript', 'The script'), 304: empty('Not changed since the ETag given') },
    },
    beacon: {
      method: 'post',
      path: '/e',
      access: 'public',
      rate: 'beacons',
      cors: true,
      maxBodyBytes: MAX_BEACON_BYTES,
      summary: "The tracker's beacon: a view, or how long a page was read",
      request: { body: rawBody(['text/plain', 'application/json'], beaconSchema, 'JSON, sent as text/plain (no CORS preflight) or application/json') },
      responses: { 202: { description: 'Accepted: counted, or received and dropped (the header says why)', headers: dropped } },
    },
    pixel: {
      method: 'get',
      path: '/p.gif',
      access: 'public',
      rate: 'pixels',
      summary: 'A view from a page that cannot run scripts (an image proxy’s fetch counts apart)',
      request: {
        query: z.object({
          w: z.string({ error: 'must be a write-up id' }).regex(WRITEUP_ID_PATTERN, 'must be a write-up id').meta({ description: 'The write-up' }),
        }),
      },
      responses: {
        200: {
          ...media('image/gif', 'A transparent 1×1 GIF, never cached'),
          headers: dropped.extend({ [PROXIED_HEADER]: z.string().optional().meta({ description: 'Fetched by this image proxy: a proxied view' }) }),
        },
      },
    },
    goLink: {
      method: 'get',
      path: '/go/{id}',
      access: 'public',
      rate: 'goLinks',
      // Followed by people's browsers, not called by programs: a redirect, not part of the API's document.
      page: true,
      summary: 'A link that counts its clicks, then sends the reader to the write-up',
      request: {
        params: z.object({ id: z.string().max(200) }),
        query: z.object({
          from: z
            .union([z.string(), z.array(z.string())])
            .optional()
            .meta({ description: 'The kind of place the link is in (`chat`, `doc`, …), when no Referer says; never refused' }),
        }),
      },
      responses: { 302: { ...empty('To the write-up'), headers: dropped }, 404: json(errorSchema, 'No write-up with that id (a page for people)') },
    },
  },
);

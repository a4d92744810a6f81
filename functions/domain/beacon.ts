import * as z from 'zod';
import { clientIdSchema, issuesOf, type Issue } from './validation';
import { httpUrlSchema, writeupIdSchema } from './writeup';

/** Why a received beacon (or pixel) counted nothing: said in `X-Signals-Dropped`. */
export const DROP_REASONS = ['bot', 'unknown-writeup', 'duplicate', 'limit'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** The tracker's bodies are far smaller; anything bigger is not ours. */
export const MAX_BEACON_BYTES = 2_048;
/** A day in milliseconds: no visit stays visible and focused longer. */
const MAX_ENGAGED_MS = 86_400_000;

const common = {
  w: writeupIdSchema,
  u: httpUrlSchema,
  // Browsers send odd referrers (android-app://, truncated ones); they are kept
  // as text here and judged by the referrer rules, never refused.
  r: z.string().max(2_000).nullable().optional(),
  v: clientIdSchema,
};

export const beaconSchema = z.discriminatedUnion('k', [
  z.object({ ...common, k: z.literal('view') }),
  z.object({
    ...common,
    k: z.literal('engage'),
    e: z.number().int().min(0).max(MAX_ENGAGED_MS),
    s: z.number().min(0).max(100),
  }),
]);

export type Beacon = z.infer<typeof beaconSchema>;

export type ParsedBeacon = { ok: true; beacon: Beacon } | { ok: false; issues: Issue[] };

/** Reads a beacon body (JSON, whatever content type the browser put on it). */
export function parseBeacon(body: string): ParsedBeacon {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, issues: [{ path: '', message: 'body must be a JSON object' }] };
  }
  const result = beaconSchema.safeParse(json);
  if (result.success) return { ok: true, beacon: result.data };
  return { ok: false, issues: issuesOf(result.error) };
}

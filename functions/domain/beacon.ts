import * as z from 'zod';
import { clientIdSchema, issuesOf, type Issue } from './validation';
import { isHttpUrl, MAX_URL_LENGTH, writeupIdSchema } from './writeup';

/** Why a received beacon (or pixel) counted nothing: said in `X-Signals-Dropped`. */
export const DROP_REASONS = ['bot', 'unknown-writeup', 'duplicate', 'limit'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** The tracker's bodies are far smaller; anything bigger is not ours. */
export const MAX_BEACON_BYTES = 2_048;
/** A day in milliseconds: no visit stays visible and focused longer. */
const MAX_ENGAGED_MS = 86_400_000;

/**
 * An address cut to MAX_URL_LENGTH: its hash goes first, then its query, then
 * the end of its path, so a long address loses the least telling part.
 */
export function trimAddress(url: string): string {
  if (url.length <= MAX_URL_LENGTH) return url;
  const withoutHash = url.split('#')[0]!;
  if (withoutHash.length <= MAX_URL_LENGTH) return withoutHash;
  const withoutQuery = withoutHash.split('?')[0]!;
  return withoutQuery.slice(0, MAX_URL_LENGTH);
}

// Any address the body can hold is taken, then trimmed: a long address never costs the view.
const addressSchema = z.string().max(MAX_BEACON_BYTES).transform(trimAddress);

const common = {
  // Left out by a page without `data-writeup`: the write-up is then the one at `u`.
  w: writeupIdSchema.optional().meta({ description: "The write-up's id (`data-writeup`); without it, the write-up found at `u`" }),
  u: addressSchema.refine(isHttpUrl, 'must be an http or https URL').meta({ description: 'The address of the page being read' }),
  // Browsers send odd referrers (android-app://, truncated ones); they are kept
  // as text here and judged by the referrer rules, never refused.
  r: addressSchema.nullable().optional().meta({ description: "The page's referrer, as the browser gave it" }),
  v: clientIdSchema.meta({ description: 'A random id of this page view, so its beacons count once' }),
};

export const beaconSchema = z.discriminatedUnion('k', [
  z.object({ ...common, k: z.literal('view').meta({ description: 'A view: the page was opened' }) }),
  z.object({
    ...common,
    k: z.literal('engage').meta({ description: 'Engagement: sent as the reader leaves' }),
    e: z.number().int().min(0).max(MAX_ENGAGED_MS).meta({ description: 'Milliseconds the page was visible and focused' }),
    s: z.number().min(0).max(100).meta({ description: 'How far down the page was read, in percent' }),
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

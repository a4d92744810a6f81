import { addDays, type Day } from './dates';

/**
 * Confluence Cloud's own page views, imported once a day: its analytics answer
 * how many views (and distinct viewers) a page had since a date, so a day's
 * count is the difference of two such answers.
 */

/**
 * Where a URL on this Confluence site points: a page or blog post by its id,
 * or a tiny link (`/wiki/x/{code}`, what the Share button gives) that the
 * site resolves. Undefined for anything else, or another site.
 */
export type ConfluenceAddress = { pageId: string } | { tiny: string };

const CONTENT_PATHS = [
  // /wiki/spaces/OPS/pages/123456/Title (and /pages/edit-v2/123456)
  /\/pages\/(?:edit-v2\/)?(\d{1,20})(?:\/|$)/,
  // /wiki/spaces/OPS/blog/2026/03/02/123456/Title
  /\/spaces\/[^/]+\/blog\/\d{4}\/\d{2}\/\d{2}\/(\d{1,20})(?:\/|$)/,
  // /wiki/spaces/OPS/blog/123456 (and /123456/Title)
  /\/spaces\/[^/]+\/blog\/(\d{1,20})(?:\/|$)/,
];

export function confluenceAddressOf(url: string, site: string): ConfluenceAddress | undefined {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url);
    base = new URL(site);
  } catch {
    return undefined;
  }
  if (parsed.origin !== base.origin) return undefined;
  const tiny = /^\/wiki\/x\/([A-Za-z0-9_-]{1,16})\/?$/.exec(parsed.pathname)?.[1];
  if (tiny) return { tiny };
  for (const path of CONTENT_PATHS) {
    const id = path.exec(parsed.pathname)?.[1];
    if (id) return { pageId: id };
  }
  const pageId = parsed.searchParams.get('pageId') ?? '';
  return /^\d{1,20}$/.test(pageId) ? { pageId } : undefined;
}

/**
 * The page id a tiny link's code stands for: the id's bytes, least
 * significant first, in base64 with `-` and `_` for `/` and `+`, trailing
 * zero bytes left out. Used when the site does not say where the link goes.
 */
export function tinyLinkPageId(code: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,16}$/.test(code)) return undefined;
  const base64 = code
    .replaceAll('-', '/')
    .replaceAll('_', '+')
    .padEnd(Math.ceil(code.length / 4) * 4 + 4, 'A');
  const bytes = Buffer.from(base64, 'base64').subarray(0, 8);
  let id = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) id = (id << 8n) | BigInt(bytes[i]!);
  return id > 0n ? String(id) : undefined;
}

/**
 * How long to wait before the next call after Confluence answered `status`:
 * `Retry-After` (seconds, or a date) or `X-RateLimit-Reset` (when the limit
 * resets) as given, never less (Atlassian says an early retry lengthens the
 * penalty), plus a little; without them, on 429 or 5xx, exponential backoff
 * with jitter: about 2 s, 4 s, 8 s… up to a minute. `random` is in [0, 1).
 */
export function waitAfter(status: number, header: (name: string) => string | null, attempt: number, nowMs: number, random: number): number | undefined {
  if (status !== 429 && status < 500) return undefined;
  const retryAfter = header('retry-after')?.trim();
  let given: number | undefined;
  if (retryAfter && /^\d+$/.test(retryAfter)) given = Number(retryAfter) * 1_000;
  else if (retryAfter && !Number.isNaN(Date.parse(retryAfter))) given = Math.max(0, Date.parse(retryAfter) - nowMs);
  const reset = header('x-ratelimit-reset');
  if (given === undefined && reset && !Number.isNaN(Date.parse(reset))) given = Math.max(0, Date.parse(reset) - nowMs);
  // Positive jitter only: never earlier than asked.
  if (given !== undefined) return given + Math.round(random * Math.min(1_000, given / 10));
  const ceiling = Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/**
 * Each day's count from counts "since a day": since(d) − since(d + 1). Views
 * come out exact; for viewers this counts each person once, on the day of their
 * latest view before the import.
 */
export function perDay(days: Day[], since: (day: Day) => number): Array<{ day: Day; count: number }> {
  return days.map((day) => ({ day, count: Math.max(0, since(day) - since(addDays(day, 1))) }));
}

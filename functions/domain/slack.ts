import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack signs `v0:{timestamp}:{raw body}`; a request older or newer than this is refused (replay). */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/** Checks a request's Slack signature (`v0=` HMAC-SHA256, compared in constant time) and its age. */
export function slackSignatureValid(
  secret: string,
  timestamp: string | undefined,
  body: string,
  signature: string | undefined,
  nowSeconds: number,
): 'ok' | 'stale' | 'bad' {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature || !/^v0=[0-9a-f]{64}$/.test(signature)) return 'bad';
  if (Math.abs(nowSeconds - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) return 'stale';
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(signature)) ? 'ok' : 'bad';
}

/** Slack's permalink shape for a message, when the Web API cannot be asked. */
export const messagePermalink = (channel: string, ts: string) => `https://slack.com/archives/${encodeURIComponent(channel)}/p${ts.replace('.', '')}`;

/** A `link_shared` event's parts this product reads; undefined for anything else. */
export interface LinkShared {
  channel: string;
  messageTs: string;
  urls: string[];
  composer: boolean;
}

const MAX_SHARED_URLS = 4_000;

export function linkSharedOf(body: unknown): LinkShared | undefined {
  const event = (body as { event?: Record<string, unknown> } | undefined)?.event;
  if (event?.type !== 'link_shared') return undefined;
  const links = Array.isArray(event.links) ? event.links : [];
  const urls = links
    .map((link) => (link as { url?: unknown }).url)
    .filter((url): url is string => typeof url === 'string')
    // Slack's messages hold at most 40,000 characters: no more URLs than this. A delivery still records at most 50 links, and says how many more it named.
    .slice(0, MAX_SHARED_URLS);
  const channel = typeof event.channel === 'string' ? event.channel : '';
  const messageTs = typeof event.message_ts === 'string' ? event.message_ts : '';
  return { channel, messageTs, urls, composer: event.source === 'composer' || channel === 'COMPOSER' };
}

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

/**
 * Text for Slack's mrkdwn, taken as text: `&`, `<` and `>` escaped as Slack documents, so a title or an answer
 * cannot make a link, a mention or `<!channel>`.
 */
export const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A `link_shared` event's parts this product reads; undefined for anything else. */
export interface LinkShared {
  /** Slack's `event_id`: the same event in every retry of its delivery. */
  eventId: string;
  channel: string;
  messageTs: string;
  urls: string[];
  composer: boolean;
}

/** The work a `link_shared` event asks for, handed on to run after the hook has answered Slack. */
export interface SlackJob {
  kind: 'slack-link-shared';
  shared: LinkShared;
  /** The product's base URL, for go-links in the message. */
  productUrl: string;
}

/** A direct message's channel (`D…`): people's own conversations are neither recorded nor unfurled. */
export const isDirectMessageChannel = (channel: string) => channel.startsWith('D');

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
  const id = (body as { event_id?: unknown }).event_id;
  // Slack names each event (`Ev…`); without it, the message is the event (a retry names the same message).
  const eventId = typeof id === 'string' && /^[A-Za-z0-9]{1,64}$/.test(id) ? id : `${channel}-${messageTs}`.replace(/[^A-Za-z0-9.-]/g, '').slice(0, 64);
  return { eventId, channel, messageTs, urls, composer: event.source === 'composer' || channel === 'COMPOSER' };
}

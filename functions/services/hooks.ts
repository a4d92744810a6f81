import type { Store } from '../data/client';
import { listAllWriteups } from '../data/writeups';
import { mentionsOf } from '../domain/github';
import { referenceFinder } from '../domain/references';
import { WebClient } from '@slack/web-api';
import { messagePermalink, type LinkShared } from '../domain/slack';
import type { SlackSettings } from '../shared/deps';
import { addDays, dayOf } from '../domain/dates';
import { linksNamed, MAX_LINKS_PER_DELIVERY, normalizeLinkUrl } from '../domain/links';
import type { Writeup } from '../domain/writeup';
import { registerDeliveryLinks } from './links';
import { writeupReport } from './reports';
import { plural } from '../domain/words';

/**
 * A GitHub delivery: every place in it that mentions a write-up (its URL, a
 * copy's, or its go-link) becomes a link of that write-up, `via: "github"`:
 * the first 50 it names, new places within the write-up's new places of the
 * day. Registering a place twice adds nothing, so a redelivery adds nothing.
 * The work is bounded by the links taken, whatever the delivery's size.
 */
export async function linksFromGithub(store: Store, event: string, payload: unknown, settings: { productUrl: string }, now: Date) {
  const mentions = mentionsOf(event, payload);
  if (mentions.length === 0) return { mentions: 0, created: 0, existing: 0, skipped: 0, overDayLimit: 0 };
  const find = referenceFinder(await listAllWriteups(store), settings.productUrl);
  const named = linksNamed(mentions.map((mention) => ({ place: { url: mention.url, kind: mention.kind }, writeupIds: find(mention.text) })));
  return { mentions: mentions.length, ...(await registerDeliveryLinks(store, named, 'github', now)) };
}

/**
 * Slack waits 3 s for an answer: the Web API's calls (the permalink, then the
 * unfurl) end by this long after the event came, and the permalink gets at
 * most SLACK_PERMALINK_MS of it, so the store's work and the network have the rest.
 */
export const SLACK_WEB_API_UNTIL_MS = 2_000;
export const SLACK_PERMALINK_MS = 1_000;

/** What `work` gives within `ms`, or `fallback` (also when it fails): the work is left to end on its own. */
async function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([work.catch(() => fallback), new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A Slack message that shares links: each that names a write-up (its URL, a
 * copy's, its go-link) makes the message's permalink a `chat` link of it, the
 * first 50 it names, new places within the write-up's new places of the day;
 * with a bot token, the linked write-ups are unfurled with their title and a
 * line of their signals, side by side (never a score). The Web API's calls
 * end within SLACK_WEB_API_UNTIL_MS, so Slack has its answer within its 3 s:
 * a permalink not given in time is the message's permalink shape, an unfurl
 * not made in time is not made.
 */
export async function linksFromSlack(store: Store, shared: LinkShared, settings: { productUrl: string; slack: SlackSettings }, now: Date) {
  const deadline = performance.now() + SLACK_WEB_API_UNTIL_MS;
  const left = () => Math.max(0, deadline - performance.now());
  const writeups = await listAllWriteups(store);
  const find = referenceFinder(writeups, settings.productUrl);
  const named = new Map<string, string>();
  for (const url of shared.urls) for (const id of find(url)) if (!named.has(id)) named.set(id, url);
  if (named.size === 0) return { created: 0, existing: 0, skipped: 0, overDayLimit: 0, unfurled: 0 };
  const token = await settings.slack.botToken?.();
  const client = token ? new WebClient(token, { slackApiUrl: settings.slack.apiUrl, timeout: SLACK_WEB_API_UNTIL_MS, retryConfig: { retries: 0 } }) : undefined;
  const shape = messagePermalink(shared.channel, shared.messageTs);
  const permalink = client
    ? await within(
        client.chat.getPermalink({ channel: shared.channel, message_ts: shared.messageTs }).then((answer) => answer.permalink ?? shape),
        Math.min(SLACK_PERMALINK_MS, left()),
        shape,
      )
    : shape;
  // One place, the message, for every write-up it names.
  const place = { url: normalizeLinkUrl(permalink) ? permalink : shape, kind: 'chat' as const };
  const links = await registerDeliveryLinks(store, linksNamed([{ place, writeupIds: named.keys() }]), 'slack', now);
  let unfurled = 0;
  // The links come first: the unfurls (of the first write-ups named, those linked) get what time is left.
  const unfurls =
    client && left() > 0
      ? await within(unfurlsOf(store, writeups, named, [...named.keys()].slice(0, MAX_LINKS_PER_DELIVERY), now), left(), undefined)
      : undefined;
  if (client && unfurls && Object.keys(unfurls).length > 0 && left() > 0) {
    unfurled = await within(
      client.chat.unfurl({ channel: shared.channel, ts: shared.messageTs, unfurls }).then(() => Object.keys(unfurls).length),
      left(),
      0,
    );
  }
  return { ...links, unfurled };
}

/** The unfurl of each of these write-ups, by the URL the message named it with: its title and a line of its last 90 days. */
async function unfurlsOf(store: Store, writeups: Writeup[], named: Map<string, string>, ids: string[], now: Date) {
  const range = { from: addDays(dayOf(now), -89), to: dayOf(now) };
  const unfurls: Record<string, { title: string; title_link: string; text: string }> = {};
  await Promise.all(
    ids.map(async (id) => {
      const report = await writeupReport(store, id, range);
      const writeup = writeups.find((w) => w.id === id);
      if (!report || !writeup) return;
      unfurls[named.get(id)!] = {
        title: writeup.title,
        title_link: writeup.url,
        text: `Last 90 days: ${plural(report.reads.views, 'read')} · ${plural(report.links.total, 'place links', 'places link')} here · ${plural(report.attendance.reviews, 'review')} · ${plural(report.surveys.responses, 'survey answer')}`,
      };
    }),
  );
  return unfurls;
}

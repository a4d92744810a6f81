import type { Store } from '../data/client';
import { listAllWriteups } from '../data/writeups';
import { mentionsOf } from '../domain/github';
import { referenceFinder } from '../domain/references';
import { WebClient } from '@slack/web-api';
import { messagePermalink, type LinkShared } from '../domain/slack';
import type { SlackSettings } from '../shared/deps';
import { addDays, dayOf } from '../domain/dates';
import { linksNamed } from '../domain/links';
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
 * A Slack message that shares links: each that names a write-up (its URL, a
 * copy's, its go-link) makes the message's permalink a `chat` link of it;
 * with a bot token, the links are unfurled with the write-up's title and a
 * line of its signals, side by side (never a score). Slack's Web API is given
 * two seconds, so Slack has its answer within its three.
 */
export async function linksFromSlack(store: Store, shared: LinkShared, settings: { productUrl: string; slack: SlackSettings }, now: Date) {
  const writeups = await listAllWriteups(store);
  const find = referenceFinder(writeups, settings.productUrl);
  const named = new Map<string, string>();
  for (const url of shared.urls) for (const id of find(url)) if (!named.has(id)) named.set(id, url);
  if (named.size === 0) return { created: 0, existing: 0, skipped: 0, overDayLimit: 0, unfurled: 0 };
  const token = await settings.slack.botToken?.();
  const client = token ? new WebClient(token, { slackApiUrl: settings.slack.apiUrl, timeout: 2_000, retryConfig: { retries: 0 } }) : undefined;
  let permalink = messagePermalink(shared.channel, shared.messageTs);
  if (client) {
    permalink = await client.chat
      .getPermalink({ channel: shared.channel, message_ts: shared.messageTs })
      .then((answer) => answer.permalink ?? permalink)
      .catch(() => permalink);
  }
  const links = await registerDeliveryLinks(store, linksNamed([{ place: { url: permalink, kind: 'chat' as const }, writeupIds: named.keys() }]), 'slack', now);
  let unfurled = 0;
  if (client) {
    const range = { from: addDays(dayOf(now), -89), to: dayOf(now) };
    const unfurls: Record<string, { title: string; title_link: string; text: string }> = {};
    for (const [id, url] of named) {
      const report = await writeupReport(store, id, range);
      const writeup = writeups.find((w) => w.id === id)!;
      if (!report) continue;
      unfurls[url] = {
        title: writeup.title,
        title_link: writeup.url,
        text: `Last 90 days: ${plural(report.reads.views, 'read')} · ${plural(report.links.total, 'place links', 'places link')} here · ${plural(report.attendance.reviews, 'review')} · ${plural(report.surveys.responses, 'survey answer')}`,
      };
    }
    unfurled = await client.chat
      .unfurl({ channel: shared.channel, ts: shared.messageTs, unfurls })
      .then(() => Object.keys(unfurls).length)
      .catch(() => 0);
  }
  return { ...links, unfurled };
}

import { WebClient } from '@slack/web-api';
import type { Store } from '../data/client';
import { releaseHookEvent, takeHookEvent } from '../data/hook-events';
import { listAllWriteups } from '../data/writeups';
import { addDays, dayOf } from '../domain/dates';
import { linksNamed, MAX_LINKS_PER_DELIVERY, normalizeLinkUrl } from '../domain/links';
import { referenceFinder } from '../domain/references';
import { escapeMrkdwn, messagePermalink, type LinkShared, type SlackJob } from '../domain/slack';
import { plural } from '../domain/words';
import type { Writeup } from '../domain/writeup';
import type { SlackSettings } from '../shared/deps';
import { registerDeliveryLinks } from './links';
import { writeupReport } from './reports';

/**
 * One Web API call's bound, and its retries (a `429`'s `Retry-After` is waited for, within the whole job's
 * time). The job runs after Slack has its answer, so the calls need not race Slack's 3 seconds.
 */
export const SLACK_CALL_TIMEOUT_MS = 5_000;
const SLACK_RETRIES = { retries: 2, maxRetryTime: 15_000 };

/**
 * Takes a `link_shared` event for work, once whatever its retries: a retry of an event already taken is
 * `false`. A delivery that fails before the work is handed on gives the event back (`giveBack`), so the
 * retry Slack then makes does the work: an event whose first delivery failed is taken from its retry.
 */
export const takeSlackEvent = (store: Store, shared: LinkShared, now: Date) => takeHookEvent(store, 'slack', shared.eventId, now);
export const giveBackSlackEvent = (store: Store, shared: LinkShared) => releaseHookEvent(store, 'slack', shared.eventId);

/**
 * A Slack message that shares links, after the hook's answer: each URL that names a write-up (its URL, a
 * copy's, its go-link) makes the message's permalink a `chat` link of it, the first 50 it names, new places
 * within the write-up's new places of the day; with a bot token, every such URL is unfurled with its
 * write-up's title and a line of its signals, side by side (never a score). Group DMs (asked of
 * `conversations.info`) are left alone, as direct messages are before the work is handed on. Doing it twice
 * adds nothing: a place is registered once.
 */
export async function linksFromSlack(store: Store, job: SlackJob, slack: SlackSettings, now: Date) {
  const { shared } = job;
  const writeups = await listAllWriteups(store);
  const find = referenceFinder(writeups, job.productUrl);
  // Every URL that names a write-up, each with the write-ups it names.
  const byUrl = new Map<string, string[]>();
  for (const url of shared.urls) {
    const ids = [...find(url)];
    if (ids.length && !byUrl.has(url)) byUrl.set(url, ids);
  }
  const named = [...new Set([...byUrl.values()].flat())];
  if (named.length === 0) return { created: 0, existing: 0, skipped: 0, overDayLimit: 0, unfurled: 0 };
  const token = await slack.botToken?.();
  const client = token ? new WebClient(token, { slackApiUrl: slack.apiUrl, timeout: SLACK_CALL_TIMEOUT_MS, retryConfig: SLACK_RETRIES }) : undefined;
  if (client && (await isGroupConversation(client, shared.channel)))
    return { created: 0, existing: 0, skipped: 0, overDayLimit: 0, unfurled: 0, ignored: 'group DM' };
  const shape = messagePermalink(shared.channel, shared.messageTs);
  const permalink = client
    ? await client.chat
        .getPermalink({ channel: shared.channel, message_ts: shared.messageTs })
        .then((answer) => answer.permalink ?? shape)
        .catch(() => shape)
    : shape;
  // One place, the message, for every write-up it names.
  const place = { url: normalizeLinkUrl(permalink) ? permalink : shape, kind: 'chat' as const };
  const links = await registerDeliveryLinks(store, linksNamed([{ place, writeupIds: named }]), 'slack', now);
  if (!client) return { ...links, unfurled: 0 };
  const unfurls = await unfurlsOf(store, writeups, [...byUrl].slice(0, MAX_LINKS_PER_DELIVERY), now);
  const unfurled = Object.keys(unfurls).length
    ? await client.chat
        .unfurl({ channel: shared.channel, ts: shared.messageTs, unfurls })
        .then(() => Object.keys(unfurls).length)
        .catch(() => 0)
    : 0;
  return { ...links, unfurled };
}

/** A group DM (or a DM Slack did not name `D…`): `conversations.info` says so. A channel it will not describe is a channel. */
async function isGroupConversation(client: WebClient, channel: string): Promise<boolean> {
  if (!channel.startsWith('G') && !channel.startsWith('D')) return false;
  try {
    const { channel: info } = await client.conversations.info({ channel });
    return info?.is_mpim === true || info?.is_im === true;
  } catch {
    return false;
  }
}

/**
 * The unfurl of each URL naming a write-up (its first): its title and a line of its last 90 days. The title
 * and text are escaped for Slack, so a title holding `<!channel>` or `<url|text>` is shown as typed.
 */
async function unfurlsOf(store: Store, writeups: Writeup[], urls: Array<[string, string[]]>, now: Date) {
  const range = { from: addDays(dayOf(now), -89), to: dayOf(now) };
  const reports = new Map<string, Awaited<ReturnType<typeof writeupReport>>>();
  const ids = [...new Set(urls.map(([, ids]) => ids[0]!))];
  await Promise.all(ids.map(async (id) => reports.set(id, await writeupReport(store, id, range))));
  const unfurls: Record<string, { title: string; title_link: string; text: string }> = {};
  for (const [url, [id]] of urls) {
    const report = reports.get(id!);
    const writeup = writeups.find((w) => w.id === id);
    if (!report || !writeup) continue;
    unfurls[url] = {
      title: escapeMrkdwn(writeup.title),
      title_link: writeup.url,
      text: `Last 90 days: ${plural(report.reads.views, 'read')} · ${plural(report.links.total, 'place links', 'places link')} here · ${plural(report.attendance.reviews, 'review')} · ${plural(report.surveys.responses, 'survey answer')}`,
    };
  }
  return unfurls;
}

import type { Store } from '../data/client';
import type { DigestSettings } from '../shared/deps';
import { claimDigest, finishDigest, listDigestSends, type DigestSend } from '../data/digests';
import { listDailyReads } from '../data/reads';
import { listResponses, type SurveyResponse } from '../data/responses';
import { wordsIn } from '../domain/survey';
import { plural } from '../domain/words';
import { listAllWriteups } from '../data/writeups';
import { addDays, daysBetween } from '../domain/dates';
import {
  CLAIM_LEASE_MS,
  DESTINATIONS,
  digestWeekAt,
  isEmptyDigest,
  MAX_ATTEMPTS,
  pickWords,
  retryDelayMs,
  stillToSend,
  yearBefore,
  type Destination,
  type Digest,
  type DigestWeek,
  type DigestWords,
} from '../domain/digest';
import { digestHtml, digestSlack, digestText, subject } from '../domain/digest-message';
import { previousRange, totalsOf, type OrgReport } from '../domain/org-report';
import type { DayRange } from '../domain/report-range';
import { publishedDay, type Writeup } from '../domain/writeup';
import { DeliveryFailed, mailTransport, postToSlack, sendMail } from './digest-delivery';
import { orgReport } from './org-report';

// Declared beside the other settings the apps are given (shared/deps.ts).
export type { DigestSettings };

export const destinationsOf = (settings: DigestSettings | undefined): Destination[] =>
  DESTINATIONS.filter((d) => (d === 'slack' ? settings?.slackWebhookUrl : settings?.email));

const LONG_TAIL_DAYS = 90;
const WORDS_WEEKS = 4;

/** The week's digest over the stored signals: the same figures the organization's page shows for those days. */
export async function composeDigest(store: Store, week: DayRange, dashboardUrl: string): Promise<Digest> {
  const previous = previousRange(week);
  const writeups = await listAllWriteups(store);
  const [now, before] = await Promise.all([orgReport(store, week, 'week', undefined, writeups), orgReport(store, previous, 'week', undefined, writeups)]);
  const [longTail, words, anniversaries] = await Promise.all([
    longTailOf(store, writeups, [now, before], week, previous),
    wordsOf(store, writeups, { from: addDays(week.to, -(WORDS_WEEKS * 7 - 1)), to: week.to }),
    anniversariesOf(store, writeups, week),
  ]);
  const [t, b] = [totalsOf(now), totalsOf(before)];
  const side = (a: number, z: number) => ({ now: a, before: z });
  const sum = (report: OrgReport, field: string) => report.series.reduce((n, bucket) => n + Number(bucket[field] ?? 0), 0);
  const kinds = (report: OrgReport) => {
    const all: Record<string, number> = {};
    for (const bucket of report.series) for (const [kind, n] of Object.entries(bucket.linksByKind as Record<string, number>)) all[kind] = (all[kind] ?? 0) + n;
    return all;
  };
  const [kindsNow, kindsBefore] = [kinds(now), kinds(before)];
  return {
    week: { from: week.from, to: week.to },
    previous,
    figures: {
      newWriteups: side(sum(now, 'writeups'), sum(before, 'writeups')),
      views: side(t.views, b.views),
      engaged: side(t.engaged, b.engaged),
      readers: side(t.readers, b.readers),
      longTail: side(longTail.now.length, longTail.before),
      reviews: side(t.reviews, b.reviews),
      attendees: side(t.attendees, b.attendees),
      voluntary: side(t.voluntary, b.voluntary),
      participated: side(t.participated, b.participated),
      responses: side(t.responses, b.responses),
      links: side(t.links, b.links),
    },
    linksByKind: [...new Set([...Object.keys(kindsNow), ...Object.keys(kindsBefore)])].sort().map((kind) => ({ kind, now: kindsNow[kind] ?? 0, before: kindsBefore[kind] ?? 0 })),
    longTail: longTail.now.slice(0, 5),
    words,
    anniversaries,
    dashboardUrl: dashboardUrl.replace(/\/+$/, ''),
  };
}

/**
 * Write-ups read in the week on a day 90 or more days after their publication
 * (and how many were in the week before). Only write-ups old enough, with a read
 * in the months of the two weeks by their monthly rollup, are looked at day by day.
 */
async function longTailOf(store: Store, writeups: Writeup[], reports: [OrgReport, OrgReport], week: DayRange, previous: DayRange) {
  const lastRead = new Map<string, string>();
  for (const report of reports) for (const w of report.writeups) if (w.lastRead && w.lastRead > (lastRead.get(w.id) ?? '')) lastRead.set(w.id, w.lastRead);
  const candidates = writeups.filter((w) => daysBetween(publishedDay(w), week.to) >= LONG_TAIL_DAYS && (lastRead.get(w.id) ?? '') >= previous.from);
  const found = await Promise.all(
    candidates.map(async (w) => {
      const published = publishedDay(w);
      const days = (await listDailyReads(store, w.id, previous.from, week.to)).filter((d) => d.views > 0 && daysBetween(published, d.date) >= LONG_TAIL_DAYS);
      const viewsIn = (range: DayRange) => days.filter((d) => d.date >= range.from && d.date <= range.to).reduce((n, d) => n + d.views, 0);
      return { id: w.id, title: w.title, publishedAt: published, views: viewsIn(week), before: viewsIn(previous) };
    }),
  );
  return {
    now: found.filter((w) => w.views > 0).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt)).map(({ before: _before, ...w }) => w),
    before: found.filter((w) => w.before > 0).length,
  };
}

const WORD_QUESTIONS = ['surprise', 'mystery'] as const;

function wordsFrom(writeup: Writeup, responses: SurveyResponse[]): DigestWords[] {
  return wordsIn(WORD_QUESTIONS, responses).map((words) => ({ writeupId: writeup.id, writeupTitle: writeup.title, ...words }));
}

/** Recent surprises and mysteries, in participants' own words and never with their names. */
async function wordsOf(store: Store, writeups: Writeup[], range: DayRange): Promise<DigestWords[]> {
  const all = await Promise.all(writeups.map(async (w) => wordsFrom(w, await listResponses(store, w.id, range.from, range.to))));
  return pickWords(all.flat());
}

/** Write-ups published a year before a day of the week, with what was still a mystery to participants in their first year. */
async function anniversariesOf(store: Store, writeups: Writeup[], week: DayRange): Promise<Digest['anniversaries']> {
  const [from, to] = [yearBefore(week.from), yearBefore(week.to)];
  const due = writeups.filter((w) => publishedDay(w) >= from && publishedDay(w) <= to).sort((a, b) => publishedDay(a).localeCompare(publishedDay(b)));
  return Promise.all(
    due.map(async (w) => {
      const responses = await listResponses(store, w.id, publishedDay(w), addDays(week.from, -1));
      const mysteries = wordsFrom(w, responses)
        .filter((words) => words.question === 'mystery')
        .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
        .slice(0, 3)
        .map((words) => words.answer);
      return { id: w.id, title: w.title, publishedAt: publishedDay(w), mysteries };
    }),
  );
}

export interface DestinationResult {
  destination: Destination;
  /** Sent by this call. */
  sent: boolean;
  status: DigestSend['status'];
  /** Why nothing was sent, when nothing was. */
  reason?: string;
  record?: DigestSend;
}

export interface SendResult {
  week: DigestWeek;
  sent: boolean;
  reason?: string;
  destinations: DestinationResult[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the week's digest to every destination that has not had it. Each
 * destination is claimed first (one conditional write), so concurrent triggers
 * and retries send nothing twice; then the message goes out, tried up to three
 * times with growing waits; then the record says how it ended. A failure that
 * may pass waits for the schedule's next try (5 minutes, then longer); one that
 * cannot, or the sixth, waits for a person on `/digest`.
 */
export async function sendDigest(store: Store, settings: DigestSettings, options: { now: Date; dashboardUrl: string; byHand: boolean }): Promise<SendResult> {
  const week = digestWeekAt(options.now, settings.schedule);
  const destinations = destinationsOf(settings);
  if (destinations.length === 0) return { week, sent: false, reason: 'no destination is set (DIGEST_SLACK_WEBHOOK_URL, DIGEST_EMAIL_TO)', destinations: [] };
  let composed: Promise<Digest> | undefined;
  const digest = () => (composed ??= composeDigest(store, week, options.dashboardUrl));
  const results = await Promise.all(destinations.map((destination) => sendTo(store, settings, destination, week, digest, options)));
  const sent = results.some((r) => r.sent);
  return { week, sent, ...(sent ? {} : { reason: overallReason(results) }), destinations: results };
}

function overallReason(results: DestinationResult[]): string {
  const reasons = [...new Set(results.map((r) => r.reason ?? r.status))];
  return reasons.length === 1 ? reasons[0]! : results.map((r) => `${r.destination}: ${r.reason ?? r.status}`).join('; ');
}

async function sendTo(
  store: Store,
  settings: DigestSettings,
  destination: Destination,
  week: DigestWeek,
  digest: () => Promise<Digest>,
  options: { now: Date; byHand: boolean },
): Promise<DestinationResult> {
  const key = { week: week.from, destination };
  const claimed = await claimDigest(store, key, options.now, { byHand: options.byHand, staleBefore: new Date(options.now.getTime() - CLAIM_LEASE_MS) });
  if (!claimed.claimed) return { destination, sent: false, status: claimed.record.status, reason: whyNot(claimed.record), record: claimed.record };
  const finish = async (outcome: Parameters<typeof finishDigest>[3]) => {
    await finishDigest(store, key, claimed.claim, outcome, options.now);
    return outcome;
  };
  let message: Digest;
  try {
    message = await digest();
  } catch (error) {
    await finish({ status: 'failed', error: `the digest could not be put together: ${(error as Error).message}`, nextTryAt: nextTry(options.now, claimed.attempts, true) });
    throw error;
  }
  if (isEmptyDigest(message)) {
    await finish({ status: 'empty', detail: 'nothing to say: no write-ups, reads, reviews, links or answers in the week, and none a year old' });
    return { destination, sent: false, status: 'empty', reason: 'empty week' };
  }
  const waits = settings.retryWaitsMs ?? [1_000, 4_000];
  for (let attempt = 0; ; attempt++) {
    try {
      const detail = await deliver(settings, destination, message);
      await finish({ status: 'sent', detail });
      return { destination, sent: true, status: 'sent' };
    } catch (caught) {
      // Anything else on the way (the webhook's URL not readable from SSM, say) is a failure that may pass.
      const error = caught instanceof DeliveryFailed ? caught : new DeliveryFailed(`it could not be sent: ${(caught as Error).message}`, true);
      if (error.retryable && attempt < waits.length) {
        await sleep(waits[attempt]!);
        continue;
      }
      const tries = attempt + 1;
      const nextTryAt = nextTry(options.now, claimed.attempts, error.retryable);
      await finish({ status: 'failed', error: `${error.message} (${plural(tries, 'try', 'tries')})`, nextTryAt });
      return { destination, sent: false, status: 'failed', reason: `${error.message}${nextTryAt ? `; tried again after ${nextTryAt}` : '; not tried again until sent by hand'}` };
    }
  }
}

/** When the schedule may try again, or never (a refusal that would repeat, or the last of the tries). */
function nextTry(now: Date, attempts: number, retryable: boolean): string | undefined {
  return retryable && attempts < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(attempts)).toISOString() : undefined;
}

function whyNot(record: DigestSend): string {
  if (record.status === 'sent') return 'already sent';
  if (record.status === 'empty') return 'empty week';
  if (record.status === 'sending') return 'being sent';
  return record.nextTryAt ? `failed; tried again after ${record.nextTryAt}` : 'failed; send it by hand';
}

async function deliver(settings: DigestSettings, destination: Destination, digest: Digest): Promise<string | undefined> {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  if (destination === 'slack') {
    await postToSlack(await settings.slackWebhookUrl!(), digestSlack(digest), timeoutMs);
    return undefined;
  }
  const email = settings.email!;
  return sendMail(await mailTransport(email.via, timeoutMs), { from: email.from, to: email.to, subject: subject(digest), text: digestText(digest), html: digestHtml(digest) });
}

/** What `/digest` shows: a week's message, what happened to it at each destination, and where a send by hand would still go. */
export async function digestPreview(store: Store, settings: DigestSettings | undefined, options: { now: Date; dashboardUrl: string; week: DayRange | DigestWeek }) {
  const { week } = options;
  const [digest, records] = await Promise.all([composeDigest(store, week, options.dashboardUrl), listDigestSends(store, week.from)]);
  const destinations = destinationsOf(settings);
  const open = destinations.filter((d) => stillToSend(records.find((r) => r.destination === d), options.now));
  return { week, digest, empty: isEmptyDigest(digest), records, destinations, open };
}

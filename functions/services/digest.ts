import type { Store } from '../data/client';
import type { AppDeps, DigestSettings } from '../shared/deps';
import { claimDigest, finishDigest, listDigestSends, type DigestSend } from '../data/digests';
import {
  CLAIM_LEASE_MS,
  deliveryFailure,
  DESTINATIONS,
  digestWeekAt,
  isEmptyDigest,
  nextTryAt,
  overallReason,
  stillToSend,
  whyNotSent,
  type Destination,
  type Digest,
  type DigestWeek,
} from '../domain/digest';
import type { DayRange } from '../domain/report-range';
import { composeDigest } from './digest-compose';
import { DeliveryFailed, deliver } from './digest-delivery';

// Sending the week's digest: claim each destination, deliver, record how it
// ended. What it says is put together in `digest-compose`, how it travels in
// `digest-delivery`.

// Declared beside the other settings the apps are given (shared/deps.ts).
export type { DigestSettings };

export const destinationsOf = (settings: DigestSettings | undefined): Destination[] =>
  DESTINATIONS.filter((d) => (d === 'slack' ? settings?.slackWebhookUrl : settings?.email));

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

/** The places write-ups live that count their own reads (the long tail counts those too). */
type DigestPlaces = Pick<AppDeps, 'confluence' | 'google' | 'microsoft'>;

/**
 * Sends the week's digest to every destination that has not had it. Each
 * destination is claimed first (one conditional write), so concurrent triggers
 * and retries send nothing twice; then the message goes out, tried up to three
 * times with growing waits; then the record says how it ended. A failure that
 * may pass waits for the schedule's next try (5 minutes, then longer); one that
 * cannot, or the sixth, waits for a person on `/digest`.
 */
export async function sendDigest(
  store: Store,
  settings: DigestSettings,
  options: { now: Date; dashboardUrl: string; byHand: boolean; places?: DigestPlaces },
): Promise<SendResult> {
  const week = digestWeekAt(options.now, settings.schedule);
  const destinations = destinationsOf(settings);
  if (destinations.length === 0) return { week, sent: false, reason: 'no destination is set (DIGEST_SLACK_WEBHOOK_URL, DIGEST_EMAIL_TO)', destinations: [] };
  // Composed once, by the first destination claimed, and only if one is.
  let composed: Promise<Digest> | undefined;
  const digest = () => (composed ??= composeDigest(store, week, options.dashboardUrl, options.places));
  const results = await Promise.all(destinations.map((destination) => sendTo(store, settings, destination, week, digest, options)));
  const sent = results.some((r) => r.sent);
  return { week, sent, ...(sent ? {} : { reason: overallReason(results) }), destinations: results };
}

/** Claim, deliver, record: one destination's part of a run. */
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
  if (!claimed.claimed) return { destination, sent: false, status: claimed.record.status, reason: whyNotSent(claimed.record), record: claimed.record };
  const record = (outcome: Parameters<typeof finishDigest>[3]) => finishDigest(store, key, claimed.claim, outcome, options.now);
  let message: Digest;
  try {
    message = await digest();
  } catch (error) {
    await record({
      status: 'failed',
      error: `the digest could not be put together: ${(error as Error).message}`,
      nextTryAt: nextTryAt(options.now, claimed.attempts, true),
    });
    throw error;
  }
  if (isEmptyDigest(message)) {
    await record({ status: 'empty', detail: 'nothing to say: no write-ups, reads, reviews, links or answers in the week, and none a year old' });
    return { destination, sent: false, status: 'empty', reason: 'empty week' };
  }
  const waits = settings.retryWaitsMs ?? [1_000, 4_000];
  for (let attempt = 0; ; attempt++) {
    try {
      const detail = await deliver(settings, destination, message);
      await record({ status: 'sent', detail });
      return { destination, sent: true, status: 'sent' };
    } catch (caught) {
      // Anything else on the way (the webhook's URL not readable from SSM, say) is a failure that may pass.
      const error = caught instanceof DeliveryFailed ? caught : new DeliveryFailed(`it could not be sent: ${(caught as Error).message}`, true);
      if (error.retryable && attempt < waits.length) {
        await sleep(waits[attempt]!);
        continue;
      }
      const nextTry = nextTryAt(options.now, claimed.attempts, error.retryable);
      const failure = deliveryFailure(error.message, attempt + 1, nextTry);
      await record({ status: 'failed', error: failure.error, nextTryAt: nextTry });
      return { destination, sent: false, status: 'failed', reason: failure.reason };
    }
  }
}

/** What `/digest` shows: a week's message, what happened to it at each destination, and where a send by hand would still go. */
export async function digestPreview(
  store: Store,
  settings: DigestSettings | undefined,
  options: { now: Date; dashboardUrl: string; week: DayRange | DigestWeek; places?: DigestPlaces },
) {
  const { week } = options;
  const [digest, records] = await Promise.all([composeDigest(store, week, options.dashboardUrl, options.places), listDigestSends(store, week.from)]);
  const destinations = destinationsOf(settings);
  const open = destinations.filter((d) =>
    stillToSend(
      records.find((r) => r.destination === d),
      options.now,
    ),
  );
  return { week, digest, empty: isEmptyDigest(digest), records, destinations, open };
}

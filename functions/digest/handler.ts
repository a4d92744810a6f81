import { sendDigest, type SendResult } from '../services/digest';
import { sendFollowUps } from '../services/review-mail';
import { appDeps } from '../app-deps';
import { logger } from '../shared/logger';
import { readSecureString } from '../shared/secrets';

// The webhook's address comes from SSM.
const deps = appDeps({ readParameter: readSecureString });

/**
 * Started by EventBridge Scheduler: at the digest's time each week, and each
 * hour after for failed sends whose next try is due. Sends what has not gone.
 */
export async function handler(): Promise<SendResult> {
  // Reviews' survey links and reminders go on the same hourly schedule, by the same mail.
  for (const d of await sendFollowUps(deps.store, deps.reviewMail, deps.publicUrl ?? '', new Date()))
    logger.info('review mail', { review: d.reviewId, kind: d.kind, sent: d.sent.length, failed: d.failed.length });
  const result = await sendDigest(deps.store, deps.digest, { now: new Date(), dashboardUrl: deps.publicUrl ?? '', byHand: false, places: deps });
  for (const d of result.destinations)
    logger.info('digest', { week: result.week.from, destination: d.destination, sent: d.sent, status: d.status, reason: d.reason });
  // Recorded already (and shown on /digest); the function's error raises the alarm.
  const failed = result.destinations.filter((d) => d.status === 'failed' && !d.record);
  if (failed.length) throw new Error(`Digest of ${result.week.from} not sent: ${failed.map((d) => `${d.destination}: ${d.reason}`).join('; ')}`);
  return result;
}

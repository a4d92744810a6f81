import { createStore } from '../data/client';
import { sendDigest, type SendResult } from '../services/digest';
import { configFromEnv } from '../shared/config';
import { digestSettingsOf } from '../shared/deps';
import { logger } from '../shared/logger';
import { ssmDigestSlackWebhook } from '../shared/secrets';

const config = configFromEnv();
const store = createStore({ table: config.tableName, endpoint: config.dynamodbEndpoint });
const settings = digestSettingsOf(config.digest, ssmDigestSlackWebhook);

/**
 * Started by EventBridge Scheduler: at the digest's time each week, and each
 * hour after for failed sends whose next try is due. Sends what has not gone.
 */
export async function handler(): Promise<SendResult> {
  const result = await sendDigest(store, settings, { now: new Date(), dashboardUrl: config.publicUrl ?? '', byHand: false });
  for (const d of result.destinations) logger.info('digest', { week: result.week.from, destination: d.destination, sent: d.sent, status: d.status, reason: d.reason });
  // Recorded already (and shown on /digest); the function's error raises the alarm.
  const failed = result.destinations.filter((d) => d.status === 'failed' && !d.record);
  if (failed.length) throw new Error(`Digest of ${result.week.from} not sent: ${failed.map((d) => `${d.destination}: ${d.reason}`).join('; ')}`);
  return result;
}

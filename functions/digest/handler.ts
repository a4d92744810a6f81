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
  for (const d of result.destinations) {
    if (d.status === 'failed') logger.error('digest not sent', { week: result.week.from, destination: d.destination, reason: d.reason });
    else logger.info('digest', { week: result.week.from, destination: d.destination, sent: d.sent, status: d.status, reason: d.reason });
  }
  return result;
}

import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamRecord } from '../data/stream';
import { countRecords } from '../services/counts';
import { appDeps } from '../app-deps';
import { linkSettingsOf } from '../shared/deps';
import { logger } from '../shared/logger';

const deps = appDeps();

/**
 * The event source mapping runs with a tumbling window, which is what puts the
 * shard's id in the event: the checkpoint is kept per shard. Records before a
 * failure stay counted; the first uncounted one is reported, so Lambda retries
 * from there (or splits the batch, and in the end hands it to the dead-letter queue).
 */
type CountEvent = DynamoDBStreamEvent & { shardId?: string; state?: Record<string, string>; isFinalInvokeForWindow?: boolean };

export const handler = async (event: CountEvent): Promise<DynamoDBBatchResponse & { state: Record<string, string> }> => {
  if (!event.shardId) throw new Error('the event has no shardId: the event source mapping needs its tumbling window');
  const result = await countRecords(deps.store, event.shardId, event.Records as StreamRecord[], { links: linkSettingsOf(deps) });
  if (result.failedAt) logger.error('counting stopped', { shardId: event.shardId, failedAt: result.failedAt, error: result.error as Error });
  return { state: {}, batchItemFailures: result.failedAt ? [{ itemIdentifier: result.failedAt }] : [] };
};

import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type Shard } from '@aws-sdk/client-dynamodb-streams';
import type { Store } from '../functions/data/client';
import type { StreamRecord } from '../functions/data/stream';
import { countRecords, resumeAfter, type CountOptions, type CountResult } from '../functions/services/counts';

export interface PollerOptions {
  store: Store;
  endpoint: string;
  /** The store's region (AWS_REGION); us-east-1 unless given. */
  region?: string;
  streamArn: string;
  count: CountOptions;
  /** Records per delivery, as the event source mapping's batch size. */
  batchSize?: number;
  /**
   * How long to keep reading to fill a batch, as its batching window: 0 (the
   * default) delivers what one read returns, at once.
   */
  batchWindowMs?: number;
  /**
   * How long an idle shard waits before it is asked again. `settle()` asks at
   * once whatever this is, so tests can poll rarely and still settle quickly.
   */
  idleMs?: number;
  /** Attempts at a failing delivery before it is split in two, as with "bisect on error". */
  maxAttempts?: number;
  /** The consumer; the counting service unless a test puts something around it. */
  consume?: (shardId: string, records: StreamRecord[]) => Promise<CountResult>;
  /** Records that failed every attempt, even alone (the dead-letter queue's part in AWS). */
  onDeadLetter?: (shardId: string, records: StreamRecord[], error: unknown) => void;
  log?: (message: string) => void;
}

export interface StreamPoller {
  /** Resolves once every record written before the call has been counted. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Reads DynamoDB Local's stream the way Lambda's event source mapping reads
 * DynamoDB Streams, and hands each shard's records, in order, to the same
 * consumer the Lambda function runs: a parent shard before its children, a
 * failed delivery retried from its first uncounted record, split in two after
 * `maxAttempts`, and a record that fails alone set aside as a dead letter. It
 * starts each shard after its checkpoint, so a restart recounts nothing.
 */
export function startStreamPoller(options: PollerOptions): StreamPoller {
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
  const batchSize = options.batchSize ?? 1_000;
  const batchWindowMs = options.batchWindowMs ?? 0;
  const idleMs = options.idleMs ?? 200;
  const maxAttempts = options.maxAttempts ?? 4;
  const consume = options.consume ?? ((shardId, records) => countRecords(options.store, shardId, records, options.count));
  const iterators = new Map<string, string | null>();
  const finished = new Set<string>();
  let shards: Shard[] = [];
  let stopped = false;
  let cycle = 0;
  let lastRefresh = 0;
  let refreshAsked = false;
  const waiters: Array<{ after: number; resolve: () => void }> = [];
  // settle() and stop() need not wait out idleMs: they end the idle wait, or,
  // asked during a cycle, skip the one after it.
  let hurry = false;
  let endRest: (() => void) | undefined;
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      if (hurry) {
        hurry = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        endRest = undefined;
        hurry = false;
        resolve();
      }
      endRest = done;
    });
  const hurryUp = () => {
    hurry = true;
    endRest?.();
  };

  const refreshShards = async () => {
    const found: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: options.streamArn, ExclusiveStartShardId: start }));
      found.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    shards = found;
  };

  const iteratorFor = async (shardId: string): Promise<string | undefined> => {
    const seq = await resumeAfter(options.store, shardId);
    const ask = (type: 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON') =>
      client.send(
        new GetShardIteratorCommand({
          StreamArn: options.streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          ...(type === 'AFTER_SEQUENCE_NUMBER' ? { SequenceNumber: seq } : {}),
        }),
      );
    try {
      return (await ask(seq ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON')).ShardIterator;
    } catch {
      // The checkpoint's record has left the stream's 24 hours: read what remains.
      return (await ask('TRIM_HORIZON')).ShardIterator;
    }
  };

  /** Delivers records until they are counted, splitting a batch that keeps failing. */
  const deliver = async (shardId: string, records: StreamRecord[]): Promise<void> => {
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await consume(shardId, pending).catch(
        (error: unknown): CountResult => ({ counted: 0, skipped: 0, failedAt: pending[0]!.dynamodb?.SequenceNumber, error }),
      );
      if (!result.failedAt) return;
      const from = pending.findIndex((record) => record.dynamodb?.SequenceNumber === result.failedAt);
      pending = pending.slice(Math.max(0, from));
      if (attempt < maxAttempts) {
        await sleep(Math.min(2_000, 100 * 2 ** attempt));
        continue;
      }
      if (pending.length === 1) {
        options.log?.(`counting: a record failed ${maxAttempts} times and is set aside: ${(result.error as Error)?.message ?? result.error}`);
        options.onDeadLetter?.(shardId, pending, result.error);
        return;
      }
      const half = Math.ceil(pending.length / 2);
      await deliver(shardId, pending.slice(0, half));
      await deliver(shardId, pending.slice(half));
      return;
    }
  };

  /** One read of one shard; true when it held records. */
  const pollShard = async (shard: Shard): Promise<boolean> => {
    const shardId = shard.ShardId!;
    if (finished.has(shardId)) return false;
    if (shard.ParentShardId && shards.some((s) => s.ShardId === shard.ParentShardId) && !finished.has(shard.ParentShardId)) return false;
    if (!iterators.has(shardId)) iterators.set(shardId, (await iteratorFor(shardId)) ?? null);
    let iterator = iterators.get(shardId) ?? null;
    if (!iterator) {
      finished.add(shardId);
      return false;
    }
    // One read, or as many as fill a batch within the window.
    const batch: StreamRecord[] = [];
    const windowEnds = Date.now() + batchWindowMs;
    do {
      const page: { Records?: unknown[]; NextShardIterator?: string } = await client.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(1_000, batchSize - batch.length) }),
      );
      const Records = page.Records ?? [];
      batch.push(...(Records as StreamRecord[]));
      iterator = page.NextShardIterator ?? null;
      if (Records.length === 0 && batch.length > 0) break;
      if (Records.length === 0) await sleep(Math.min(idleMs, Math.max(0, windowEnds - Date.now())));
    } while (iterator && batch.length < batchSize && Date.now() < windowEnds);
    if (batch.length > 0) await deliver(shardId, batch);
    iterators.set(shardId, iterator);
    if (!iterator) finished.add(shardId);
    return batch.length > 0;
  };

  const loop = (async () => {
    while (!stopped) {
      const started = ++cycle;
      let busy = false;
      try {
        if (refreshAsked || Date.now() - lastRefresh > 2_000 || shards.length === 0) {
          refreshAsked = false;
          await refreshShards();
          lastRefresh = Date.now();
        }
        for (const shard of shards) busy = (await pollShard(shard)) || busy;
      } catch (error) {
        // The store is down or restarting: keep the place, try again shortly.
        options.log?.(`counting: the stream did not answer (${(error as Error).name}); trying again`);
        iterators.clear();
        busy = true;
        await sleep(1_000);
      }
      if (!busy) {
        for (const waiter of waiters.splice(0)) {
          if (waiter.after < started) waiter.resolve();
          else waiters.push(waiter);
        }
        await rest(idleMs);
      }
    }
  })();

  return {
    settle: () =>
      new Promise<void>((resolve) => {
        waiters.push({ after: cycle, resolve });
        // Look for new shards too: records written since the last look may be in one.
        refreshAsked = true;
        hurryUp();
      }),
    async stop() {
      stopped = true;
      hurryUp();
      await loop;
      for (const waiter of waiters.splice(0)) waiter.resolve();
      client.destroy();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());

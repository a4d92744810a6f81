import type { Store } from '../data/client';
import { getReview } from '../data/reviews';
import { applyRollups, MAX_ROLLUPS_PER_TRANSACTION, readCheckpoint } from '../data/rollups';
import { factChange, sortableSeq, type StreamRecord } from '../data/stream';
import { incrementsOf, mergeIncrements, rollupKey, type Increment } from '../domain/counts';
import type { LinkKind } from '../domain/links';
import { classifyPlace, type LinkSettings } from './links';

export interface CountOptions {
  links: LinkSettings;
  now?: () => Date;
  /** Fewer rollups per transaction than DynamoDB allows: for tests that need many chunks. */
  maxRollups?: number;
  /** Called after each chunk is stored: for tests that stop the consumer part-way. */
  afterChunk?: (chunk: { through: string; records: number }) => void | Promise<void>;
}

export interface CountResult {
  /** Records whose increments are stored now. */
  counted: number;
  /** Records already counted before (a batch delivered again). */
  skipped: number;
  /** The first record not counted, when a chunk failed: where the next attempt starts. */
  failedAt?: string;
  error?: unknown;
}

/**
 * The stream consumer: turns a shard's records of stored facts into every
 * rollup (write-up days, organization days, write-up months, link views,
 * attendance and response counts). Records are taken in order, in chunks
 * whose increments are merged per rollup item and stored in one transaction
 * with the shard's checkpoint, so a batch delivered again, retried from a
 * failure or split in two counts nothing twice.
 */
export async function countRecords(store: Store, shardId: string, records: StreamRecord[], options: CountOptions): Promise<CountResult> {
  const now = options.now ?? (() => new Date());
  const limit = options.maxRollups ?? MAX_ROLLUPS_PER_TRANSACTION;
  const lookups = lookupsFor(store, options.links);
  const result: CountResult = { counted: 0, skipped: 0 };
  let position = (await readCheckpoint(store, shardId))?.seq;
  let queue = records.filter((record) => record.dynamodb?.SequenceNumber);
  while (queue.length > 0) {
    const fresh = queue.filter((record) => position === undefined || sortableSeq(record.dynamodb!.SequenceNumber!) > position);
    result.skipped += queue.length - fresh.length;
    queue = fresh;
    if (queue.length === 0) break;
    let chunk: { increments: Increment[]; keys: Set<string>; records: StreamRecord[] };
    try {
      chunk = await nextChunk(store, queue, limit, lookups);
    } catch (error) {
      return { ...result, failedAt: queue[0]!.dynamodb!.SequenceNumber, error };
    }
    queue = queue.slice(chunk.records.length);
    // Records that count nothing (rollups, markers) move no checkpoint: writing
    // one would itself be a record to read, for ever.
    if (chunk.increments.length === 0) continue;
    const last = chunk.records.at(-1)!.dynamodb!.SequenceNumber!;
    const through = { seq: sortableSeq(last), sequenceNumber: last };
    try {
      const outcome = await applyRollups(
        store,
        { shardId, after: position, through, increments: [...mergeIncrements(chunk.increments).values()], linkKinds: await lookups.linkKinds(chunk.increments) },
        now(),
      );
      if (outcome === 'stale') {
        // Another delivery counted part of this: start again from where it stands.
        position = (await readCheckpoint(store, shardId))?.seq;
        queue = [...chunk.records, ...queue];
        continue;
      }
      position = through.seq;
      result.counted += chunk.records.length;
      await options.afterChunk?.({ through: last, records: chunk.records.length });
    } catch (error) {
      return { ...result, failedAt: chunk.records[0]!.dynamodb!.SequenceNumber, error };
    }
  }
  return result;
}

/** As many records from the front as fit one transaction. */
async function nextChunk(store: Store, queue: StreamRecord[], limit: number, lookups: ReturnType<typeof lookupsFor>) {
  const chunk = { increments: [] as Increment[], keys: new Set<string>(), records: [] as StreamRecord[] };
  for (const record of queue) {
    const increments = await incrementsOfRecord(store, record, lookups);
    const keys = new Set([...chunk.keys, ...increments.map(rollupKey)]);
    if (keys.size > limit && chunk.records.length > 0) break;
    chunk.keys = keys;
    chunk.increments.push(...increments);
    chunk.records.push(record);
  }
  return chunk;
}

async function incrementsOfRecord(store: Store, record: StreamRecord, lookups: ReturnType<typeof lookupsFor>): Promise<Increment[]> {
  const change = factChange(store, record);
  if (!change) return [];
  if (change.fact !== 'attendee') return incrementsOf(change);
  const reviewDay = await lookups.reviewDay(change.reviewId);
  return reviewDay ? incrementsOf({ fact: 'attendee', reviewDay, before: change.before, after: change.after }) : [];
}

/** What counting needs to know besides the records, asked once per batch. */
function lookupsFor(store: Store, settings: LinkSettings) {
  const reviewDays = new Map<string, Promise<string | undefined>>();
  const kinds = new Map<string, Promise<LinkKind>>();
  return {
    reviewDay(reviewId: string) {
      if (!reviewDays.has(reviewId)) reviewDays.set(reviewId, getReview(store, reviewId).then((review) => review?.startsAt.slice(0, 10)));
      return reviewDays.get(reviewId)!;
    },
    async linkKinds(increments: Increment[]) {
      const places = increments.filter((i): i is Extract<Increment, { rollup: 'linkViews' }> => i.rollup === 'linkViews');
      for (const { url, writeupId } of places) if (!kinds.has(url)) kinds.set(url, classifyPlace(store, url, settings, writeupId));
      return new Map(await Promise.all(places.map(async ({ url }) => [url, await kinds.get(url)!] as const)));
    },
  };
}

/** The sequence number a shard was counted through, as the stream wrote it: where reading resumes. */
export async function readCheckpointOf(store: Store, shardId: string): Promise<string | undefined> {
  return (await readCheckpoint(store, shardId))?.sequenceNumber;
}

import type { Store } from '../data/client';
import { claimNewPlace, knownPlaces } from '../data/links';
import { getReview } from '../data/reviews';
import { applyRollups, markCounted, MAX_ROLLUPS_PER_TRANSACTION, readCheckpoints, type Position } from '../data/rollups';
import { factChange, sortableSeq, type StoredAttendee, type StreamRecord } from '../data/stream';
import { incrementsOf, mergeIncrements, rollupKey, type Increment } from '../domain/counts';
import type { LinkKind } from '../domain/links';
import { classifyPlace, type LinkSettings } from './links';

/**
 * Rollup items are spread over a few lanes, each with its own checkpoint, so a
 * batch's increments go in a few transactions whatever order its records came
 * in, however many write-ups they touch.
 */
const LANES = 4;
const laneOf = (key: string) => {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return String(Math.abs(hash) % LANES);
};

export interface CountOptions {
  links: LinkSettings;
  now?: () => Date;
  /** Fewer rollups per transaction than DynamoDB allows: for tests that need many parts. */
  maxRollups?: number;
  /** Called after each part is stored: for tests that stop the consumer part-way. */
  afterPart?: (part: { lane: string; through: string; records: number }) => void | Promise<void>;
}

export interface CountResult {
  /** Records whose increments are all stored now. */
  counted: number;
  /** Records counted before (a batch delivered again). */
  skipped: number;
  /** The first record not wholly counted, when a part failed: where the next delivery starts. */
  failedAt?: string;
  error?: unknown;
}

interface Counted {
  record: StreamRecord;
  seq: string;
  increments: Increment[];
}

/**
 * The stream consumer: turns a shard's records of stored facts into every
 * rollup (write-up days, organization days, write-up months, link views,
 * attendance and response counts). A batch's increments are merged per rollup
 * item and stored, lane by lane, in one transaction with that lane's
 * checkpoint; each lane skips the records it has counted, so a batch delivered
 * again, retried from a failure or split in two counts nothing twice.
 */
export async function countRecords(store: Store, shardId: string, records: StreamRecord[], options: CountOptions): Promise<CountResult> {
  const now = options.now ?? (() => new Date());
  const limit = options.maxRollups ?? MAX_ROLLUPS_PER_TRANSACTION;
  const lookups = lookupsFor(store, options.links);
  const positions = await readCheckpoints(store, shardId);
  const whole = positions.get('all')?.seq;
  const at = (lane: string) =>
    [positions.get(lane)?.seq, whole]
      .filter((s): s is string => s !== undefined)
      .sort()
      .at(-1);
  const batch = records.filter((record) => record.dynamodb?.SequenceNumber).map((record) => ({ record, seq: sortableSeq(record.dynamodb!.SequenceNumber!) }));
  const fresh = batch.filter(({ seq }) => whole === undefined || seq > whole);
  if (fresh.length === 0) return { counted: 0, skipped: batch.length };

  let counted: Counted[];
  try {
    counted = [];
    for (const { record, seq } of fresh) counted.push({ record, seq, increments: await incrementsOfRecord(store, record, lookups) });
  } catch (error) {
    return { counted: 0, skipped: batch.length - fresh.length, failedAt: fresh[0]!.record.dynamodb!.SequenceNumber, error };
  }

  // Each lane, on its own: the records past its checkpoint, their increments for it.
  const lanes = new Map<string, Array<{ seq: string; record: StreamRecord; increments: Increment[]; keys: string[] }>>();
  for (const { record, seq, increments } of counted) {
    const byLane = new Map<string, { increments: Increment[]; keys: string[] }>();
    for (const increment of increments) {
      const key = rollupKey(increment);
      const lane = laneOf(key);
      const mine = byLane.get(lane) ?? { increments: [], keys: [] };
      byLane.set(lane, mine);
      mine.increments.push(increment);
      mine.keys.push(key);
    }
    for (const [lane, mine] of byLane) {
      const from = at(lane);
      if (from !== undefined && seq <= from) continue;
      const entries = lanes.get(lane) ?? [];
      lanes.set(lane, entries);
      entries.push({ seq, record, ...mine });
    }
  }

  let firstFailure: { seq: string; sequenceNumber: string; error: unknown } | undefined;
  for (const [lane, entries] of lanes) {
    // The lane's own checkpoint, as stored: the condition its next part is written under.
    let stored = positions.get(lane)?.seq;
    let rest = entries;
    while (rest.length > 0) {
      // As many of the lane's records as fit one transaction.
      const keys = new Set<string>();
      let take = 0;
      for (const entry of rest) {
        const added = entry.keys.filter((key) => !keys.has(key));
        if (keys.size + new Set(added).size > limit && take > 0) break;
        for (const key of added) keys.add(key);
        take++;
      }
      const part = rest.slice(0, take);
      const last = part.at(-1)!;
      const through: Position = { seq: last.seq, sequenceNumber: last.record.dynamodb!.SequenceNumber! };
      try {
        const increments = await lookups.placed([...mergeIncrements(part.flatMap((entry) => entry.increments)).values()], now());
        const outcome = await applyRollups(store, { shardId, lane, after: stored, through, increments, linkKinds: await lookups.linkKinds(increments) }, now());
        if (outcome === 'stale') {
          // Another delivery counted some of this lane: go on from where it stands.
          const now = await readCheckpoints(store, shardId);
          stored = now.get(lane)?.seq;
          const from = [stored, now.get('all')?.seq]
            .filter((seq): seq is string => seq !== undefined)
            .sort()
            .at(-1);
          rest = rest.filter((entry) => from === undefined || entry.seq > from);
          continue;
        }
        stored = through.seq;
        rest = rest.slice(take);
        await options.afterPart?.({ lane, through: through.sequenceNumber, records: part.length });
      } catch (error) {
        const first = part[0]!;
        if (!firstFailure || first.seq < firstFailure.seq) firstFailure = { seq: first.seq, sequenceNumber: first.record.dynamodb!.SequenceNumber!, error };
        break;
      }
    }
  }
  if (firstFailure) {
    return {
      counted: fresh.filter(({ seq }) => seq < firstFailure!.seq).length,
      skipped: batch.length - fresh.length,
      failedAt: firstFailure.sequenceNumber,
      error: firstFailure.error,
    };
  }
  // Every lane has counted the whole batch: reading may resume after it.
  const last = fresh.at(-1)!;
  if (lanes.size > 0) await markCounted(store, shardId, { seq: last.seq, sequenceNumber: last.record.dynamodb!.SequenceNumber! }, now());
  return { counted: fresh.length, skipped: batch.length - fresh.length };
}

async function incrementsOfRecord(store: Store, record: StreamRecord, lookups: ReturnType<typeof lookupsFor>): Promise<Increment[]> {
  const change = factChange(store, record);
  if (!change) return [];
  if (change.fact !== 'attendee') return incrementsOf(change);
  const { before, after, reviewId } = change;
  // A record from before days were stored was counted on its review's day; given its day, it stays there.
  const dayOf = async (side: StoredAttendee, stamped?: string) => (side.uncounted ? undefined : (side.day ?? stamped ?? (await lookups.reviewDay(reviewId))));
  return incrementsOf({
    fact: 'attendee',
    before: before && { attendee: before.attendee, day: await dayOf(before, after?.day) },
    after: after && { attendee: after.attendee, day: await dayOf(after) },
  });
}

/** What counting needs to know besides the records, asked once per batch. */
function lookupsFor(store: Store, settings: LinkSettings) {
  const reviewDays = new Map<string, Promise<string | undefined>>();
  const kinds = new Map<string, Promise<LinkKind>>();
  return {
    reviewDay(reviewId: string) {
      if (!reviewDays.has(reviewId))
        reviewDays.set(
          reviewId,
          getReview(store, reviewId).then((review) => review?.startsAt.slice(0, 10)),
        );
      return reviewDays.get(reviewId)!;
    },
    /**
     * Referred reads from places not known yet take one of the day's new places;
     * past the limit they go to the overflow place (merged there).
     */
    async placed(increments: Increment[], at: Date): Promise<Increment[]> {
      const referred = increments.filter((i): i is Extract<Increment, { rollup: 'linkViews' }> => i.rollup === 'linkViews' && !i.overflow);
      if (referred.length === 0) return increments;
      const byWriteup = new Map<string, string[]>();
      for (const { writeupId, url } of referred) byWriteup.set(writeupId, [...(byWriteup.get(writeupId) ?? []), url]);
      const overflowing = new Set<string>();
      for (const [writeupId, urls] of byWriteup) {
        const known = await knownPlaces(store, writeupId, urls);
        for (const increment of referred.filter((i) => i.writeupId === writeupId && !known.has(i.url))) {
          if (!(await claimNewPlace(store, writeupId, increment.day, at))) overflowing.add(rollupKey(increment));
        }
      }
      if (overflowing.size === 0) return increments;
      const moved = increments.map((i) => (overflowing.has(rollupKey(i)) ? { ...i, overflow: true } : i));
      return [...mergeIncrements(moved).values()];
    },
    async linkKinds(increments: Increment[]) {
      const places = increments.filter((i): i is Extract<Increment, { rollup: 'linkViews' }> => i.rollup === 'linkViews' && !i.overflow);
      for (const { url, writeupId } of places) if (!kinds.has(url)) kinds.set(url, classifyPlace(store, url, settings, writeupId));
      return new Map(await Promise.all(places.map(async ({ url }) => [url, await kinds.get(url)!] as const)));
    },
  };
}

/** Where reading a shard resumes: after the last batch counted in every lane, as the stream wrote it. */
export async function resumeAfter(store: Store, shardId: string): Promise<string | undefined> {
  return (await readCheckpoints(store, shardId)).get('all')?.sequenceNumber;
}

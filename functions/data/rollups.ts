import { $add, $get, isConditionCheckFailed, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute, isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Counts, Increment } from '../domain/counts';
import { linkId, overflowLinkId, type LinkKind } from '../domain/links';
import type { OrgPeriod } from '../domain/org-report';
import type { Store } from './client';
import { itemsOf } from './lists';
import { conditions, keys } from './model';

/** Rollups a transaction writes, with its lane's checkpoint: half what DynamoDB allows (100 actions), so one stays well inside the store client's 3 s time-out (a full one took seconds on a busy DynamoDB Local). */
export const MAX_ROLLUPS_PER_TRANSACTION = 49;

export interface Position {
  /** Zero-padded, to compare as text. */
  seq: string;
  /** As the stream wrote it, to resume reading after it. */
  sequenceNumber: string;
}

/** Where the consumer stands in a shard: each lane's checkpoint, and the whole batch's (`all`). */
export async function readCheckpoints(store: Store, shardId: string): Promise<Map<string, Position>> {
  const query = { partition: keys.stream(shardId), range: { beginsWith: keys.checkpointPrefix } };
  const items = await itemsOf(store, store.model.checkpoint, query, { consistent: true });
  return new Map(items.map((item) => [item.lane, { seq: item.seq, sequenceNumber: item.sequenceNumber }]));
}

export interface RollupPart {
  shardId: string;
  lane: string;
  /** The lane's checkpoint this part follows (none at a lane's start). */
  after: string | undefined;
  /** The lane's checkpoint once it is counted: its last record. */
  through: Position;
  increments: Increment[];
  /** The kind of each place a referred read came from, by URL. */
  linkKinds: Map<string, LinkKind>;
}

/**
 * Adds a part's increments and moves its lane's checkpoint in one
 * transaction, under the condition that the checkpoint is still where the part
 * found it: a part delivered again, or by two consumers at once, counts once.
 * `stale` when the checkpoint had moved on.
 */
export async function applyRollups(store: Store, part: RollupPart, now: Date): Promise<'applied' | 'stale'> {
  const actions = rollupActions(store, part.increments, part.linkKinds);
  const moveCheckpoint = store.model.checkpoint
    .build(UpdateTransaction)
    .item({ shardId: part.shardId, lane: part.lane, ...part.through, updatedAt: now.toISOString() })
    .options({ condition: part.after === undefined ? conditions.absent('seq') : { attr: 'seq', eq: part.after } });
  return (await transact([...actions, moveCheckpoint])) === 'last-condition-failed' ? 'stale' : 'applied';
}

/** A whole batch is counted, in every lane: reading may resume after it. Never moves back. */
export async function markCounted(store: Store, shardId: string, through: Position, now: Date): Promise<void> {
  try {
    await store.model.checkpoint
      .build(UpdateItemCommand)
      .item({ shardId, lane: 'all', ...through, updatedAt: now.toISOString() })
      .options({ condition: { or: [conditions.absent('seq'), { attr: 'seq', lt: through.seq }] } })
      .send();
  } catch (error) {
    if (!isConditionCheckFailed(error)) throw error;
  }
}

/** Corrections a recount found, added as they are (no checkpoint: they answer to no record). */
export async function adjustRollups(store: Store, increments: Increment[]): Promise<void> {
  const actions = rollupActions(store, increments, new Map());
  for (let start = 0; start < actions.length; start += MAX_ROLLUPS_PER_TRANSACTION) await transact(actions.slice(start, start + MAX_ROLLUPS_PER_TRANSACTION));
}

/** One transaction, tried again when another writer holds one of its items. */
async function transact(actions: Parameters<typeof execute>): Promise<'done' | 'last-condition-failed'> {
  for (let attempt = 0; ; attempt++) {
    try {
      await execute(...actions);
      return 'done';
    } catch (error) {
      if (!isTransactionCancelled(error)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons.at(-1)?.Code === 'ConditionalCheckFailed') return 'last-condition-failed';
      // Another shard's consumer is adding to the same day: try again, a little later.
      if (reasons.some((r) => r.Code === 'TransactionConflict') && attempt < 10) {
        await new Promise((r) => setTimeout(r, 10 + Math.random() * 25 * 2 ** Math.min(attempt, 5)));
        continue;
      }
      throw error;
    }
  }
}

function rollupActions(store: Store, increments: Increment[], linkKinds: Map<string, LinkKind>) {
  const { dailyReads, orgPeriod, link } = store.model;
  const adds = (counts: Counts) =>
    Object.fromEntries(
      Object.entries(counts)
        .filter(([, n]) => n !== 0)
        .map(([name, n]) => [name, $add(n)]),
    );
  return increments.map((increment) => {
    switch (increment.rollup) {
      case 'dailyReads':
        return dailyReads.build(UpdateTransaction).item({ writeupId: increment.writeupId, date: increment.day, ...adds(increment.counts) });
      case 'orgDay':
        return orgPeriod.build(UpdateTransaction).item({ sk: keys.orgDay(increment.day), period: increment.day, ...adds(increment.counts) });
      case 'orgMonth':
        return orgPeriod.build(UpdateTransaction).item({
          sk: keys.orgMonth(increment.month, increment.writeupId),
          period: increment.month,
          writeupId: increment.writeupId,
          ...adds(increment.counts),
          ...(increment.lastRead ? { lastRead: increment.lastRead } : {}),
        });
      case 'linkViews': {
        const kind = increment.overflow ? 'other' : (linkKinds.get(increment.url) ?? 'other');
        return link.build(UpdateTransaction).item({
          writeupId: increment.writeupId,
          linkId: increment.overflow ? overflowLinkId('referrer') : linkId(increment.url, kind),
          url: $get('url', increment.overflow ? null : increment.url),
          kind: $get('kind', kind),
          via: $get('via', 'referrer'),
          ...(increment.overflow ? { overflow: true } : {}),
          firstSeen: $get('firstSeen', increment.at),
          lastSeen: increment.at,
          ...adds(increment.counts),
        });
      }
    }
  });
}

/**
 * The organization's days (`DAY`, `YYYY-MM-DD`) or write-up months (`MONTH`,
 * `YYYY-MM`), from and to inclusive.
 */
export async function listOrgPeriods(store: Store, kind: 'DAY' | 'MONTH', from: string, to: string): Promise<OrgPeriod[]> {
  // Counters only, a year of them at once: read as stored, without the
  // library's per-item formatting, which would cost more than the query.
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    // `~` sorts after every write-up id, so a month's write-ups all fall in.
    .query({ partition: keys.org, range: { between: [`${kind}#${from}`, `${kind}#${to}${kind === 'MONTH' ? '#~' : ''}`] } })
    .options({ maxPages: Infinity })
    .send();
  return Items.map(({ pk: _pk, sk: _sk, period, writeupId, ...rest }) => {
    const counts: Counts = {};
    for (const [name, value] of Object.entries(rest)) if (typeof value === 'number') counts[name] = value;
    return { period: String(period), ...(typeof writeupId === 'string' ? { writeupId } : {}), counts };
  });
}

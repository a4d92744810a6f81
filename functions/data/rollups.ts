import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { $add, $get } from 'dynamodb-toolbox/entity/actions/update';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { execute, isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Counts, Increment } from '../domain/counts';
import { linkId, type LinkKind } from '../domain/links';
import type { OrgPeriod } from '../domain/org-report';
import type { Store } from './client';
import { conditions } from './model';

/** A transaction holds at most 100 actions: the rollups of a chunk, and its checkpoint. */
export const MAX_ROLLUPS_PER_TRANSACTION = 99;

/** Where the consumer stands in a shard: the last record it counted (`seq` sortable, `sequenceNumber` as written). */
export async function readCheckpoint(store: Store, shardId: string): Promise<{ seq: string; sequenceNumber: string } | undefined> {
  const { Item } = await store.model.checkpoint.build(GetItemCommand).key({ shardId }).options({ consistent: true }).send();
  return Item && { seq: Item.seq, sequenceNumber: Item.sequenceNumber };
}

export interface RollupChunk {
  shardId: string;
  /** The checkpoint this chunk follows (none for a shard's first). */
  after: string | undefined;
  /** The checkpoint once it is counted: its last record's sequence number, sortable and as written. */
  through: { seq: string; sequenceNumber: string };
  increments: Increment[];
  /** The kind of each place a referred read came from, by URL. */
  linkKinds: Map<string, LinkKind>;
}

/**
 * Adds a chunk's increments and moves the shard's checkpoint in one
 * transaction, under the condition that the checkpoint is still where the
 * chunk found it: a chunk delivered again, or by two consumers at once, counts
 * once. `stale` when the checkpoint had moved on.
 */
export async function applyRollups(store: Store, chunk: RollupChunk, now: Date): Promise<'applied' | 'stale'> {
  const actions = rollupActions(store, chunk.increments, chunk.linkKinds);
  const moveCheckpoint = store.model.checkpoint
    .build(UpdateTransaction)
    .item({ shardId: chunk.shardId, ...chunk.through, updatedAt: now.toISOString() })
    .options({ condition: chunk.after === undefined ? conditions.absent('shardId') : { attr: 'seq', eq: chunk.after } });
  return (await transact([...actions, moveCheckpoint])) === 'last-condition-failed' ? 'stale' : 'applied';
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
  const adds = (counts: Counts) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0).map(([name, n]) => [name, $add(n)]));
  return increments.map((increment) => {
    switch (increment.rollup) {
      case 'dailyReads':
        return dailyReads.build(UpdateTransaction).item({ writeupId: increment.writeupId, date: increment.day, ...adds(increment.counts) });
      case 'orgDay':
        return orgPeriod.build(UpdateTransaction).item({ sk: `DAY#${increment.day}`, period: increment.day, ...adds(increment.counts) } as never);
      case 'orgMonth':
        return orgPeriod.build(UpdateTransaction).item({
          sk: `MONTH#${increment.month}#${increment.writeupId}`,
          period: increment.month,
          writeupId: increment.writeupId,
          ...adds(increment.counts),
          ...(increment.lastRead ? { lastRead: increment.lastRead } : {}),
        } as never);
      case 'linkViews': {
        const kind = linkKinds.get(increment.url) ?? 'other';
        return link.build(UpdateTransaction).item({
          writeupId: increment.writeupId,
          linkId: linkId(increment.url, kind),
          url: $get('url', increment.url),
          kind: $get('kind', kind),
          via: $get('via', 'referrer'),
          firstSeen: $get('firstSeen', increment.at),
          lastSeen: increment.at,
          ...adds(increment.counts),
        } as never);
      }
    }
  });
}

/**
 * The organization's days (`DAY`, `YYYY-MM-DD`) or write-up months (`MONTH`,
 * `YYYY-MM`), from and to inclusive.
 */
export async function listOrgPeriods(store: Store, kind: 'DAY' | 'MONTH', from: string, to: string): Promise<OrgPeriod[]> {
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    .entities(store.model.orgPeriod)
    // `~` sorts after every write-up id, so a month's write-ups all fall in.
    .query({ partition: 'ORG', range: { between: [`${kind}#${from}`, `${kind}#${to}${kind === 'MONTH' ? '#~' : ''}`] } })
    .options({ maxPages: Infinity, entityAttrFilter: false })
    .send();
  return Items.map(({ sk: _sk, period, writeupId, ...rest }) => {
    const counts: Counts = {};
    for (const [name, value] of Object.entries(rest)) if (typeof value === 'number') counts[name] = value;
    return { period, ...(writeupId ? { writeupId } : {}), counts };
  });
}

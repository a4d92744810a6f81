import { randomUUID } from 'node:crypto';
import type { Store } from '../functions/data/client';
import { applyRollups, MAX_ROLLUPS_PER_TRANSACTION } from '../functions/data/rollups';
import { mergeIncrements, type Increment } from '../functions/domain/counts';

/** Stores rollups directly, as the consumer would after counting facts: for report benchmarks over a year of data. */
export async function seedRollups(store: Store, increments: Increment[]): Promise<void> {
  const merged = [...mergeIncrements(increments).values()];
  for (let start = 0; start < merged.length; start += MAX_ROLLUPS_PER_TRANSACTION) {
    const shardId = `seed-${randomUUID()}`;
    await applyRollups(store, { shardId, after: undefined, through: { seq: '1', sequenceNumber: '1' }, increments: merged.slice(start, start + MAX_ROLLUPS_PER_TRANSACTION), linkKinds: new Map() }, new Date());
  }
}

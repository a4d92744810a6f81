import type { Store } from '../functions/data/client';
import { adjustRollups, MAX_ROLLUPS_PER_TRANSACTION } from '../functions/data/rollups';
import { mergeIncrements, type Increment } from '../functions/domain/counts';

/**
 * Stores rollups directly, as the consumer would after counting facts: for
 * report benchmarks over a year of data, one transaction after another.
 */
export async function seedRollups(store: Store, increments: Increment[]): Promise<void> {
  const merged = [...mergeIncrements(increments).values()];
  const parts: Increment[][] = [];
  for (let start = 0; start < merged.length; start += MAX_ROLLUPS_PER_TRANSACTION) parts.push(merged.slice(start, start + MAX_ROLLUPS_PER_TRANSACTION));
  for (const part of parts) await adjustRollups(store, part);
}
